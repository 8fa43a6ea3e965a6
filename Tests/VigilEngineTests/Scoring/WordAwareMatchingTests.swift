// Matching that reads the text around a hit: Chinese keywords that cut through a word of
// the text are not hits (环保|本子, 面包|过期), separator skipping stops at sentence
// punctuation (去，死), and detectors follow the label in front of a number (身份证,
// 统一社会信用代码, 卡号) and take a payment card only as a whole token.
import Testing
@testable import VigilEngine

@Suite struct WordAwareMatchingTests {
    static let engine = TestRules.engine("""
        pack: w
        defaults: {category: abuse, severity: high}
        rules:
          - id: kw
            keywords: [保本, 包过, 去死, 傻逼, 脑残, 死神]
          - id: id
            category: pii
            detector: cn-resident-id
          - id: uscc
            category: pii
            detector: cn-uscc
          - id: bank
            category: pii
            detector: bank-card
          - id: credit
            category: pii
            detector: credit-card
        """)!

    static func hits(_ text: String) -> [String] {
        engine.verdict(text).hits.map { "\($0.rule) \($0.match)@\($0.start)" }
    }

    @Test(arguments: [
        ("这个环保本子很好用", [String]()),
        ("面包过期了记得扔掉", []),
        ("保本保息", ["w/kw 保本@0"]),
        ("考试包过", ["w/kw 包过@2"]),
        ("你个傻逼", ["w/kw 傻逼@2"]),
        ("脑残粉别洗了", ["w/kw 脑残@0"]),
        ("你个傻 * 逼", ["w/kw 傻 * 逼@2"]),
    ])
    func chineseKeywordsKeepToWords(_ text: String, _ expected: [String]) {
        #expect(Self.hits(text) == expected)
    }

    @Test func separatorsNeverJoinAcrossSentencePunctuation() {
        #expect(Self.hits("一个个死去，死神来了") == ["w/kw 死神@6"])
        #expect(Self.hits("去。死") == [])
        #expect(Self.hits("去…死") == [])
        #expect(Self.hits("去！死") == [])
        #expect(Self.hits("去\n死") == [])
        #expect(Self.hits("去 * 死") == ["w/kw 去 * 死@0"])
    }

    @Test func wordSegmentationDecidesOnTheWindow() {
        let words = ChineseWords.shared
        func cuts(_ text: String, _ start: Int, _ end: Int) -> Bool {
            let units = text.unicodeScalars.map { UInt16($0.value) }
            return units.withUnsafeBufferPointer { words.cutsHit($0, hitStart: start, hitEnd: end) }
        }
        #expect(cuts("环保本子", 1, 3))
        #expect(cuts("面包过期", 1, 3))
        #expect(!cuts("保本保息", 0, 2))
        #expect(!cuts("脑残粉", 0, 2))
    }

    @Test func labelsDecideWhichDetectorANumberBelongsTo() {
        // 17 of these digits pass Luhn, but the check character is wrong for an ID.
        #expect(Self.hits("身份证：51010719760519898X") == [])
        #expect(Self.hits("统一社会信用代码：52440305500956885U") == [])
        // Valid as an ID and as an 18-digit card number: the label says which it is.
        #expect(Self.hits("身份证：110105199001011056") == ["w/id 110105199001011056@4"])
        #expect(Self.hits("卡号：110105199001011056") == ["w/bank 110105199001011056@3"])
        #expect(Self.hits("110105199001011056").sorted() == ["w/bank 110105199001011056@0", "w/id 110105199001011056@0"])
    }

    @Test func aPaymentCardIsAWholeToken() {
        #expect(Self.hits("卡号 4111 1111 1111 1111").sorted() == ["w/bank 4111 1111 1111 1111@3", "w/credit 4111 1111 1111 1111@3"])
        #expect(Self.hits("order x4111111111111111").isEmpty)
        #expect(Self.hits("4111111111111111abc").isEmpty)
        #expect(Self.hits("card 4111111111111111.").sorted() == ["w/bank 4111111111111111@5", "w/credit 4111111111111111@5"])
    }
}
