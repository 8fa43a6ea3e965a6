// `cn-resident-id`: the 18-character PRC resident identity number (GB 11643-1999).
// Moderation needs it to catch doxxing and PII leaks, and an 18-digit run alone
// is far too common (order numbers, card numbers) to report, so a candidate must
// start with a real province code, carry a real birth date and pass the MOD 11-2
// check character. People also write the number in its three parts
// (`360426 19910101 0071`), so that layout is found too.

/// Finds PRC resident identity numbers: 6-digit region whose first two digits
/// are a province-level code of GB/T 2260 (or 81–83, Hong Kong, Macao and Taiwan
/// residents), YYYYMMDD birth date (a real date, years 1900–2099), 3-digit
/// sequence and a check character (`0`–`9` or `X`, case-insensitive).
///
/// Written as one run (`360426199101010071`) or as region, birth date and
/// sequence-with-check separated by single spaces or single hyphens
/// (`360426 19910101 0071`, `440113-20141005-001X`). Only whole values count:
/// a value inside a longer run of digits, or inside a longer chain of groups,
/// is not reported.
public struct ResidentIDDetector: Detector {
    public var trigger: DetectorTrigger { .longDigitChain }
    /// 17 digits and a check character (a digit or X).
    public var minimumDigits: Int { 17 }
    /// All of them in one chain of groups.
    public var minimumChainDigits: Int { 17 }
    /// `cn-resident-id`, as rule files write it.
    public let name = "cn-resident-id"

    /// Creates the detector; it holds no state.
    public init() {}

    /// Appends the range of every validated value found in `text` to `hits`, in order.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        let scanner = DigitRunScanner(text)
        var position = 0
        while let g = scanner.group(from: position) {
            position = g.end
            // A number labelled as a card or credit code is not judged as an ID (ValueLabel).
            if let label = ValueLabel.before(text, g.start), label != .identity { continue }
            if g.length == 18 || g.length == 17 {
                if let end = Self.checkEnd(text, after: g),
                   Self.isValid({ text[g.start + $0] }) {
                    hits.append(ByteRange(start: g.start, end: end))
                    position = end
                }
            } else if g.length == 6, let end = Self.grouped(scanner, at: g) {
                hits.append(ByteRange(start: g.start, end: end))
                position = end
            }
        }
    }

    /// For a run of 18 digits, its end; for a run of 17 digits, the end of an `X`
    /// check character right after it that does not run into a word. `nil` otherwise.
    private static func checkEnd(_ text: UnsafeBufferPointer<UInt8>, after g: DigitGroup) -> Int? {
        if g.length == 18 { return g.end }
        let n = text.count
        guard g.end < n, text[g.end] | 0x20 == 0x78 /* x */,
              g.end + 1 == n || !ASCII.isAlnum(text[g.end + 1]) else { return nil }
        return g.end + 1
    }

    /// The end of a 6-8-4 (or 6-8-3 plus `X`) grouped number starting with `g`.
    private static func grouped(_ s: DigitRunScanner, at g: DigitGroup) -> Int? {
        let text = s.text
        guard let (separator, birth) = s.next(after: g), birth.length == 8,
              let (separator2, last) = s.next(after: birth), separator2 == separator,
              !s.continues(before: g, with: separator) else { return nil }
        var end: Int
        if last.length == 4 {
            end = last.end
        } else if last.length == 3, last.end < text.count, text[last.end] | 0x20 == 0x78 {
            end = last.end + 1
            if end < text.count && ASCII.isAlnum(text[end]) { return nil }
        } else {
            return nil
        }
        // The value must be the whole chain of groups joined by its separator.
        if end < text.count - 1 && text[end] == separator && ASCII.isDigit(text[end + 1]) { return nil }
        let valid = isValid { i in
            i < 6 ? text[g.start + i] : i < 14 ? text[birth.start + i - 6] : text[last.start + i - 14]
        }
        return valid ? end : nil
    }

    /// Whether the 18 characters `character(0)`…`character(17)` (17 digits and a
    /// check character) form a valid number.
    @inline(__always)
    static func isValid(_ character: (Int) -> UInt8) -> Bool {
        guard isProvince(ASCII.digit(character(0)) * 10 + ASCII.digit(character(1))) else { return false }
        func number(_ from: Int, _ count: Int) -> Int {
            var v = 0
            for i in from..<(from + count) { v = v * 10 + ASCII.digit(character(i)) }
            return v
        }
        guard isRealDate(year: number(6, 4), month: number(10, 2), day: number(12, 2)) else { return false }

        // Σ dᵢ·wᵢ mod 11 with the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
        // which are 2^(17−i) mod 11: Horner's rule with base 2 gives the same sum.
        var sum = 0
        for i in 0..<17 { sum = (sum + ASCII.digit(character(i))) * 2 % 11 }
        let check = (12 - sum % 11) % 11
        let c = character(17)
        if check == 10 { return c | 0x20 == 0x78 }
        return ASCII.isDigit(c) && ASCII.digit(c) == check
    }

    /// Whether `code` (the first two digits of a region code) is a province-level
    /// division of GB/T 2260, or 81–83 (Hong Kong, Macao and Taiwan residents'
    /// residence permits use these).
    static func isProvince(_ code: Int) -> Bool {
        switch code {
        case 11...15, 21...23, 31...37, 41...46, 50...54, 61...65, 71, 81...83: return true
        default: return false
        }
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
