// Host-name parsing shared by the email and URL detectors: both need "dotted
// labels ending in a real-looking top-level domain", and both must leave a
// sentence's full stop outside the match (`mail bob@example.com.`).

/// Parses DNS host names in ASCII text.
enum DomainName {
    /// Parses a host name starting at `start`: labels of ASCII letters, digits
    /// and inner hyphens (1–63 bytes), separated by single dots, at least
    /// `minimumLabels` of them, the last a top-level domain of two or more
    /// letters (or an `xn--` punycode label), at most 253 bytes in all.
    /// Returns the end of the last label: a dot not followed by another label
    /// is left out.
    static func end(in text: UnsafeBufferPointer<UInt8>, from start: Int, minimumLabels: Int) -> Int? {
        let n = text.count
        var labels = 0
        var labelStart = start
        var end = start
        while true {
            var j = labelStart
            while j < n && (ASCII.isAlnum(text[j]) || text[j] == ASCII.hyphen) { j += 1 }
            let length = j - labelStart
            guard length >= 1, length <= 63, text[labelStart] != ASCII.hyphen,
                  text[j - 1] != ASCII.hyphen else { return nil }
            labels += 1
            end = j
            guard j + 1 < n, text[j] == ASCII.dot, ASCII.isAlnum(text[j + 1]) else { break }
            labelStart = j + 1
        }
        guard labels >= minimumLabels, end - start <= 253,
              isTopLevelDomain(text, from: labelStart, to: end) else { return nil }
        return end
    }

    /// Whether `text[start..<end]` can be a top-level domain: two or more
    /// letters, or a punycode label (`xn--…`).
    static func isTopLevelDomain(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        guard end - start >= 2 else { return false }
        if end - start > 4, text[start] | 0x20 == 0x78, text[start + 1] | 0x20 == 0x6E,
           text[start + 2] == ASCII.hyphen, text[start + 3] == ASCII.hyphen {
            return true
        }
        for i in start..<end where !ASCII.isLetter(text[i]) { return false }
        return true
    }
}
