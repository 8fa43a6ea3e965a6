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
    public let name = "ipv6"

    public init() {}

    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        let n = text.count
        var i = 0
        while i < n {
            let b = text[i]
            guard ASCII.isHexDigit(b) || b == ASCII.colon else {
                i += 1
                continue
            }
            if i > 0 {
                let p = text[i - 1]
                if ASCII.isAlnum(p) || p == ASCII.colon || p == ASCII.dot {
                    i += 1
                    continue
                }
            }
            // The maximal run of hex digits, colons and dots.
            var j = i
            var colons = 0
            while j < n {
                let c = text[j]
                if c == ASCII.colon {
                    colons += 1
                } else if !(ASCII.isHexDigit(c) || c == ASCII.dot) {
                    break
                }
                j += 1
            }
            if colons >= 2 && (j == n || !ASCII.isAlnum(text[j])) {
                var end = j
                while end > i && text[end - 1] == ASCII.dot { end -= 1 }
                if end - i >= 2 && text[end - 1] == ASCII.colon && text[end - 2] != ASCII.colon { end -= 1 }
                if Self.isValid(text, from: i, to: end) {
                    hits.append(ByteRange(start: i, end: end))
                }
            }
            i = j
        }
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
