// `cn-resident-id-15`: the 15-digit first-generation PRC resident identity number
// (issued until 2004, still printed on old records and household registers). It
// has no check character, so it is weaker evidence than the 18-digit number and
// is its own detector: rules give it a lower weight. What can be checked is
// checked: a real province code, a real birth date and the whole-value layout.

/// Finds 15-digit PRC resident identity numbers: 6-digit region whose first two
/// digits are a province-level code (as for `cn-resident-id`), YYMMDD birth date
/// (a real date in 1900–1999) and a 3-digit sequence. Written as one run
/// (`360426910101007`) or as 6-6-3 groups separated by single spaces or single
/// hyphens (`360426 910101 007`). Only whole values count: a value inside a
/// longer run of digits, or inside a longer chain of groups, is not reported,
/// so an 18-digit number never yields a 15-digit one.
public struct ResidentID15Detector: Detector {
    public var trigger: DetectorTrigger { .longDigitChain }
    /// 15 digits.
    public var minimumDigits: Int { 15 }
    /// All of them in one chain of groups.
    public var minimumChainDigits: Int { 15 }
    /// `cn-resident-id-15`, as rule files write it.
    public let name = "cn-resident-id-15"

    /// Creates the detector; it holds no state.
    public init() {}

    /// Appends the range of every validated value found in `text` to `hits`, in order.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        let scanner = DigitRunScanner(text)
        var position = 0
        while let g = scanner.group(from: position) {
            position = g.end
            if g.length == 15 {
                // Not the start of an 18-digit number whose check character is X.
                if g.end < text.count && ASCII.isLetter(text[g.end]) { continue }
                if Self.isValid({ text[g.start + $0] }) {
                    hits.append(ByteRange(start: g.start, end: g.end))
                }
            } else if g.length == 6,
                      let (separator, birth) = scanner.next(after: g), birth.length == 6,
                      let (separator2, sequence) = scanner.next(after: birth), separator2 == separator,
                      sequence.length == 3,
                      !scanner.continues(before: g, with: separator),
                      !scanner.continues(after: sequence, with: separator),
                      sequence.end == text.count || !ASCII.isLetter(text[sequence.end]) {
                let valid = Self.isValid { i in
                    i < 6 ? text[g.start + i] : i < 12 ? text[birth.start + i - 6] : text[sequence.start + i - 12]
                }
                if valid {
                    hits.append(ByteRange(start: g.start, end: sequence.end))
                    position = sequence.end
                }
            }
        }
    }

    /// Whether the 15 digits `digit(0)`…`digit(14)` form a plausible number.
    @inline(__always)
    static func isValid(_ digit: (Int) -> UInt8) -> Bool {
        guard ResidentIDDetector.isProvince(ASCII.digit(digit(0)) * 10 + ASCII.digit(digit(1))) else { return false }
        let year = 1900 + ASCII.digit(digit(6)) * 10 + ASCII.digit(digit(7))
        let month = ASCII.digit(digit(8)) * 10 + ASCII.digit(digit(9))
        let day = ASCII.digit(digit(10)) * 10 + ASCII.digit(digit(11))
        return ResidentIDDetector.isRealDate(year: year, month: month, day: day)
    }
}
