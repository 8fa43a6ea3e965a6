// The collapse gate may only skip the collapsed pass when that pass would find nothing:
// checked on its construction and on random evasive texts against the pass itself.
import Testing
@testable import VigilEngine

@Suite struct CollapseGateTests {
    @Test func pairsOfTheKeywordsThatContainNoOther() throws {
        let gate = try #require(CollapseGate(collapsedPatterns: ["fuck", "fucking", "stfu", "gtfo"].map { Array($0.utf8) }))
        // `fucking` contains `fuck`, so only fuck, stfu and gtfo are checked.
        #expect(gate.pairs.map { String(decoding: $0, as: UTF8.self) } == ["fu", "uc", "ck", "st", "tf", "gt", "fo"])
        func bits(_ pairs: String...) -> UInt64 {
            pairs.reduce(0) { seen, pair in seen | 1 << UInt64(gate.pairs.firstIndex(of: Array(pair.utf8))!) }
        }
        #expect(gate.admits(bits("fu", "uc", "ck")))
        #expect(gate.admits(bits("st", "tf", "fu")))
        #expect(!gate.admits(bits("fu", "uc")))
        #expect(!gate.admits(bits("st", "fo", "gt")))
        #expect(!gate.admits(0))
        // Pairs are of characters, not bytes: 傻逼 is one pair of two three-byte characters.
        let chinese = try #require(CollapseGate(collapsedPatterns: [Array("傻逼".utf8)]))
        #expect(chinese.pairs == [Array("傻逼".utf8)])
    }

    @Test func noGateWhenAKeywordHasNoPair() {
        #expect(CollapseGate(collapsedPatterns: [Array("fuck".utf8), Array("傻".utf8)]) == nil)
        #expect(CollapseGate(collapsedPatterns: []) == nil)
    }

    /// Random texts of stretched, spaced, full-width and zero-width-split keyword letters:
    /// whenever the collapsed automaton finds a keyword in the collapsed stream, the main
    /// scan must have reported every pair of some keyword; and the gate must also turn
    /// posts away, or it would be doing nothing.
    @Test func neverSkipsAPostTheCollapsedPassWouldMatch() throws {
        let engine = try #require(TestRules.engine("""
            pack: t
            rules:
              - id: stretch
                category: abuse
                keywords: [fuck, stfu, gtfo, 傻逼, piss off, 操你妈]
                repeats: collapse
              - id: plain
                category: abuse
                keywords: [fuck you, 妈的]
            """))
        let rules = engine.rules
        let gate = try #require(rules.collapseGate)
        let collapsedAutomaton = try #require(rules.collapsedAutomaton)
        let pieces = ["f", "u", "c", "k", "s", "t", "g", "o", "p", "i", " ", "  ", "ｆ", "Ｕ", "\u{200B}", ".", "-", "x",
                      "傻", "逼", "操", "你", "妈", "的", "\n", "ff", "uu", "傻傻"]
        var random = SplitMix64(seed: 0xC011_A95E)
        let normalized = NormalizedText()
        var matches: [KeywordMatch] = []
        var matched = 0, turnedAway = 0
        for _ in 0..<20_000 {
            let text = (0..<(3 + random.below(14))).map { _ in pieces[random.below(pieces.count)] }.joined()
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBufferPointer { rules.normalizer.normalize(UnsafeBufferPointer($0), into: normalized) }
            // The collapsed pass itself.
            RepeatCollapser.collapse(normalized.keywordStream, into: normalized.collapsedStream)
            matches.removeAll()
            collapsedAutomaton.findOverlapping(in: normalized.collapsedStream.bytes, into: &matches)
            let collapsedMatch = !matches.isEmpty
            // The pairs the main scan reports.
            matches.removeAll()
            rules.keywordAutomaton.findOverlapping(in: normalized.keywordStream.bytes, into: &matches)
            var seen: UInt64 = 0
            for match in matches {
                let entries = rules.keywordEntries[Int(rules.entryStart[Int(match.pattern)])..<Int(rules.entryStart[Int(match.pattern) + 1])]
                for entry in entries {
                    if case .collapsePair(let bit) = entry.role { seen |= 1 << UInt64(bit) }
                }
            }
            if collapsedMatch {
                matched += 1
                #expect(gate.admits(seen), "gate skipped a post the collapsed pass matches: \(text.debugDescription)")
            } else if !gate.admits(seen) {
                turnedAway += 1
            }
        }
        #expect(matched > 200)
        #expect(turnedAway > 10_000)
    }

    @Test func stretchedKeywordsStillMatchThroughTheEngine() throws {
        let engine = try #require(TestRules.engine("""
            pack: t
            rules:
              - id: stretch
                category: abuse
                keywords: [fuck, 傻逼]
                repeats: collapse
            """))
        for text in ["fuuuuck this", "ffffuck", "f u c k", "ｆｕｕｃｋ", "傻傻傻逼", "傻 逼逼", "what the fuuuck"] {
            #expect(engine.verdict(text).hits.contains { $0.rule == "t/stretch" }, "\(text)")
        }
        for text in ["fun luck", "stuck up", "傻瓜"] {
            #expect(!engine.verdict(text).hits.contains { $0.rule == "t/stretch" }, "\(text)")
        }
    }
}
