// The compiler reads a keyword's stream from a reused scratch buffer; it must be the
// same bytes as the public `normalizedViews(of:).keywordStream`.
import Testing
@testable import VigilEngine

@Suite struct KeywordStreamTests {
    @Test func scratchStreamMatchesNormalizedViews() {
        let normalizer = Normalizer()
        let state = CompilerState(normalizer: normalizer, diagnostics: [])
        let texts = [
            "", "a", "Hello World", "f.u.c.k", "ｆｕｃｋ", "Straße", "ﬁnance", "㍿", "傻逼", "傻 逼", "傻\n逼",
            "  spaced   out  ", "zero\u{200B}width", "e\u{301}te\u{301}", "ǅemal", "İstanbul", "😀 emoji 👍🏽",
            "a-very-long-keyword-with-many-parts-and-ÜMLAUTS-and-漢字-mixed-in-to-grow-the-buffer",
            "短", "x", "\u{FEFF}bom", "tab\there", String(repeating: "ß", count: 40),
        ]
        for text in texts {
            let expected = Array(normalizer.normalizedViews(of: text).keywordStream.utf8)
            #expect(state.keywordStream(of: text) == expected, "\(text.debugDescription)")
        }
    }
}
