// The multi-pattern keyword matcher. One automaton holds every keyword of every rule
// pack and finds all of them in a single pass over a post's UTF-8 bytes, so keyword
// rules cost the same whether there are ten keywords or twenty thousand.
//
// It is an Aho-Corasick automaton compiled to a dense DFA (see
// KeywordAutomatonBuilder.swift): every byte is one class lookup and one table load,
// `state = table[state + class[byte]]`, with match states numbered below a limit so the
// loop tests for a match with a single compare. Since each load depends on the one
// before, a post is read by two interleaved walks (see `findOverlapping`). The
// non-overlapping search kinds are derived from the overlapping scan, so the hot path
// never pays for them.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// Dense transition table (layout in KeywordAutomatonBuilder.swift); a state id is
    /// the byte offset of the state's row.
    @usableFromInline let transitions: [UInt32]
    /// Byte → class (256 entries).
    @usableFromInline let classMap: [UInt8]
    @usableFromInline let startState: Int
    /// States below this id are match states.
    @usableFromInline let matchLimit: Int
    /// Match state k has id `k * rowBytes`; k = (id >> rowShift) * rowInverse (exact
    /// division by the row size in bytes, as a shift and a multiplication).
    @usableFromInline let rowShift: Int
    @usableFromInline let rowInverse: UInt
    @usableFromInline let matchOffsets: [UInt32]
    @usableFromInline let matchSlots: [Int32]
    @usableFromInline let patternLengths: [Int32]
    /// The transparent byte, or -1 when there is none.
    @usableFromInline let transparent: Int

    /// Bit b of word b / 64 is set when some pattern starts with byte b: no match is
    /// possible in a haystack without any of these bytes (see `mayMatch`).
    @usableFromInline let startBytes: [UInt64]
    /// Whether every pattern starts with an ASCII byte.
    @usableFromInline let asciiStarts: Bool
    /// With `asciiStarts`: the smallest and largest start byte, so that `mayMatch` can
    /// pass over eight bytes at a time while none is in that range.
    @usableFromInline let lowestStart: UInt8
    @usableFromInline let highestStart: UInt8

    /// Number of byte classes (bytes that behave alike share a class).
    public let classCount: Int
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
        precondition(patterns.count <= Int(Int32.max), "KeywordAutomaton: too many patterns")
        if let transparentByte, asciiCaseInsensitive {
            precondition(
                !(0x41...0x5A).contains(transparentByte) && !(0x61...0x7A).contains(transparentByte),
                "KeywordAutomaton: the transparent byte cannot be a letter under case folding")
        }
        let tables = KeywordAutomatonBuilder(
            patterns: patterns, asciiCaseInsensitive: asciiCaseInsensitive,
            transparentByte: transparentByte
        ).build()
        transitions = tables.transitions
        classMap = tables.classes.map
        classCount = tables.classes.count
        startState = Int(tables.startState)
        matchLimit = Int(tables.matchLimit)
        let rowBytes = UInt(tables.rowLength * 4)
        rowShift = rowBytes.trailingZeroBitCount
        let odd = rowBytes >> rowShift
        var inverse = odd  // Newton's iteration for odd⁻¹ mod 2^64: 3, 6, 12, 24, 48, 96 bits
        for _ in 0..<5 { inverse = inverse &* (2 &- odd &* inverse) }
        rowInverse = inverse
        matchOffsets = tables.matchOffsets
        matchSlots = tables.matchSlots
        patternLengths = tables.patternLengths
        transparent = transparentByte.map { Int($0) } ?? -1
        var starts = [UInt64](repeating: 0, count: 4)
        for pattern in patterns {
            guard let first = pattern.first(where: { $0 != transparentByte }) else { continue }
            var bytes = [first]
            if asciiCaseInsensitive && ((0x41...0x5A).contains(first) || (0x61...0x7A).contains(first)) {
                bytes = [first & 0xDF, first | 0x20]
            }
            for byte in bytes { starts[Int(byte >> 6)] |= 1 << UInt64(byte & 63) }
        }
        startBytes = starts
        asciiStarts = starts[2] == 0 && starts[3] == 0
        let asciiStartBytes = (0..<128).filter { starts[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }
        lowestStart = UInt8(asciiStartBytes.first ?? 0)
        highestStart = UInt8(asciiStartBytes.last ?? 0)
        self.asciiCaseInsensitive = asciiCaseInsensitive
        self.transparentByte = transparentByte
        stateCount = tables.stateCount
    }

    /// Number of patterns the automaton was built from (empty ones included).
    public var patternCount: Int { patternLengths.count }

    /// Length in bytes of `pattern`, not counting any transparent bytes it contained.
    public func patternLength(_ pattern: Int32) -> Int { Int(patternLengths[Int(pattern)]) }

    /// Size of the automaton's tables in bytes, for reporting.
    public var memoryBytes: Int {
        transitions.count * MemoryLayout<UInt32>.stride + classMap.count
            + matchOffsets.count * MemoryLayout<UInt32>.stride
            + matchSlots.count * MemoryLayout<Int32>.stride
            + patternLengths.count * MemoryLayout<Int32>.stride
    }

    // MARK: - Searching

    /// Calls `body` with the transition table and the byte → class map.
    @inlinable @inline(__always)
    func withTables<Result>(_ body: (UnsafeRawPointer, UnsafePointer<UInt8>) -> Result) -> Result {
        transitions.withUnsafeBufferPointer { tableBuffer in
            classMap.withUnsafeBufferPointer { classBuffer in
                body(UnsafeRawPointer(tableBuffer.baseAddress!), classBuffer.baseAddress!)
            }
        }
    }

    /// One transition: the row of `state`, the column of `byte`'s class. The column
    /// offset does not depend on `state`, so the loop's dependency chain is one load.
    @inlinable @inline(__always)
    static func step(_ state: Int, _ byte: UInt8, _ table: UnsafeRawPointer, _ classes: UnsafePointer<UInt8>) -> Int {
        Int((table + (Int(classes[Int(byte)]) &<< 2)).load(fromByteOffset: state, as: UInt32.self))
    }

    /// Haystacks at least this long are scanned by two interleaved walks.
    @inlinable static var splitThreshold: Int { 32 }
    /// Bytes read by both walks of a split scan, so that they usually meet in the same
    /// state (see `findOverlapping`).
    @inlinable static var splitOverlap: Int { 8 }
    /// Matches of the second walk held back (on the stack) until the first walk has
    /// finished; a haystack with more falls back to a single walk for its second half.
    @inlinable static var pendingCapacity: Int { 32 }

    /// Appends every match, overlapping ones included, to `matches`, in order of end
    /// position; matches ending at the same position come longest first, then by
    /// pattern index.
    ///
    /// `matches` is not cleared: the caller reuses it across calls, and nothing is
    /// allocated beyond its amortised growth. With a transparent byte, `start` is the
    /// position of the pattern's first byte found by walking back over transparent
    /// bytes, so [start, end) may include transparent bytes; nothing is ever reported
    /// at a transparent byte.
    ///
    /// A DFA walk is one dependent load per byte, so its speed is the load latency. To
    /// keep two loads in flight, a haystack of `splitThreshold` bytes or more is read by
    /// two walks in one loop: the first over [0, m), the second over [n - m, n), where
    /// m is a little over half, so that they overlap by `splitOverlap` bytes. A DFA
    /// state depends only on the last few bytes read, so at the end of the overlap the
    /// second walk is almost always in the same state as the first at the same position,
    /// and from there on it is exact. The first walk reports its matches at once; the
    /// second walk's are held back and reported afterwards if they end after the point
    /// where the walks met (see `finishSplit`, which also handles walks that have not met
    /// by the end of the overlap).
    @inlinable
    public func findOverlapping(in haystack: UnsafeBufferPointer<UInt8>, into matches: inout [KeywordMatch]) {
        let count = haystack.count
        guard count >= Self.splitThreshold else {
            scanSerial(haystack, from: 0, state: startState, into: &matches)
            return
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * Self.pendingCapacity) { pending in
            withTables { table, classes in
                let limit = matchLimit
                let length = (count + Self.splitOverlap + 1) >> 1  // m
                let offset = count - length  // where the second walk starts
                var first = startState
                var second = startState
                var secondAtMeeting = startState  // after reading position m - 1
                var pendingCount = 0
                var position = 0
                var stop = length - offset  // the step in which the second walk reads m - 1
                while true {
                    while position < stop {
                        first = Self.step(first, haystack[position], table, classes)
                        second = Self.step(second, haystack[offset &+ position], table, classes)
                        if _slowPath(Swift.min(first, second) < limit) {
                            if first < limit {
                                reportAll(state: first, at: position, in: haystack, into: &matches)
                            }
                            if second < limit {
                                if pendingCount < Self.pendingCapacity {
                                    pending[2 &* pendingCount] = second
                                    pending[2 &* pendingCount &+ 1] = offset &+ position
                                }
                                pendingCount &+= 1
                            }
                        }
                        position &+= 1
                    }
                    if stop == length { break }
                    secondAtMeeting = second
                    stop = length
                }
                if first != secondAtMeeting || pendingCount != 0 {
                    let held = 2 * Swift.min(pendingCount, Self.pendingCapacity)
                    finishSplit(
                        first: first, second: secondAtMeeting, length: length, offset: offset,
                        pending: UnsafeBufferPointer(rebasing: pending[..<held]),
                        overflowed: pendingCount > Self.pendingCapacity, in: haystack, into: &matches)
                }
            }
        }
    }

    /// The single walk behind `findOverlapping`: from `state` at `start` to the end.
    @inlinable
    func scanSerial(
        _ haystack: UnsafeBufferPointer<UInt8>, from start: Int, state: Int, into matches: inout [KeywordMatch]
    ) {
        withTables { table, classes in
            let limit = matchLimit
            var state = state
            for position in start..<haystack.count {
                state = Self.step(state, haystack[position], table, classes)
                if _slowPath(state < limit) {
                    reportAll(state: state, at: position, in: haystack, into: &matches)
                }
            }
        }
    }

    /// False when no pattern can occur in `haystack` because none of the bytes that
    /// patterns start with is in it; a cheap test before a scan that usually finds nothing
    /// (an automaton of English keywords on Chinese text). True says nothing.
    @inlinable
    public func mayMatch(in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = haystack.count
        if asciiStarts && lowestStart == highestStart && startBytes[0] | startBytes[1] != 0 {
            // One start byte (the `+` of `+v`): memchr reads 16-32 bytes a step, four
            // times fewer instructions than the eight-byte loop below on a short post.
            return count > 0 && memchr(haystack.baseAddress!, Int32(lowestStart), count) != nil
        }
        return startBytes.withUnsafeBufferPointer { starts in
            @inline(__always) func isStart(_ byte: UInt8) -> Bool {
                starts[Int(byte >> 6)] & (1 << UInt64(byte & 63)) != 0
            }
            var index = 0
            if asciiStarts {
                // Eight bytes at a time: a byte can start a pattern only when it is ASCII
                // and within [lowestStart, highestStart]. On the seven low bits x of a
                // byte, x + (0x80 - low) reaches 0x80 exactly when x >= low, and
                // x + (0x7F - high) when x > high; neither sum carries into the next byte.
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                let atLeastLow = ones &* UInt64(0x80 - lowestStart), aboveHigh = ones &* UInt64(0x7F - highestStart)
                while index + 8 <= count {
                    let word = UInt64(littleEndian: UnsafeRawPointer(haystack.baseAddress! + index).loadUnaligned(as: UInt64.self))
                    let low = word & ~highs
                    var inRange = (low &+ atLeastLow) & ~(low &+ aboveHigh) & ~word & highs
                    while inRange != 0 {
                        let shift = UInt64(inRange.trailingZeroBitCount) &- 7   // the byte's lowest bit
                        if isStart(UInt8(truncatingIfNeeded: word >> shift)) { return true }
                        inRange &= inRange &- 1
                    }
                    index += 8
                }
            }
            while index < count {
                if isStart(haystack[index]) { return true }
                index += 1
            }
            return false
        }
    }

    /// Appends non-overlapping matches with the standard Aho-Corasick semantics: a match
    /// is reported as soon as the automaton sees one (the longest pattern ending there,
    /// lowest index among equals), and the search restarts just after it.
    @inlinable
    public func findStandard(in haystack: UnsafeBufferPointer<UInt8>, into matches: inout [KeywordMatch]) {
        withTables { table, classes in
            let limit = matchLimit
            var state = startState
            for position in 0..<haystack.count {
                state = Self.step(state, haystack[position], table, classes)
                if _slowPath(state < limit) && Int(haystack[position]) != transparent {
                    reportFirst(state: state, at: position, in: haystack, into: &matches)
                    state = startState
                }
            }
        }
    }

    /// Whether any pattern occurs in `haystack`; stops at the first match.
    @inlinable
    public func containsMatch(in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        withTables { table, classes in
            let limit = matchLimit
            var state = startState
            for position in 0..<haystack.count {
                state = Self.step(state, haystack[position], table, classes)
                // A match state is only ever entered on a non-transparent byte.
                if _slowPath(state < limit) { return true }
            }
            return false
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

    // MARK: - Reporting and the rare paths

    /// Appends every pattern of match state `state`, which was entered at `position`.
    @usableFromInline @inline(never)
    func reportAll(
        state: Int, at position: Int, in haystack: UnsafeBufferPointer<UInt8>, into matches: inout [KeywordMatch]
    ) {
        // Sitting in a match state on a transparent byte: already reported.
        if Int(haystack[position]) == transparent { return }
        let index = Int(truncatingIfNeeded: (UInt(state) >> rowShift) &* rowInverse)
        let end = position + 1
        for slot in Int(matchOffsets[index])..<Int(matchOffsets[index + 1]) {
            let start = startOfMatch(endingAt: end, length: Int(matchSlots[2 * slot + 1]), in: haystack)
            matches.append(KeywordMatch(pattern: matchSlots[2 * slot], start: Int32(start), end: Int32(end)))
        }
    }

    /// Appends the first (longest) pattern of match state `state`, entered at `position`.
    @usableFromInline @inline(never)
    func reportFirst(
        state: Int, at position: Int, in haystack: UnsafeBufferPointer<UInt8>, into matches: inout [KeywordMatch]
    ) {
        let slot = Int(matchOffsets[Int(truncatingIfNeeded: (UInt(state) >> rowShift) &* rowInverse)])
        let end = position + 1
        let start = startOfMatch(endingAt: end, length: Int(matchSlots[2 * slot + 1]), in: haystack)
        matches.append(KeywordMatch(pattern: matchSlots[2 * slot], start: Int32(start), end: Int32(end)))
    }

    /// Completes a split scan (see `findOverlapping`). The first walk ended in state
    /// `first` after reading [0, length); the second walk was in state `second` after
    /// reading [offset, length). If those differ, the first walk continues until its
    /// depth is at most the number of (non-transparent) bytes the second walk had read
    /// by then: from there on both are in the same state. The first walk has then
    /// reported every match ending up to that meeting point, and the second walk's held
    /// matches (`pending`: state, position pairs) that end after it are reported. If
    /// more were found than could be held, the first walk simply reads to the end.
    @usableFromInline @inline(never)
    func finishSplit(
        first: Int, second: Int, length: Int, offset: Int, pending: UnsafeBufferPointer<Int>, overflowed: Bool,
        in haystack: UnsafeBufferPointer<UInt8>, into matches: inout [KeywordMatch]
    ) {
        if overflowed {
            scanSerial(haystack, from: length, state: first, into: &matches)
            return
        }
        var meeting = length
        if first != second {
            var state = first
            var read = 0
            for i in offset..<length where Int(haystack[i]) != transparent { read += 1 }
            withTables { table, classes in
                let depthColumn = classCount * 4
                while meeting < haystack.count && Int(table.load(fromByteOffset: state + depthColumn, as: UInt32.self)) > read {
                    let byte = haystack[meeting]
                    state = Self.step(state, byte, table, classes)
                    if state < matchLimit {
                        reportAll(state: state, at: meeting, in: haystack, into: &matches)
                    }
                    if Int(byte) != transparent { read += 1 }
                    meeting += 1
                }
            }
        }
        for i in stride(from: 0, to: pending.count, by: 2) where pending[i + 1] >= meeting {
            reportAll(state: pending[i], at: pending[i + 1], in: haystack, into: &matches)
        }
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
private func heapSort(
    _ buffer: UnsafeMutableBufferPointer<KeywordMatch>, by precedes: (KeywordMatch, KeywordMatch) -> Bool
) {
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
