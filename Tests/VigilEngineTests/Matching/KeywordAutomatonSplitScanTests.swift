// Tests of the split scan of KeywordAutomaton.findOverlapping (two interleaved walks
// over overlapping halves of a haystack): lengths on both sides of the threshold, a
// keyword at every position (so across the boundary between the halves), walks that
// meet late or never, and held-back match lists that overflow. Each is compared with
// the naive matcher of KeywordAutomatonTests. The cases do not depend on how many walks
// there are or where the boundaries fall, so they also hold any other split.

import Testing
import VigilEngine

@Suite("KeywordAutomaton split scan")
struct KeywordAutomatonSplitScanTests {
    private func overlapping(_ automaton: KeywordAutomaton, _ text: [UInt8]) -> [KeywordMatch] {
        var found: [KeywordMatch] = []
        text.withUnsafeBufferPointer { automaton.findOverlapping(in: $0, into: &found) }
        return found
    }

    /// Lengths just below, at and above the split threshold (32 bytes), and longer ones
    /// (posts of the bench corpus are about 140 bytes).
    static let thresholdLengths = [1, 8, 17, 31, 32, 33, 40, 95, 96, 97, 98, 99, 100, 128, 200, 301]

    @Test("a keyword at every position of haystacks around the threshold", arguments: thresholdLengths)
    func everyPosition(count: Int) {
        // `abcdefghij` spans any slice boundary it is placed across; `ab` and `j` overlap it.
        let patterns: [[UInt8]] = [Array("abcdefghij".utf8), Array("ab".utf8), Array("j".utf8)]
        let a = KeywordAutomaton(patterns: patterns, transparentByte: 0x20)
        var naive = NaiveMatcher(patterns: patterns, caseInsensitive: false, transparent: 0x20)
        for start in 0..<count {
            var text = [UInt8](repeating: 0x78, count: count)   // x
            for (i, byte) in "abcdefghij".utf8.enumerated() where start + i < count { text[start + i] = byte }
            naive.load(text, transparent: 0x20)
            #expect(overlapping(a, text) == naive.overlapping(), "length \(count), keyword at \(start)")
        }
    }

    /// Chinese keywords (three bytes a character) across the boundary, with gap bytes
    /// inside some of them.
    @Test("Chinese keywords with gaps across the boundary", arguments: [32, 33, 96, 97, 150, 151, 152, 400])
    func chineseAcrossBoundaries(count: Int) {
        let words = ["傻逼", "傻瓜蛋", "瓜蛋", "蛋", "你是傻瓜蛋吗"]
        let patterns = words.map { Array($0.utf8) }
        let a = KeywordAutomaton(patterns: patterns, transparentByte: 0x20)
        var naive = NaiveMatcher(patterns: patterns, caseInsensitive: false, transparent: 0x20)
        var rng = SplitMix64(seed: UInt64(count))
        let pieces = ["你", "是", "傻", "瓜", "蛋", "吗", "逼", " ", "a"].map { Array($0.utf8) }
        for _ in 0..<200 {
            var text: [UInt8] = []
            while text.count < count { text += pieces[rng.below(pieces.count)] }
            text.removeLast(text.count - count)   // may cut a character: bytes, not text
            naive.load(text, transparent: 0x20)
            #expect(overlapping(a, text) == naive.overlapping(), "text \(text)")
        }
    }

    /// Long runs of one letter keep the automaton deep, so the second walk reaches the
    /// end of the overlap in another state than the first: the walks meet late, or not
    /// at all (the first walk then reads on to the end).
    @Test("walks that meet late or never", arguments: [9, 20, 40, 90, 200])
    func lateMeetings(patternLength: Int) {
        let patterns = [[UInt8](repeating: 0x61, count: patternLength), [0x61, 0x62], [0x62], [0x62, 0x61, 0x61]]
        let a = KeywordAutomaton(patterns: patterns, transparentByte: 0x20)
        var naive = NaiveMatcher(patterns: patterns, caseInsensitive: false, transparent: 0x20)
        for count in [32, 33, 60, 96, 97, 120, 150, 255, 256, 500] {
            for breaks in [0, 1, 3] {
                var text = [UInt8](repeating: 0x61, count: count)
                for k in 1...max(1, breaks) where breaks > 0 { text[count * k / (breaks + 1)] = 0x62 }
                naive.load(text, transparent: 0x20)
                #expect(overlapping(a, text) == naive.overlapping(), "length \(count), breaks \(breaks)")
            }
        }
    }

    /// More matches than the second walk can hold back (a one-byte keyword on every
    /// byte), in each quarter of the haystack alone and in all of it.
    @Test("held-back match lists that overflow", arguments: [40, 70, 96, 140, 200, 600])
    func overflow(count: Int) {
        let patterns: [[UInt8]] = [[0x61], [0x61, 0x61], [0x62, 0x61]]
        let a = KeywordAutomaton(patterns: patterns)
        var naive = NaiveMatcher(patterns: patterns, caseInsensitive: false, transparent: nil)
        for slice in 0...4 {
            var text = [UInt8](repeating: 0x62, count: count)
            let range = slice == 4 ? 0..<count : (count * slice / 4)..<(count * (slice + 1) / 4)
            for i in range { text[i] = 0x61 }
            naive.load(text, transparent: nil)
            #expect(overlapping(a, text) == naive.overlapping(), "length \(count), slice \(slice)")
        }
    }

    /// Random texts over a small alphabet with many overlapping patterns, at lengths
    /// where the scan is split.
    @Test("randomized comparison at split lengths", arguments: [false, true])
    func randomized(caseInsensitive: Bool) {
        var rng = SplitMix64(seed: caseInsensitive ? 77 : 78)
        let alphabet: [UInt8] = [0x61, 0x62, 0x63, 0x41, 0x20]
        for _ in 0..<60 {
            let patterns = (0..<(1 + rng.below(12))).map { _ in
                (0..<(1 + rng.below(rng.below(3) == 0 ? 24 : 6))).map { _ in alphabet[rng.below(3)] }
            }
            let a = KeywordAutomaton(patterns: patterns, asciiCaseInsensitive: caseInsensitive, transparentByte: 0x20)
            var naive = NaiveMatcher(patterns: patterns, caseInsensitive: caseInsensitive, transparent: 0x20)
            for _ in 0..<6 {
                let text = (0..<(30 + rng.below(300))).map { _ in alphabet[rng.below(rng.below(4) == 0 ? 5 : 2)] }
                naive.load(text, transparent: 0x20)
                #expect(overlapping(a, text) == naive.overlapping(), "patterns \(patterns) text \(text)")
            }
        }
    }
}
