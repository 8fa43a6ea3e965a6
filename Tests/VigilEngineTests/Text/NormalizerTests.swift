// The normalizer's two views and their maps back to the original text.
import Testing
@testable import VigilEngine

@Suite struct NormalizerTests {
    let normalizer = Normalizer()

    func origins(_ text: String) -> (String, [Int32]) {
        let output = NormalizedText()
        var copy = text
        copy.withUTF8 { normalizer.normalize($0, into: output) }
        return (String(decoding: output.folded.bytes, as: UTF8.self), Array(output.folded.origins))
    }

    @Test func widthCaseAccentsAndConfusables() {
        let views = normalizer.normalizedViews(of: "ＦＵＣＫ Ｈｅｌｌｏ　ÀÉ fսсk")
        #expect(views.folded == "fuck hello ae fuck")
        #expect(views.keywordStream == "fuck hello ae fuck")
    }

    @Test func traditionalToSimplified() {
        #expect(normalizer.normalizedViews(of: "妳是個白癡，操你媽").folded == "你是个白痴,操你妈")
        #expect(normalizer.normalizedViews(of: "腦殘").folded == "脑残")
    }

    @Test func ignorablesAreDropped() {
        let views = normalizer.normalizedViews(of: "傻\u{200B}逼\u{FEFF} f\u{00AD}u\u{200D}ck\u{FE0F} s\u{202E}h\u{2066}it\u{E0101}")
        #expect(views.folded == "傻逼 fuck shit")
    }

    @Test func decoratingMarksAreDropped() {
        #expect(normalizer.normalizedViews(of: "f̶u̶c̶k̶ fúck ŞHİT").folded == "fuck fuck shit")
    }

    @Test func compatibilityForms() {
        #expect(normalizer.normalizedViews(of: "𝐟𝐮𝐜𝐤 ⓕⓤⓒⓚ ⒡⒰⒞⒦ 🅕🅤🅒🅚 ᶠᵘᶜᵏ ①② ⑩").folded == "fuck fuck fuck fuck fuck 12 10")
        #expect(normalizer.normalizedViews(of: "王⼋蛋 狗东⻄").folded == "王八蛋 狗东西")
    }

    @Test func expansionsMapEveryByteToTheirSource() {
        let (folded, map) = origins("ßﬁx")
        #expect(folded == "ssfix")
        #expect(map == [0, 0, 2, 2, 5])
    }

    @Test func separatorRunsCollapseAndLongRunsBreak() {
        #expect(normalizer.normalizedViews(of: "傻 * 逼").keywordStream == "傻 逼")
        #expect(normalizer.normalizedViews(of: "f.u.c.k").keywordStream == "f u c k")
        #expect(normalizer.normalizedViews(of: "傻 ... ... 逼").keywordStream == "傻\n逼")
        #expect(normalizer.normalizedViews(of: "傻\n逼").keywordStream == "傻\n逼")
        #expect(normalizer.normalizedViews(of: "  ,hello!! ").keywordStream == "hello")
        #expect(normalizer.normalizedViews(of: "a🙂b").keywordStream == "a b")
        // A skin-tone modifier only decorates its emoji: one separator, not two.
        #expect(normalizer.normalizedViews(of: "傻 👍🏽🙂 逼").keywordStream == "傻 逼")
    }

    @Test func foldedKeepsPunctuation() {
        #expect(normalizer.normalizedViews(of: "Mail: Bob@Example.COM！").folded == "mail: bob@example.com!")
    }

    @Test func originsPointAtSourceCharacters() {
        // A(0) 傻(1..3) ｂ(4..6) ZWSP(7..9) C(10)
        let (folded, map) = origins("A傻ｂ\u{200B}C")
        #expect(map == [0, 1, 1, 1, 4, 10])
        #expect(folded == "a傻bc")
    }

    @Test func emptyAndSeparatorOnlyTexts() {
        #expect(normalizer.normalizedViews(of: "").keywordStream == "")
        #expect(normalizer.normalizedViews(of: " !? ").keywordStream == "")
        #expect(normalizer.normalizedViews(of: " !? ").folded == " !? ")
    }

    @Test func truncatedUTF8NeverReadsPastTheEnd() {
        let output = NormalizedText()
        for bytes: [UInt8] in [[0xE5, 0x82], [0x61, 0xF0, 0x9F], [0x80, 0x61], [0xC3]] {
            bytes.withUnsafeBufferPointer { normalizer.normalize($0, into: output) }
            #expect(output.folded.origins.allSatisfy { Int($0) < bytes.count })
        }
    }

    @Test func reusedOutputHoldsOnlyTheLatestText() {
        let output = NormalizedText()
        var long = String(repeating: "长文本", count: 1000)
        long.withUTF8 { normalizer.normalize($0, into: output) }
        var short = "Hi"
        short.withUTF8 { normalizer.normalize($0, into: output) }
        #expect(String(decoding: output.keywordStream.bytes, as: UTF8.self) == "hi")
    }

    @Test func stepSubsetsApplyOnlyTheirSteps() {
        let widthOnly = Normalizer(steps: [.width])
        #expect(widthOnly.normalizedViews(of: "ＦＵＣＫ fսck 媽").folded == "FUCK fսck 媽")
        let caseOnly = Normalizer(steps: [.caseFolding])
        #expect(caseOnly.normalizedViews(of: "FUCK Ｆ\u{200B}").folded == "fuck ｆ\u{200B}")
        let traditional = Normalizer(steps: [.traditional, .ignorables])
        #expect(traditional.normalizedViews(of: "媽\u{200B}媽").folded == "妈妈")
    }

    @Test func comparisonFormsFollowTheSteps() {
        func form(_ text: String, _ steps: NormalizationSteps, collapse: Bool = false) -> String {
            var out: [UInt8] = []
            var copy = text
            copy.withUTF8 { Normalizer(steps: steps).appendComparisonForm($0, collapsingRepeats: collapse, into: &out) }
            return String(decoding: out, as: UTF8.self)
        }
        #expect(form("F.U.C.K", .all) == "fuck")
        #expect(form("F.U.C.K", [.caseFolding]) == "f.u.c.k")
        #expect(form("fuuuuck", .all, collapse: true) == "fuck")
        #expect(form("fu uck", .all, collapse: true) == "fuuck")
    }
}
