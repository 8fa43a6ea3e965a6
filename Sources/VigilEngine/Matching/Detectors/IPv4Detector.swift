// `ipv4`: dotted-quad IPv4 addresses, which rules use to spot server
// addresses in scam and abuse posts and IP leaks. Version numbers and longer
// dotted numbers (`1.2.3.4.5`) look alike, so a quad must stand on its own.

/// Finds IPv4 addresses in dotted-quad form: four decimal numbers 0–255
/// separated by dots, without leading zeros (`0` itself is fine). The quad
/// must not touch an ASCII letter or digit, nor be part of a longer dotted run
/// (`1.2.3.4.5` has no IPv4 address); a sentence's full stop after it is fine.
public struct IPv4Detector: Detector {
    public var trigger: DetectorTrigger { .dottedQuad }
    /// One digit at least in each of the four numbers.
    public var minimumDigits: Int { 4 }
    /// `ipv4`, as rule files write it.
    public let name = "ipv4"

    /// Creates the detector; it holds no state.
    public init() {}

    /// Appends the range of every validated value found in `text` to `hits`, in order.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        let n = text.count
        var i = 0
        while true {
            i = ByteSearch.firstDigit(in: text, from: i)
            guard i < n else { break }
            if i == 0 || !(ASCII.isAlnum(text[i - 1]) || text[i - 1] == ASCII.dot),
               let end = Self.quadEnd(text, from: i), Self.canFollow(text, at: end) {
                hits.append(ByteRange(start: i, end: end))
                i = end
                continue
            }
            // Skip the rest of this number (and its dotted tail) so that no
            // later part of it is taken for a fresh start.
            while i < n && (ASCII.isDigit(text[i]) || text[i] == ASCII.dot) { i += 1 }
        }
    }

    /// The end of the dotted quad starting at `start`, or `nil`. Says nothing
    /// about what follows it.
    static func quadEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let n = text.count
        var p = start
        for part in 0..<4 {
            if part > 0 {
                guard p < n && text[p] == ASCII.dot else { return nil }
                p += 1
            }
            let s = p
            var value = 0
            while p < n && ASCII.isDigit(text[p]) && p - s < 3 {
                value = value * 10 + ASCII.digit(text[p])
                p += 1
            }
            guard p > s, p == n || !ASCII.isDigit(text[p]), value <= 255,
                  p - s == 1 || text[s] != 0x30 else { return nil }
        }
        return p
    }

    /// Whether a quad may end at `end`: not followed by a letter, a digit or
    /// a dot that continues the run.
    static func canFollow(_ text: UnsafeBufferPointer<UInt8>, at end: Int) -> Bool {
        let n = text.count
        guard end < n else { return true }
        let b = text[end]
        if ASCII.isAlnum(b) { return false }
        if b == ASCII.dot && end + 1 < n && ASCII.isAlnum(text[end + 1]) { return false }
        return true
    }
}
