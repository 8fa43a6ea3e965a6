// The normalizer's two views and their maps back to the original text.
import Testing
@testable import VigilEngine

@Suite struct NormalizerTests {
    let normalizer = Normalizer()

    @Test func widthAndCaseFolding() {
        let views = normalizer.normalizedViews(of: "ＦＵＣＫ Ｈｅｌｌｏ　ÀÉ ΣΑΣ")
        #expect(views.folded == "fuck hello àé σασ")
        #expect(views.keywordStream == "fuck hello àé σασ")
    }

    @Test func ignorablesAreDropped() {
        let views = normalizer.normalizedViews(of: "傻\u{200B}逼\u{FEFF} f\u{00AD}u\u{200D}ck\u{FE0F}")
        #expect(views.folded == "傻逼 fuck")
    }

    @Test func separatorRunsCollapseAndLongRunsBreak() {
        #expect(normalizer.normalizedViews(of: "傻 * 逼").keywordStream == "傻 逼")
        #expect(normalizer.normalizedViews(of: "f.u.c.k").keywordStream == "f u c k")
        #expect(normalizer.normalizedViews(of: "傻 ... ... 逼").keywordStream == "傻\n逼")
        #expect(normalizer.normalizedViews(of: "傻\n逼").keywordStream == "傻\n逼")
        #expect(normalizer.normalizedViews(of: "  ,hello!! ").keywordStream == "hello")
        #expect(normalizer.normalizedViews(of: "a🙂b").keywordStream == "a b")
    }

    @Test func foldedKeepsPunctuation() {
        #expect(normalizer.normalizedViews(of: "Mail: Bob@Example.COM！").folded == "mail: bob@example.com!")
    }

    @Test func originsPointAtSourceCharacters() {
        let text = "A傻ｂ\u{200B}C"
        let output = NormalizedText()
        var copy = text
        copy.withUTF8 { normalizer.normalize($0, into: output) }
        // A(0) 傻(1..3) ｂ(4..6) ZWSP(7..9) C(10)
        #expect(Array(output.folded.origins) == [0, 1, 1, 1, 4, 10])
        #expect(String(decoding: output.folded.bytes, as: UTF8.self) == "a傻bc")
    }

    @Test func emptyAndSeparatorOnlyTexts() {
        #expect(normalizer.normalizedViews(of: "").keywordStream == "")
        #expect(normalizer.normalizedViews(of: " !? ").keywordStream == "")
        #expect(normalizer.normalizedViews(of: " !? ").folded == " !? ")
    }

    @Test func reusedOutputHoldsOnlyTheLatestText() {
        let output = NormalizedText()
        var long = String(repeating: "长文本", count: 1000)
        long.withUTF8 { normalizer.normalize($0, into: output) }
        var short = "Hi"
        short.withUTF8 { normalizer.normalize($0, into: output) }
        #expect(String(decoding: output.keywordStream.bytes, as: UTF8.self) == "hi")
    }
}
