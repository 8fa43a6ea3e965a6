// Keywords, exceptions, regexes and detectors through the whole engine, with spans
// checked against the original text.
import Testing
@testable import VigilEngine

@Suite struct EngineMatchingTests {
    static let pack = """
        pack: t
        defaults: {category: abuse, severity: high}
        rules:
          - id: insult
            keywords: [傻逼, 脑残, fuck, ass, shit, refund policy]
            unless: [傻逼事件的报道]
          - id: raw
            normalize: false
            keywords: [ABC]
          - id: exact
            case: sensitive
            keywords: [NaN]
          - id: wechat
            category: spam
            regex: '(?:微信|vx)\\s*[:：]\\s*[a-z0-9_]{5,}'
          - id: mail
            category: pii
            severity: medium
            detector: email
          - id: phone
            category: pii
            detector: cn-mobile
        """

    let engine = TestRules.engine(pack)!

    /// Every hit's `match` is exactly the original text between its code-point offsets.
    func expectExactSpans(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Hit] {
        let verdict = engine.verdict(text)
        for hit in verdict.hits {
            #expect(text.scalarSlice(hit.start, hit.end) == hit.match, "span \(hit.start)–\(hit.end) of \(hit.rule)", sourceLocation: sourceLocation)
        }
        return verdict.hits
    }

    @Test func spansOnMixedChineseEnglishEmoji() {
        let text = "🙂👍🏽 你这个傻逼, go away 😡 ＦＵＣＫ you"
        let hits = expectExactSpans(text)
        #expect(hits.map(\.match) == ["傻逼", "ＦＵＣＫ"])
        #expect(hits.map(\.start) == [7, 21])
        #expect(hits.map(\.end) == [9, 25])
    }

    @Test func evasionsMapToTheExactOriginalCharacters() {
        let hits = expectExactSpans("你个傻 * 逼，还有脑\u{200B}残 and f.u.c.k off")
        #expect(hits.map(\.match) == ["傻 * 逼", "脑\u{200B}残", "f.u.c.k"])
    }

    @Test func wholeWordForLatinKeywords() {
        #expect(engine.verdict("class assistant Scunthorpe bass").hits.isEmpty)
        #expect(engine.verdict("you ass!").hits.map(\.match) == ["ass"])
        #expect(engine.verdict("fuck你").hits.map(\.match) == ["fuck"])
        #expect(engine.verdict("an Al Jazeera report").hits.isEmpty)          // ordinary words never join
        #expect(engine.verdict("fu ck this").hits.isEmpty)
        #expect(engine.verdict("f u c k this").hits.map(\.match) == ["f u c k"])
        #expect(engine.verdict("the new model's hit the shelves").hits.isEmpty)   // `'s hit` is two words
        #expect(engine.verdict("what a s.h.i.t show").hits.map(\.match) == ["s.h.i.t"])
    }

    @Test func writtenGapsInKeywordsMatchEitherWay() {
        #expect(engine.verdict("read the refund policy").hits.map(\.match) == ["refund policy"])
        #expect(engine.verdict("read the refund-policy").hits.map(\.match) == ["refund-policy"])
    }

    @Test func exceptionsDropCoveredHitsOnly() {
        #expect(engine.verdict("关于傻逼事件的报道").hits.isEmpty)
        #expect(engine.verdict("关于傻逼事件的报道，你就是个傻逼").hits.map(\.start) == [14])
    }

    @Test func rawAndCaseSensitiveKeywords() {
        #expect(engine.ruleIDs("xx ABC yy").contains("t/raw"))
        #expect(engine.ruleIDs("xx abc yy").contains("t/raw"))             // ASCII caseless
        #expect(!engine.ruleIDs("xx Ａ Ｂ Ｃ yy").contains("t/raw"))          // not normalized
        #expect(engine.ruleIDs("value NaN here").contains("t/exact"))
        #expect(!engine.ruleIDs("value nan here").contains("t/exact"))
    }

    @Test func regexAndDetectorsMapBack() {
        let text = "加我微信：hello_world 或 mail ＢＯＢ@example.com，电话13800138000"
        let hits = expectExactSpans(text)
        #expect(hits.map(\.rule) == ["t/wechat", "t/mail", "t/phone"])
        #expect(hits.map(\.match) == ["微信：hello_world", "ＢＯＢ@example.com", "13800138000"])
    }

    @Test func badInputsNeverCrash() {
        #expect(engine.verdict("").decision == .allow)
        #expect(engine.verdict("\u{0}\u{0}傻逼\u{0}").hits.map(\.match) == ["傻逼"])
        let big = String(repeating: "正常的文字 normal text ", count: 400_000) + "傻逼"
        let verdict = engine.verdict(big)
        #expect(verdict.hits.count == 1)
        #expect(big.scalarSlice(verdict.hits[0].start, verdict.hits[0].end) == "傻逼")
        // A replacement character is a symbol, so it splits `f�uck` into `f` and `uck`:
        // not letters spelled out one by one, so not joined (like `it's hit`).
        let repaired = String(decoding: [0x66, 0xFF, 0x75, 0x63, 0x6B] as [UInt8], as: UTF8.self)
        #expect(engine.verdict(repaired).hits.isEmpty)
        #expect(engine.verdict("it's hit or miss").hits.isEmpty)
    }

    @Test func manyHitsInOnePost() {
        let text = String(repeating: "傻逼 ", count: 20_000)
        let verdict = engine.verdict(text)
        #expect(verdict.hits.count == 20_000)
        #expect(verdict.hits.last!.start == 19_999 * 3)
    }

    @Test func codePointOffsetsAtEveryAlignment() {
        // Prefixes of 1-, 2-, 3- and 4-byte characters put the hits at every offset
        // within an 8-byte block, and posts end at every alignment after them.
        let pieces = ["a", "é", "好", "😀", " "]
        for length in 0..<24 {
            let prefix = (0..<length).map { pieces[($0 * 7 + length) % pieces.count] }.joined()
            for suffix in ["", "x", "éé", "好好好", "😀😀😀😀"] {
                let text = prefix + " fuck 傻逼 " + suffix
                let hits = engine.verdict(text).hits
                #expect(hits.count == 2, "\(text)")
                let scalarCount = text.unicodeScalars.count
                for hit in hits {
                    #expect(hit.end <= scalarCount)
                    if hit.end <= scalarCount { #expect(text.scalarSlice(hit.start, hit.end) == hit.match, "\(text)") }
                }
            }
        }
    }
}
