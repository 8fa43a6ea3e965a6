// `word: true` on a regex rule: its literals run the regex only where they stand as
// words of their own in the keyword stream, where separators are gone and `has been`
// reads as `hasbeen`. The matches are the regex's as before; a literal holding another
// (`wcnm`, `cures`) is kept as an atom of its own, since the shorter is no word there.
import Testing
@testable import VigilEngine

@Suite struct WholeWordAtomTests {
    static func pack(word: Bool) -> String {
        """
        pack: t
        defaults: {category: abuse, severity: high}
        rules:
          - id: abbr
            word: \(word)
            regex: '(?<![a-z0-9_])(?:sb|cnm|wcnm|cures?)(?![a-z0-9_])'
        """
    }

    @Test(arguments: ["sb", "ＳＢ", "你是不是sb", "客服sb吧", "cnm，又闪退", "what a sb.", "wcnm，又闪退", "it cures"])
    func wordAtomsStillRunTheRegex(_ text: String) throws {
        let engine = try #require(TestRules.engine(Self.pack(word: true)))
        #expect(engine.ruleIDs(text) == ["t/abbr"])
    }

    @Test func atomsInsideJoinedWordsDoNotTriggerTheRegex() throws {
        let engine = try #require(TestRules.engine(Self.pack(word: true)))
        let plain = try #require(TestRules.engine(Self.pack(word: false)))
        for text in ["it has been a while", "usb cable", "his book"] {
            let scratch = ScanScratch()
            _ = engine.check(text, scratch: scratch)
            #expect(scratch.triggeredList.isEmpty, "\(text)")
            let plainScratch = ScanScratch()
            _ = plain.check(text, scratch: plainScratch)
            #expect(!plainScratch.triggeredList.isEmpty, "without word: \(text)")
            #expect(engine.ruleIDs(text).isEmpty && plain.ruleIDs(text).isEmpty)
        }
    }
}
