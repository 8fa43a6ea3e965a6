// Why this file exists: keywords of `repeats: collapse` rules are found in a third view,
// the keyword stream with repeated characters dropped (RepeatCollapser), by a second
// automaton. Building that view and scanning it costs about a tenth of an English post's
// whole screening, yet few posts can hold such a keyword. This gate lets the main scan,
// which runs anyway, say when the collapsed pass cannot find anything, so it is skipped.
//
// Why it is sound. Let K be the keyword stream and C = collapse(K): each scalar equal to
// the one just before it is dropped, and a gap byte (0x20, kept) or break byte resets
// "the one before". A collapsed keyword c1 c2 … ck (gap bytes removed) matches C when C
// holds c1, c2, …, ck in order with only gap bytes (transparent to the automaton) between
// neighbours. Between a kept c(i) and the next kept c(i+1), K can only hold dropped copies
// of c(i) and then gap bytes: after a gap byte nothing is dropped, so the next scalar is
// kept. K therefore holds c(i) c(i)* 0x20* c(i+1), in which the main automaton (same gap
// byte, transparent) finds the pair c(i) c(i+1). So a match in C needs every adjacent pair
// of the keyword in K; a keyword that contains another needs that one's pairs as well, so
// only keywords containing no other are checked.

/// Decides from the main scan's pair hits whether the collapsed keyword pass can match.
public struct CollapseGate: Sendable {
    /// The adjacent character pairs of the collapsed keywords: pair i is reported by the
    /// main automaton as a `KeywordEntry.Role.collapsePair(bit: i)`.
    public let pairs: [[UInt8]]
    /// For each collapsed keyword that contains no other, the bits of its pairs.
    let requirements: [UInt64]

    /// The gate for an automaton of `collapsedPatterns` (gap bytes already removed), or nil
    /// when some keyword is a single character (it has no pair) or there are more than 64
    /// distinct pairs.
    public init?(collapsedPatterns: [[UInt8]]) {
        // Shortest first, so that a keyword is compared with every shorter one kept.
        let sorted = collapsedPatterns.filter { !$0.isEmpty }.sorted { $0.count < $1.count }
        var minimal: [[UInt8]] = []
        for pattern in sorted where !minimal.contains(where: { Self.contains(pattern, $0) }) {
            minimal.append(pattern)
        }
        var pairs: [[UInt8]] = []
        var bitOfPair: [[UInt8]: Int] = [:]
        var requirements: [UInt64] = []
        for pattern in minimal {
            var scalars: [ArraySlice<UInt8>] = []
            var index = 0
            while index < pattern.count {
                let length = min(utf8SequenceLength(lead: pattern[index]), pattern.count - index)
                scalars.append(pattern[index..<index + length])
                index += length
            }
            guard scalars.count >= 2 else { return nil }
            var required: UInt64 = 0
            for position in 1..<scalars.count {
                let pair = Array(scalars[position - 1]) + Array(scalars[position])
                let bit: Int
                if let known = bitOfPair[pair] {
                    bit = known
                } else {
                    guard pairs.count < 64 else { return nil }
                    bit = pairs.count
                    bitOfPair[pair] = bit
                    pairs.append(pair)
                }
                required |= 1 << UInt64(bit)
            }
            requirements.append(required)
        }
        guard !requirements.isEmpty else { return nil }
        self.pairs = pairs
        self.requirements = requirements
    }

    /// Whether some collapsed keyword has all its pairs among `seen` (bit i: pair i was
    /// reported by the main scan). False means the collapsed pass cannot match.
    public func admits(_ seen: UInt64) -> Bool {
        requirements.withUnsafeBufferPointer { requirements in
            for required in requirements where seen & required == required { return true }
            return false
        }
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<start + needle.count].elementsEqual(needle) {
            return true
        }
        return false
    }
}
