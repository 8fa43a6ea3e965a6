// `url`: web links, the payload of most spam and scam posts. Only explicit
// links are reported — an `http://` or `https://` scheme, or a `www.` host —
// because bare `name.tld/path` forms collide with file names, version numbers
// and abbreviations; rules that need bare domains use keyword lists of
// domains instead.

/// Finds web links: `http://` or `https://` (either case) followed by a host
/// name with a top-level domain, an IPv4 address or a bracketed IPv6 address;
/// or `www.` followed by at least two more labels. Then an optional `:port`
/// (1–5 digits) and an optional path, query or fragment starting with `/`, `?`
/// or `#`.
///
/// A link stops at whitespace, at any non-ASCII character (Chinese text,
/// `。`) and at the ASCII characters `"` `<` `>` `\` `^` `{` `|` `}` and
/// backtick. Trailing `. , ; : ! ? '` are left out, and so is a trailing `)`
/// or `]` without a matching opening one inside the link.
public struct URLDetector: Detector {
    public var trigger: DetectorTrigger { .linkStart }
    /// `url`, as rule files write it.
    public let name = "url"

    /// Creates the detector; it holds no state.
    public init() {}

    /// Appends the range of every validated value found in `text` to `hits`, in order.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        // Every link has a `:` (`http://`) or a `.` (`www.`) near its start:
        // look only there.
        let n = text.count
        var done = 0  // bytes before this are inside an earlier link
        var i = 0
        while true {
            i = ByteSearch.first(ASCII.colon, or: ASCII.dot, in: text, from: i)
            guard i < n else { break }
            var start = -1
            if text[i] == ASCII.colon {
                if i >= 5 && Self.isHTTP(text, at: i - 5) && text[i - 1] | 0x20 == 0x73 /* s */ {
                    start = i - 5
                } else if i >= 4 && Self.isHTTP(text, at: i - 4) {
                    start = i - 4
                }
            } else if i >= 3 && text[i - 1] | 0x20 == 0x77 && text[i - 2] | 0x20 == 0x77 && text[i - 3] | 0x20 == 0x77 /* www */ {
                start = i - 3
            }
            if start >= done, start == 0 || Self.canPrecede(text[start - 1]),
               let end = Self.match(text, at: start) {
                hits.append(ByteRange(start: start, end: end))
                done = end
                i = end
            } else {
                i += 1
            }
        }
    }

    /// Whether a link may start right after byte `b`: not inside a word, a
    /// host name, an e-mail address or another link.
    @inline(__always) static func canPrecede(_ b: UInt8) -> Bool {
        !(ASCII.isAlnum(b) || b == ASCII.dot || b == ASCII.slash || b == ASCII.at
            || b == ASCII.hyphen || b == 0x5F /* _ */)
    }

    /// The end of the link that starts at `start`, or `nil`.
    static func match(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        var hostEnd: Int
        if let afterScheme = schemeEnd(text, at: start) {
            guard let end = hostEndAfterScheme(text, from: afterScheme) else { return nil }
            hostEnd = end
        } else if hasPrefix(text, at: start, "www.") {
            guard let end = DomainName.end(in: text, from: start, minimumLabels: 3) else { return nil }
            hostEnd = end
        } else {
            return nil
        }

        let n = text.count
        // Port.
        if hostEnd + 1 < n, text[hostEnd] == ASCII.colon, ASCII.isDigit(text[hostEnd + 1]) {
            var j = hostEnd + 1
            while j < n && ASCII.isDigit(text[j]) { j += 1 }
            guard j - hostEnd - 1 <= 5 else { return nil }
            hostEnd = j
        }
        // Path, query, fragment.
        guard hostEnd < n else { return hostEnd }
        let b = text[hostEnd]
        guard b == ASCII.slash || b == 0x3F /* ? */ || b == 0x23 /* # */ else { return hostEnd }
        var end = hostEnd + 1
        var open = 0     // `(` minus `)`
        var square = 0   // `[` minus `]`
        while end < n && isLinkByte(text[end]) {
            switch text[end] {
            case 0x28: open += 1
            case 0x29: open -= 1
            case 0x5B: square += 1
            case 0x5D: square -= 1
            default: break
            }
            end += 1
        }
        // Trailing punctuation belongs to the sentence, not the link.
        while end > hostEnd + 1 {
            let last = text[end - 1]
            if isTrailingPunctuation(last) {
                end -= 1
            } else if last == 0x29 && open < 0 {
                open += 1
                end -= 1
            } else if last == 0x5D && square < 0 {
                square += 1
                end -= 1
            } else {
                break
            }
        }
        return end
    }

    /// The offset after `http://` or `https://` at `start`, or `nil`.
    static func schemeEnd(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard hasPrefix(text, at: start, "http") else { return nil }
        var i = start + 4
        if i < text.count && text[i] | 0x20 == 0x73 /* s */ { i += 1 }
        return hasPrefix(text, at: i, "://") ? i + 3 : nil
    }

    /// The end of the host after a scheme: a domain name, an IPv4 address or
    /// a bracketed IPv6 address.
    static func hostEndAfterScheme(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let n = text.count
        guard start < n else { return nil }
        if text[start] == 0x5B /* [ */ {
            var j = start + 1
            while j < n && j - start <= 46 && text[j] != 0x5D { j += 1 }
            guard j < n, text[j] == 0x5D, IPv6Detector.isValid(text, from: start + 1, to: j) else { return nil }
            return j + 1
        }
        if let end = DomainName.end(in: text, from: start, minimumLabels: 2) { return end }
        if let end = IPv4Detector.quadEnd(text, from: start), IPv4Detector.canFollow(text, at: end) {
            return end
        }
        return nil
    }

    /// Whether the four bytes at `start` (in bounds) are `http` in any case: one
    /// load, and `| 0x20` maps exactly `H`/`h`, `T`/`t`, `P`/`p` to the lowercase letter.
    @inline(__always) static func isHTTP(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let four = UInt32(littleEndian: UnsafeRawPointer(text.baseAddress! + start).loadUnaligned(as: UInt32.self))
        return four | 0x2020_2020 == 0x7074_7468   // "http", first byte lowest
    }

    /// Whether `text` holds `prefix` (lowercase ASCII) at `start`, ignoring case.
    /// (Read through the literal's pointer: a `withUTF8Buffer` closure is not inlined.)
    static func hasPrefix(_ text: UnsafeBufferPointer<UInt8>, at start: Int, _ prefix: StaticString) -> Bool {
        let p = prefix.utf8Start, count = prefix.utf8CodeUnitCount
        guard start + count <= text.count else { return false }
        for k in 0..<count where ASCII.lower(text[start + k]) != p[k] { return false }
        return true
    }

    /// Printable ASCII that may appear in a written link.
    @inline(__always) static func isLinkByte(_ b: UInt8) -> Bool {
        guard b > 0x20 && b < 0x7F else { return false }
        switch b {
        case 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D: return false  // " < > \ ^ ` { | }
        default: return true
        }
    }

    @inline(__always) static func isTrailingPunctuation(_ b: UInt8) -> Bool {
        switch b {
        case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x27: return true  // . , ; : ! ? '
        default: return false
        }
    }
}
