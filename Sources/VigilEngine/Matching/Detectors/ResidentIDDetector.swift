// `cn-resident-id`: the 18-character PRC resident identity number (GB 11643-1999).
// Moderation needs it to catch doxxing and PII leaks, and an 18-digit run alone
// is far too common (order numbers, card numbers) to report, so a candidate must
// pass the MOD 11-2 check character and carry a real birth date.

/// Finds PRC resident identity numbers: 6-digit region (first digit 1–8),
/// YYYYMMDD birth date (a real date, years 1900–2099), 3-digit sequence and a
/// check character (`0`–`9` or `X`, case-insensitive). Only whole digit runs
/// count: a value inside a longer run of digits is not reported.
public struct ResidentIDDetector: Detector {
    /// `cn-resident-id`, as rule files write it.
    public let name = "cn-resident-id"

    /// Creates the detector; it holds no state.
    public init() {}

    /// Appends the range of every validated value found in `text` to `hits`, in order.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        let scanner = DigitRunScanner(text)
        let n = text.count
        var position = 0
        while let g = scanner.group(from: position) {
            position = g.end
            if g.length == 18 {
                if Self.isValid(text, at: g.start) {
                    hits.append(ByteRange(start: g.start, end: g.end))
                }
            } else if g.length == 17, g.end < n, text[g.end] | 0x20 == 0x78 /* x */,
                      g.end + 1 == n || !ASCII.isAlnum(text[g.end + 1]) {
                if Self.isValid(text, at: g.start) {
                    hits.append(ByteRange(start: g.start, end: g.end + 1))
                    position = g.end + 1
                }
            }
        }
    }

    /// Whether the 18 characters at `start` (17 digits and a check character)
    /// form a valid number.
    static func isValid(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let first = text[start]
        guard first >= 0x31 && first <= 0x38 else { return false }  // region 1…8
        let scanner = DigitRunScanner(text)
        let year = scanner.value(at: start + 6, count: 4)
        let month = scanner.value(at: start + 10, count: 2)
        let day = scanner.value(at: start + 12, count: 2)
        guard isRealDate(year: year, month: month, day: day) else { return false }

        // Σ dᵢ·wᵢ mod 11 with the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
        // which are 2^(17−i) mod 11: Horner's rule with base 2 gives the same sum.
        var sum = 0
        for i in 0..<17 { sum = (sum + ASCII.digit(text[start + i])) * 2 % 11 }
        let check = (12 - sum % 11) % 11
        let c = text[start + 17]
        if check == 10 { return c | 0x20 == 0x78 }
        return ASCII.isDigit(c) && ASCII.digit(c) == check
    }

    /// Whether YYYY-MM-DD is a Gregorian date with 1900 ≤ YYYY ≤ 2099.
    static func isRealDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1900...2099).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days: Int
        switch month {
        case 2: days = leap ? 29 : 28
        case 4, 6, 9, 11: days = 30
        default: days = 31
        }
        return day <= days
    }
}
