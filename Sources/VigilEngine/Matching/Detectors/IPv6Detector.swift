// `ipv6`: IPv6 addresses, for the same server-address and IP-leak rules as
// IPv4. Colons are everywhere in text (times, ratios, MAC addresses, `::` in
// code), so a candidate must parse as a complete address with the right
// number of groups.

/// Finds IPv6 addresses: eight groups of 1–4 hex digits separated by colons,
/// or fewer with one `::` standing for the missing zero groups, optionally
/// ending in an embedded IPv4 quad that counts as two groups
/// (`::ffff:192.0.2.1`). At least two colons and one hex digit; not touching
/// an ASCII letter or digit. A zone (`%eth0`) is not part of the match, nor is
/// a trailing full stop or colon.
public struct IPv6Detector: Detector {
    public var trigger: DetectorTrigger { .hexColons }
    /// `ipv6`, as rule files write it.
    public let name = "ipv6"

    /// Creates the detector; it holds no state.
    public init() {}

    /// Appends the range of every validated value found in `text` to `hits`, in order.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        let n = text.count
        var done = 0  // bytes before this belong to runs already examined
        while true {
            let colon = ByteSearch.first(ASCII.colon, in: text, from: done)
            guard colon < n else { break }
            // The maximal run of hex digits, colons and dots around the colon.
            var start = colon
            while start > done && Self.isRunByte(text[start - 1]) { start -= 1 }
            var end = colon
            var colons = 0
            while end < n && Self.isRunByte(text[end]) {
                if text[end] == ASCII.colon { colons += 1 }
                end += 1
            }
            done = end
            // Not touching a letter or digit, nor continuing an earlier run.
            if start > 0 && (ASCII.isAlnum(text[start - 1]) || Self.isRunByte(text[start - 1])) { continue }
            if end < n && ASCII.isAlnum(text[end]) { continue }
            guard colons >= 2 else { continue }
            var last = end
            while last > start && text[last - 1] == ASCII.dot { last -= 1 }
            if last - start >= 2 && text[last - 1] == ASCII.colon && text[last - 2] != ASCII.colon { last -= 1 }
            if Self.isValid(text, from: start, to: last) {
                hits.append(ByteRange(start: start, end: last))
            }
        }
    }

    @inline(__always) static func isRunByte(_ b: UInt8) -> Bool {
        ASCII.isHexDigit(b) || b == ASCII.colon || b == ASCII.dot
    }

    /// Whether `text[start..<end]` is exactly one IPv6 address (no zone).
    static func isValid(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        guard end - start >= 2 else { return false }
        var groups = 0
        var compressed = false
        var sawHex = false
        var i = start
        if text[i] == ASCII.colon {
            guard text[i + 1] == ASCII.colon else { return false }
            compressed = true
            i += 2
        }
        while i < end {
            var j = i
            while j < end && ASCII.isHexDigit(text[j]) { j += 1 }
            if j < end && text[j] == ASCII.dot {
                // An embedded IPv4 quad must be the whole rest.
                guard groups <= 6, IPv4Detector.quadEnd(text, from: i) == end else { return false }
                groups += 2
                sawHex = true
                break
            }
            guard j > i, j - i <= 4 else { return false }
            groups += 1
            sawHex = true
            i = j
            if i == end { break }
            guard text[i] == ASCII.colon else { return false }
            i += 1
            if i < end && text[i] == ASCII.colon {
                guard !compressed else { return false }
                compressed = true
                i += 1
            } else if i == end {
                return false  // a single trailing colon
            }
        }
        guard sawHex else { return false }
        return compressed ? groups <= 7 : groups == 8
    }
}
