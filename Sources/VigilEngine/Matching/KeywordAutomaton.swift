// The multi-pattern keyword matcher. One automaton holds every keyword of every rule
// pack and finds all of them in a single pass over a post's UTF-8 bytes, so keyword
// rules cost the same whether there are ten keywords or twenty thousand.
//
// It is an Aho-Corasick automaton compiled to a dense DFA (see
// KeywordAutomatonBuilder.swift): every byte is one class lookup and one table load,
// `state = table[state + class[byte]]`, with match states numbered below a limit so the
// loop tests for a match with a single compare. The non-overlapping search kinds are
// derived from the overlapping scan, so the hot path never pays for them.

/// One keyword occurrence: which pattern, and the byte range [start, end) in the haystack.
public struct KeywordMatch: Sendable, Equatable, Hashable {
    /// Index of the pattern in the list the automaton was built from.
    public var pattern: Int32
    /// Byte offset of the pattern's first byte.
    public var start: Int32
    /// Byte offset just past the pattern's last byte.
    public var end: Int32

    /// A match of `pattern` over the bytes [start, end).
    @inlinable
    public init(pattern: Int32, start: Int32, end: Int32) {
        self.pattern = pattern
        self.start = start
        self.end = end
    }
}

/// A multi-pattern matcher over UTF-8 (or any) bytes: an Aho-Corasick DFA with byte
/// classes and premultiplied state ids.
///
/// Immutable after `init` and `Sendable`: build it once and share it between threads.
/// Haystacks must be shorter than 2^31 bytes (offsets are reported as `Int32`).
public struct KeywordAutomaton: Sendable {
    /// Dense transition table; state ids are row offsets into it.
    @usableFromInline let transitions: [UInt32]
    /// Byte → class (256 entries).
    @usableFromInline let classMap: [UInt8]
    /// Row length: the number of byte classes.
    @usableFromInline let stride: Int
    @usableFromInline let startState: Int
    /// States below this id are match states.
    @usableFromInline let matchLimit: Int
    @usableFromInline let matchOffsets: [UInt32]
    @usableFromInline let matchPatterns: [Int32]
    @usableFromInline let patternLengths: [Int32]
    /// The transparent byte, or -1 when there is none.
    @usableFromInline let transparent: Int

    /// Whether A–Z and a–z match each other.
    public let asciiCaseInsensitive: Bool
    /// The byte skipped inside matches, if any.
    public let transparentByte: UInt8?
    /// Number of DFA states (trie nodes), the root included.
    public let stateCount: Int

    /// Builds the automaton.
    ///
    /// - Parameters:
    ///   - patterns: byte strings. An empty pattern never matches; duplicates are
    ///     allowed and each keeps its own index.
    ///   - asciiCaseInsensitive: A–Z and a–z match each other (other bytes exactly).
    ///   - transparentByte: when set (Vigil passes 0x20), that byte is "transparent" at
    ///     every non-root state: reading it keeps the current state and reports nothing,
    ///     so a pattern matches across any number of inserted transparent bytes
    ///     ("傻 逼" matches "傻逼"). At the root it is an ordinary byte that leads back to
    ///     the root. Occurrences of the byte inside patterns are removed. Must not be an
    ///     ASCII letter when `asciiCaseInsensitive` is set.
    public init(patterns: [[UInt8]], asciiCaseInsensitive: Bool = false, transparentByte: UInt8? = nil) {
        if let transparentByte, asciiCaseInsensitive {
            precondition(
                ByteClasses.foldASCII(transparentByte) == transparentByte
                    && !(0x61...0x7A).contains(transparentByte),
                "KeywordAutomaton: the transparent byte cannot be a letter under case folding")
        }
        let tables = KeywordAutomatonBuilder(
            patterns: patterns, asciiCaseInsensitive: asciiCaseInsensitive,
            transparentByte: transparentByte
        ).build()
        transitions = tables.transitions
        classMap = tables.classes.map
        stride = tables.classes.count
        startState = Int(tables.startState)
        matchLimit = Int(tables.matchLimit)
        matchOffsets = tables.matchOffsets
        matchPatterns = tables.matchPatterns
        patternLengths = tables.patternLengths
        transparent = transparentByte.map { Int($0) } ?? -1
        self.asciiCaseInsensitive = asciiCaseInsensitive
        self.transparentByte = transparentByte
        stateCount = tables.stateCount
    }

    /// Number of patterns the automaton was built from (empty ones included).
    public var patternCount: Int { patternLengths.count }

    /// Number of byte classes (the length of one row of the transition table).
    public var classCount: Int { stride }

    /// Length in bytes of `pattern`, not counting any transparent bytes it contained.
    public func patternLength(_ pattern: Int32) -> Int { Int(patternLengths[Int(pattern)]) }

    /// Size of the automaton's tables in bytes, for reporting.
    public var memoryBytes: Int {
        transitions.count * MemoryLayout<UInt32>.stride + classMap.count
            + matchOffsets.count * MemoryLayout<UInt32>.stride
            + matchPatterns.count * MemoryLayout<Int32>.stride
            + patternLengths.count * MemoryLayout<Int32>.stride
    }

    // MARK: - Searching

    /// Appends every match, overlapping ones included, to `matches`, in order of end
    /// position; matches ending at the same position come longest first, then by
    /// pattern index.
    ///
    /// `matches` is not cleared: the caller reuses it across calls, and nothing is
    /// allocated beyond its amortised growth. With a transparent byte, `start` is the
    /// position of the pattern's first byte found by walking back over transparent
    /// bytes, so [start, end) may include transparent bytes; nothing is ever reported
    /// at a transparent byte.
    @inlinable
    public func findOverlapping(in haystack: UnsafeBufferPointer<UInt8>, into matches: inout [KeywordMatch]) {
        transitions.withUnsafeBufferPointer { table in
            classMap.withUnsafeBufferPointer { classes in
                let limit = matchLimit
                var state = startState
                let base = UnsafeRawPointer(table.baseAddress!)
                for position in 0..<haystack.count {
                    let column = base + (Int(classes[Int(haystack[position])]) &<< 2)
                    state = Int(column.load(fromByteOffset: state, as: UInt32.self))
                    if _slowPath(state < limit) {
                        reportAll(state: state, at: position, in: haystack, into: &matches)
                    }
                }
            }
        }
    }

    /// Appends non-overlapping matches with the standard Aho-Corasick semantics: a match
    /// is reported as soon as the automaton sees one (the longest pattern ending there,
    /// lowest index among equals), and the search restarts just after it.
    @inlinable
    public func findStandard(in haystack: UnsafeBufferPointer<UInt8>, into matches: inout [KeywordMatch]) {
        transitions.withUnsafeBufferPointer { table in
            classMap.withUnsafeBufferPointer { classes in
                let limit = matchLimit
                var state = startState
                let base = UnsafeRawPointer(table.baseAddress!)
                for position in 0..<haystack.count {
                    let column = base + (Int(classes[Int(haystack[position])]) &<< 2)
                    state = Int(column.load(fromByteOffset: state, as: UInt32.self))
                    if _slowPath(state < limit) && Int(haystack[position]) != transparent {
                        reportFirst(state: state, at: position, in: haystack, into: &matches)
                        state = startState
                    }
                }
            }
        }
    }

    /// Whether any pattern occurs in `haystack`; stops at the first match.
    @inlinable
    public func containsMatch(in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        transitions.withUnsafeBufferPointer { table in
            classMap.withUnsafeBufferPointer { classes in
                let limit = matchLimit
                var state = startState
                let base = UnsafeRawPointer(table.baseAddress!)
                for position in 0..<haystack.count {
                    let column = base + (Int(classes[Int(haystack[position])]) &<< 2)
                    state = Int(column.load(fromByteOffset: state, as: UInt32.self))
                    // A match state is only ever entered on a non-transparent byte.
                    if _slowPath(state < limit) { return true }
                }
                return false
            }
        }
    }

    /// Appends non-overlapping leftmost-longest matches: the match starting earliest,
    /// the longest of those (lowest pattern index among equals), then the same again
    /// from its end. This is the kind to use for masking.
    public func findLeftmostLongest(in haystack: UnsafeBufferPointer<UInt8>, into matches: inout [KeywordMatch]) {
        let base = matches.count
        findOverlapping(in: haystack, into: &matches)
        keepLeftmost(from: base, in: &matches) { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.end != b.end { return a.end > b.end }
            return a.pattern < b.pattern
        }
    }

    /// Appends non-overlapping leftmost-first matches: the match starting earliest, the
    /// one with the lowest pattern index among those (patterns are in preference order,
    /// like the branches of a regex alternation), then the same again from its end.
    public func findLeftmostFirst(in haystack: UnsafeBufferPointer<UInt8>, into matches: inout [KeywordMatch]) {
        let base = matches.count
        findOverlapping(in: haystack, into: &matches)
        keepLeftmost(from: base, in: &matches) { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.pattern != b.pattern { return a.pattern < b.pattern }
            return a.end > b.end
        }
    }

    // MARK: - Reporting (cold paths)

    /// Appends every pattern of match state `state`, which was entered at `position`.
    @usableFromInline @inline(never)
    func reportAll(
        state: Int, at position: Int, in haystack: UnsafeBufferPointer<UInt8>, into matches: inout [KeywordMatch]
    ) {
        // Sitting in a match state on a transparent byte: already reported.
        if Int(haystack[position]) == transparent { return }
        let index = state / (stride &<< 2)
        let end = position + 1
        for slot in Int(matchOffsets[index])..<Int(matchOffsets[index + 1]) {
            let pattern = matchPatterns[slot]
            let start = startOfMatch(endingAt: end, length: Int(patternLengths[Int(pattern)]), in: haystack)
            matches.append(KeywordMatch(pattern: pattern, start: Int32(start), end: Int32(end)))
        }
    }

    /// Appends the first (longest) pattern of match state `state`, entered at `position`.
    @usableFromInline @inline(never)
    func reportFirst(
        state: Int, at position: Int, in haystack: UnsafeBufferPointer<UInt8>, into matches: inout [KeywordMatch]
    ) {
        let pattern = matchPatterns[Int(matchOffsets[state / (stride &<< 2)])]
        let end = position + 1
        let start = startOfMatch(endingAt: end, length: Int(patternLengths[Int(pattern)]), in: haystack)
        matches.append(KeywordMatch(pattern: pattern, start: Int32(start), end: Int32(end)))
    }

    /// Start of a match of `length` non-transparent bytes ending at `end`.
    @usableFromInline
    func startOfMatch(endingAt end: Int, length: Int, in haystack: UnsafeBufferPointer<UInt8>) -> Int {
        if transparent < 0 { return end - length }
        var remaining = length
        var position = end
        while remaining > 0 {
            position -= 1
            if Int(haystack[position]) != transparent { remaining -= 1 }
        }
        return position
    }

    /// Replaces `matches[base...]` (overlapping matches) by the non-overlapping ones a
    /// leftmost search reports: sorted by `precedes`, greedily keep each match that
    /// starts at or after the end of the last one kept. Sorts in place (heapsort, no
    /// allocation, O(n log n) even for adversarial inputs).
    func keepLeftmost(
        from base: Int, in matches: inout [KeywordMatch], by precedes: (KeywordMatch, KeywordMatch) -> Bool
    ) {
        guard matches.count - base > 0 else { return }
        var kept = 0
        matches.withUnsafeMutableBufferPointer { all in
            let tail = UnsafeMutableBufferPointer(rebasing: all[base...])
            heapSort(tail, by: precedes)
            var lastEnd = Int32.min
            for i in 0..<tail.count where tail[i].start >= lastEnd {
                lastEnd = tail[i].end
                tail[kept] = tail[i]
                kept += 1
            }
        }
        matches.removeLast(matches.count - base - kept)
    }
}

/// In-place heapsort of `buffer` by `precedes` (a strict total order on its elements).
private func heapSort(_ buffer: UnsafeMutableBufferPointer<KeywordMatch>, by precedes: (KeywordMatch, KeywordMatch) -> Bool) {
    func siftDown(_ root: Int, _ count: Int) {
        var parent = root
        while true {
            var child = 2 * parent + 1
            if child >= count { return }
            if child + 1 < count && precedes(buffer[child], buffer[child + 1]) { child += 1 }
            if !precedes(buffer[parent], buffer[child]) { return }
            buffer.swapAt(parent, child)
            parent = child
        }
    }
    let count = buffer.count
    guard count > 1 else { return }
    // Already sorted is common (one match, or disjoint ones): skip the sort.
    var sorted = true
    for i in 1..<count where precedes(buffer[i], buffer[i - 1]) { sorted = false; break }
    if sorted { return }
    for root in stride(from: count / 2 - 1, through: 0, by: -1) { siftDown(root, count) }
    for last in stride(from: count - 1, to: 0, by: -1) {
        buffer.swapAt(0, last)
        siftDown(0, last)
    }
}
