// `email`: e-mail addresses, contact details that solicitation and PII rules
// look for. The scan jumps from `@` to `@`; the local part and the domain are
// then checked against the characters and structure real addresses use, so
// that `a@b`, `@user` mentions and sentence punctuation are not reported.

/// Finds e-mail addresses `local@domain.tld`.
///
/// The local part is 1–64 bytes of ASCII letters, digits and `. _ % + -`,
/// without a leading, trailing or doubled dot (leading dots are trimmed off the
/// match). The domain has at least two labels and a top-level domain of two or
/// more letters (see `DomainName`). A trailing full stop or other punctuation
/// is not part of the match: `mail bob@example.com.` → `bob@example.com`.
public struct EmailDetector: Detector {
    public var trigger: DetectorTrigger { .mailAt }
    /// `email`, as rule files write it.
    public let name = "email"

    /// Creates the detector; it holds no state.
    public init() {}

    /// Appends the range of every validated value found in `text` to `hits`, in order.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        let n = text.count
        var lastEnd = 0
        var i = 0
        while true {
            i = ByteSearch.first(ASCII.at, in: text, from: i)
            guard i < n else { break }
            if let start = Self.localStart(text, at: i, notBefore: lastEnd),
               let end = DomainName.end(in: text, from: i + 1, minimumLabels: 2) {
                hits.append(ByteRange(start: start, end: end))
                lastEnd = end
                i = end
            } else {
                i += 1
            }
        }
    }

    /// Where the local part that ends at the `@` at `at` starts, or `nil`.
    static func localStart(_ text: UnsafeBufferPointer<UInt8>, at: Int, notBefore floor: Int) -> Int? {
        var start = at
        while start > floor && isLocalByte(text[start - 1]) { start -= 1 }
        while start < at && text[start] == ASCII.dot { start += 1 }
        guard start < at, at - start <= 64, text[at - 1] != ASCII.dot else { return nil }
        for i in start..<(at - 1) where text[i] == ASCII.dot && text[i + 1] == ASCII.dot { return nil }
        return start
    }

    /// Whether `b` may be part of a local part (a mailbox name).
    @inline(__always) static func isLocalByte(_ b: UInt8) -> Bool {
        ASCII.isAlnum(b) || b == ASCII.dot || b == 0x5F /* _ */ || b == 0x25 /* % */
            || b == ASCII.plus || b == ASCII.hyphen
    }
}
