// `phone`: international phone numbers in E.164 style (`+` and a country
// code), the contact detail of cross-border spam and scam posts. Without the
// `+` a digit string could be anything, so only that form is reported, and the
// country code must be one ITU-T has assigned.

/// Finds international phone numbers: `+`, an assigned country calling code
/// and 7–14 more digits, at most 15 digits in all. Groups may be separated by
/// spaces, hyphens, dots and parentheses (at most two separator characters in
/// a row, parentheses balanced): `+1 (415) 555-2671`, `+44 20 7946 0958`,
/// `+86 10 6552 9988`. A trunk `(0)` after the country code (`+44 (0)20 …`)
/// is allowed and not counted. The `+` must not follow a letter or digit, and
/// the number must not continue into more digits than E.164 allows.
public struct PhoneDetector: Detector {
    public var trigger: DetectorTrigger { .plusDigit }
    /// A country code and at least 7 more digits.
    public var minimumDigits: Int { 8 }
    /// `phone`, as rule files write it.
    public let name = "phone"

    /// Creates the detector; it holds no state.
    public init() {}

    /// Appends the range of every validated value found in `text` to `hits`, in order.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        let n = text.count
        var i = 0
        while true {
            i = ByteSearch.first(ASCII.plus, in: text, from: i)
            guard i < n else { break }
            if i == 0 || !(ASCII.isAlnum(text[i - 1]) || text[i - 1] == ASCII.plus),
               let end = Self.numberEnd(text, plus: i) {
                hits.append(ByteRange(start: i, end: end))
                i = end
            } else {
                i += 1
            }
        }
    }

    /// The end of the number whose `+` is at `plus`, or `nil`.
    static func numberEnd(_ text: UnsafeBufferPointer<UInt8>, plus: Int) -> Int? {
        let n = text.count
        var p = plus + 1
        guard p < n, ASCII.isDigit(text[p]), text[p] != 0x30 else { return nil }
        var total = 0          // digits counted
        var lead = 0           // value of the first three digits
        var groups = 0
        var parenOpen = false
        var end = p
        while true {
            // A digit group.
            let groupStart = p
            while p < n && ASCII.isDigit(text[p]) { p += 1 }
            groups += 1
            let trunkZero = groups == 2 && p - groupStart == 1 && text[groupStart] == 0x30
                && parenOpen && p < n && text[p] == 0x29
            if !trunkZero {
                for k in groupStart..<p {
                    if total < 3 { lead = lead * 10 + ASCII.digit(text[k]) }
                    total += 1
                }
            }
            guard total <= 15 else { return nil }
            end = p
            // Separators before the next group, committed only if a digit follows.
            var q = p
            var open = parenOpen
            var count = 0
            separators: while q < n && count < 2 {
                switch text[q] {
                case ASCII.space, ASCII.hyphen, ASCII.dot: break
                case 0x28 /* ( */ where !open: open = true
                case 0x29 /* ) */ where open: open = false
                default: break separators
                }
                q += 1
                count += 1
            }
            guard count > 0, q < n, ASCII.isDigit(text[q]) else {
                // The number ends here; a `(` must have been closed.
                if parenOpen { return nil }
                break
            }
            parenOpen = open
            p = q
        }
        guard total >= 8, let ccLength = countryCodeLength(lead, digits: min(total, 3)),
              (7...14).contains(total - ccLength) else { return nil }
        return end
    }

    /// The length of the assigned country calling code that `lead` (the first
    /// `digits` digits of the number) starts with, or `nil`. The codes form a
    /// prefix code (ITU-T E.164 list of assigned country codes).
    static func countryCodeLength(_ lead: Int, digits: Int) -> Int? {
        guard digits == 3 else { return nil }
        let one = lead / 100, two = lead / 10
        if one == 1 || one == 7 { return 1 }
        switch two {
        case 20, 27, 30...34, 36, 39, 40, 41, 43...49, 51...58, 60...66, 81, 82, 84, 86,
             90...95, 98:
            return 2
        default:
            break
        }
        switch lead {
        case 211...213, 216, 218, 220...258, 260...269, 290, 291, 297...299,
             350...359, 370...383, 385...387, 389, 420, 421, 423,
             500...509, 590...599, 670, 672...683, 685...692,
             800, 808, 850, 852, 853, 855, 856, 870, 878, 880...883, 886, 888,
             960...968, 970...977, 979, 992...996, 998:
            return 3
        default:
            return nil
        }
    }
}
