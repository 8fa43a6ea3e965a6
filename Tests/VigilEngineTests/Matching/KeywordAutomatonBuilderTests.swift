// The automaton builder takes two shortcuts at start-up: dense child rows for states with
// many children, and the rows of large trie levels written by two threads. Both must give
// the very table the plain construction gives; the built-in packs' levels are large enough
// for the second only with thousands of keywords, so these tests lower the thresholds.
import Testing

@testable import VigilEngine

@Suite struct KeywordAutomatonBuilderTests {
    /// Keywords over a small alphabet (so that levels hold many states and states many
    /// children), some with the transparent byte, some repeated, some prefixes of others.
    static func keywords(count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        let alphabet = Array("abcdefghijklmnop0123-.".utf8) + [0xE4, 0xB8, 0xAD, keywordGapByte]
        return (0..<count).map { _ in
            (0..<(1 + rng.below(9))).map { _ in alphabet[rng.below(alphabet.count)] }
        }
    }

    static func expectSameTables(_ a: KeywordAutomatonTables, _ b: KeywordAutomatonTables) {
        #expect(a.transitions == b.transitions)
        #expect(a.rowLength == b.rowLength)
        #expect(a.startState == b.startState)
        #expect(a.matchLimit == b.matchLimit)
        #expect(a.matchOffsets == b.matchOffsets)
        #expect(a.matchSlots == b.matchSlots)
        #expect(a.patternLengths == b.patternLengths)
        #expect(a.stateCount == b.stateCount)
    }

    @Test(arguments: [false, true])
    func shortcutsBuildThePlainTable(caseless: Bool) {
        let patterns = Self.keywords(count: 6_000, seed: caseless ? 11 : 12)
        var plain = KeywordAutomatonBuilder(patterns: patterns, asciiCaseInsensitive: caseless,
                                            transparentByte: caseless ? nil : keywordGapByte)
        plain.rowsPerThread = Int.max / 4
        plain.wideStateChildren = Int.max
        var fast = plain
        fast.rowsPerThread = 1
        fast.wideStateChildren = 2
        let reference = plain.build()
        #expect(reference.stateCount > 10_000)
        Self.expectSameTables(fast.build(), reference)
        // The default thresholds too.
        Self.expectSameTables(KeywordAutomatonBuilder(patterns: patterns, asciiCaseInsensitive: caseless,
                                                      transparentByte: caseless ? nil : keywordGapByte).build(), reference)
    }
}
