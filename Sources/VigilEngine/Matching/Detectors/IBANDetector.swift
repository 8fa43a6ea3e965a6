// `iban`: International Bank Account Numbers (ISO 13616), the account detail
// in overseas-transfer scams and payment requests. A candidate must have a
// registered country code, that country's exact length and a mod-97 check
// (ISO 7064 MOD 97-10) of 1.

/// Finds IBANs: two letters, two check digits and the country's BBAN, written
/// as one run (`DE89370400440532013000`) or in groups of four separated by
/// single spaces (`GB82 WEST 1234 5698 7654 32`); either case. The length
/// must match the SWIFT IBAN registry for the country and the value must be 1
/// mod 97 (first four characters moved to the end, letters as 10…35).
public struct IBANDetector: Detector {
    public var trigger: DetectorTrigger { .lettersThenDigits }
    /// The two check digits.
    public var minimumDigits: Int { 2 }
    /// `iban`, as rule files write it.
    public let name = "iban"

    /// Creates the detector; it holds no state.
    public init() {}

    /// Appends the range of every validated value found in `text` to `hits`, in order.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        // Every IBAN starts with two letters and a digit run: look only at the
        // first digit of each run.
        let n = text.count
        var done = 0  // bytes before this are inside an earlier IBAN
        var i = 0
        while true {
            i = ByteSearch.firstDigit(in: text, from: i)
            guard i < n else { break }
            let start = i - 2
            if start >= done, i + 1 < n, ASCII.isDigit(text[i + 1]),
               ASCII.isLetter(text[start]), ASCII.isLetter(text[start + 1]),
               start == 0 || !ASCII.isAlnum(text[start - 1]),
               let end = Self.match(text, at: start) {
                hits.append(ByteRange(start: start, end: end))
                done = end
                i = end
                continue
            }
            while i < n && ASCII.isDigit(text[i]) { i += 1 }
        }
    }

    /// The end of the IBAN that starts at `start` (two letters and two digits
    /// already checked), or `nil`.
    static func match(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        let length = Self.length(country: text[start], text[start + 1])
        guard length > 0 else { return nil }
        let n = text.count
        var end: Int
        if start + 4 < n && text[start + 4] == ASCII.space {
            // Grouped: "CCkk BBBB BBBB … B", every group but the last of four.
            var count = 4
            end = start + 4
            while count < length {
                guard end < n && text[end] == ASCII.space else { return nil }
                end += 1
                let group = min(4, length - count)
                for _ in 0..<group {
                    guard end < n && ASCII.isAlnum(text[end]) else { return nil }
                    end += 1
                }
                count += group
            }
        } else {
            end = start + 4
            while end < n && ASCII.isAlnum(text[end]) { end += 1 }
            guard end - start == length else { return nil }
        }
        guard end == n || !ASCII.isAlnum(text[end]) else { return nil }

        // Mod 97 of BBAN + country + check digits, computed incrementally.
        var r = 0
        for i in (start + 4)..<end where text[i] != ASCII.space { r = mod97(r, text[i]) }
        for i in start..<(start + 4) { r = mod97(r, text[i]) }
        return r == 1 ? end : nil
    }

    @inline(__always) private static func mod97(_ r: Int, _ b: UInt8) -> Int {
        if ASCII.isDigit(b) { return (r * 10 + ASCII.digit(b)) % 97 }
        return (r * 100 + Int((b | 0x20) - 0x61) + 10) % 97
    }

    /// The IBAN length for a country code (either case), or 0 if the country
    /// has no IBAN.
    @inline(__always) static func length(country c1: UInt8, _ c2: UInt8) -> Int {
        let a = Int((c1 | 0x20) &- 0x61), b = Int((c2 | 0x20) &- 0x61)
        guard a < 26 && b < 26 else { return 0 }
        return Int(lengths[a * 26 + b])
    }

    /// IBAN length by country, indexed by (first letter × 26 + second letter).
    private static let lengths: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 26 * 26)
        for (code, length) in registry {
            code.withUTF8Buffer { c in
                table[Int(c[0] - 0x41) * 26 + Int(c[1] - 0x41)] = length
            }
        }
        return table
    }()

    /// Country code and IBAN length of every country in the SWIFT IBAN
    /// registry (ISO 13616), 89 countries. Dependent territories listed under
    /// a parent (AX, GF, GP, IM, JE, …) write their IBANs with the parent's code.
    private static let registry: [(StaticString, UInt8)] = [
        ("AD", 24), ("AE", 23), ("AL", 28), ("AT", 20), ("AZ", 28), ("BA", 20), ("BE", 16),
        ("BG", 22), ("BH", 22), ("BI", 27), ("BR", 29), ("BY", 28), ("CH", 21), ("CR", 22),
        ("CY", 28), ("CZ", 24), ("DE", 22), ("DJ", 27), ("DK", 18), ("DO", 28), ("EE", 20),
        ("EG", 29), ("ES", 24), ("FI", 18), ("FK", 18), ("FO", 18), ("FR", 27), ("GB", 22),
        ("GE", 22), ("GI", 23), ("GL", 18), ("GR", 27), ("GT", 28), ("HN", 28), ("HR", 21),
        ("HU", 28), ("IE", 22), ("IL", 23), ("IQ", 23), ("IS", 26), ("IT", 27), ("JO", 30),
        ("KW", 30), ("KZ", 20), ("LB", 28), ("LC", 32), ("LI", 21), ("LT", 20), ("LU", 20),
        ("LV", 21), ("LY", 25), ("MC", 27), ("MD", 24), ("ME", 22), ("MK", 19), ("MN", 20),
        ("MR", 27), ("MT", 31), ("MU", 30), ("NI", 28), ("NL", 18), ("NO", 15), ("OM", 23),
        ("PK", 24), ("PL", 28), ("PS", 29), ("PT", 25), ("QA", 29), ("RO", 24), ("RS", 22),
        ("RU", 33), ("SA", 24), ("SC", 31), ("SD", 18), ("SE", 24), ("SI", 19), ("SK", 24),
        ("SM", 27), ("SO", 23), ("ST", 25), ("SV", 28), ("TL", 23), ("TN", 24), ("TR", 26),
        ("UA", 29), ("VA", 22), ("VG", 24), ("XK", 20), ("YE", 30),
    ]
}
