// A cheap "can any pattern occur here?" test for a small automaton whose patterns start
// with only a few distinct bytes, such as the original-text patterns (`+v`, `➕v`): one
// memchr per start byte, and at each occurrence a look at the next byte. The automaton's
// own `mayMatch` tests start bytes only, and `➕`'s first byte (0xE2) also starts “ ” …
// — in nearly every Chinese post — so that test would send most posts through a second
// full scan. Written by hand because it runs on every post.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// For each distinct first byte of a pattern list, the bytes that may follow it.
public struct StartPairFilter: Sendable {
    /// The distinct first bytes.
    let starts: [UInt8]
    /// For `starts[i]`, a 256-bit set of the second bytes (four words); all ones when
    /// some pattern is that single byte, or when matching is ASCII-caseless and the
    /// byte is a letter (both cases are set).
    let seconds: [UInt64]

    /// The most start bytes for which memchr per byte beats the automaton's byte loop.
    static let maximumStarts = 3

    /// nil when the patterns start with more than `maximumStarts` distinct bytes.
    public init?(patterns: [[UInt8]], asciiCaseInsensitive: Bool) {
        var starts: [UInt8] = [], seconds: [UInt64] = []
        func add(_ byte: UInt8, to index: Int) {
            seconds[index * 4 + Int(byte >> 6)] |= 1 << UInt64(byte & 63)
        }
        for pattern in patterns {
            guard let first = pattern.first else { continue }
            let firsts = asciiCaseInsensitive && ASCII.isLetter(first) ? [ASCII.lower(first), (first & 0xDF)] : [first]
            for start in firsts {
                var index = starts.firstIndex(of: start) ?? -1
                if index < 0 {
                    guard starts.count < Self.maximumStarts else { return nil }
                    starts.append(start)
                    seconds += [0, 0, 0, 0]
                    index = starts.count - 1
                }
                guard pattern.count > 1 else { for word in 0..<4 { seconds[index * 4 + word] = ~0 }; continue }
                let second = pattern[1]
                add(second, to: index)
                if asciiCaseInsensitive && ASCII.isLetter(second) { add(ASCII.lower(second), to: index); add((second & 0xDF), to: index) }
            }
        }
        guard !starts.isEmpty else { return nil }
        self.starts = starts
        self.seconds = seconds
    }

    /// False when no pattern can start anywhere in `haystack`; true says nothing.
    public func mayMatch(in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = haystack.baseAddress else { return false }
        let count = haystack.count
        for (index, start) in starts.enumerated() {
            var from = 0
            while from < count, let found = memchr(base + from, Int32(start), count - from) {
                let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                if at + 1 >= count {   // only a one-byte pattern fits here; other starts may still match
                    if seconds[index * 4 ..< index * 4 + 4].allSatisfy({ $0 == ~0 }) { return true }
                    break
                }
                let next = base[at + 1]
                if seconds[index * 4 + Int(next >> 6)] & (1 << UInt64(next & 63)) != 0 { return true }
                from = at + 1
            }
        }
        return false
    }
}
