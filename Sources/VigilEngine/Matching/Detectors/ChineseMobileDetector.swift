// `cn-mobile`: mainland China mobile numbers, the contact detail most often
// pasted into spam and solicitation posts (`加我13800138000`). Eleven digits
// alone are common, so a candidate must carry a currently allocated mobile
// prefix and be a whole number, not a slice of a longer run of digits.

/// Finds mainland China mobile numbers: 11 digits with a current prefix
/// (13x, 145–149, 150–153, 155–159, 162/165–167, 170–178, 18x, 190–193,
/// 195–199), written `13800138000`, `138-0013-8000` or `138 0013 8000`,
/// optionally after a `+86`, `0086` or `86` country prefix, which the reported
/// span includes (`+86 138 0013 8000`, `+8613800138000`). The number must not
/// be part of a longer run of digits; a grouped number must not be part of a
/// longer chain of groups (`138 0013 8000 12`).
public struct ChineseMobileDetector: Detector {
    public var trigger: DetectorTrigger { .longDigitChain }
    /// The 11 digits of the number (a country prefix adds more).
    public var minimumDigits: Int { 11 }
    /// All of them in one chain of groups.
    public var minimumChainDigits: Int { 11 }
    /// `cn-mobile`, as rule files write it.
    public let name = "cn-mobile"

    /// Creates the detector; it holds no state.
    public init() {}

    /// Appends the range of every validated value found in `text` to `hits`, in order.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        let scanner = DigitRunScanner(text)
        var position = 0
        while let g = scanner.group(from: position) {
            if let hit = Self.match(scanner, at: g) {
                hits.append(hit)
                position = hit.end
            } else {
                position = g.end
            }
        }
    }

    /// The number (with any country prefix) that starts with group `g`.
    static func match(_ s: DigitRunScanner, at g: DigitGroup) -> ByteRange? {
        let text = s.text
        // A `+` directly before `86` belongs to the prefix.
        let prefixStart = s.byte(before: g.start, is: ASCII.plus) ? g.start - 1 : g.start
        switch g.length {
        case 13 where s.value(at: g.start, count: 2) == 86:
            if isMobile(text, at: g.start + 2) { return ByteRange(start: prefixStart, end: g.end) }
        case 15 where s.value(at: g.start, count: 4) == 86:
            if isMobile(text, at: g.start + 4) { return ByteRange(start: g.start, end: g.end) }
        case 2 where s.value(at: g.start, count: 2) == 86:
            if let (_, number) = s.next(after: g), let end = numberEnd(s, at: number, afterPrefix: true) {
                return ByteRange(start: prefixStart, end: end)
            }
        case 4 where s.value(at: g.start, count: 4) == 86:
            if let (_, number) = s.next(after: g), let end = numberEnd(s, at: number, afterPrefix: true) {
                return ByteRange(start: g.start, end: end)
            }
        default:
            break
        }
        if let end = numberEnd(s, at: g) { return ByteRange(start: g.start, end: end) }
        return nil
    }

    /// The end of an unprefixed mobile number starting with group `g`: either
    /// one 11-digit group or a 3-4-4 layout with one kind of separator that is
    /// the whole chain of groups joined by it (a country prefix before it
    /// excepted).
    static func numberEnd(_ s: DigitRunScanner, at g: DigitGroup, afterPrefix: Bool = false) -> Int? {
        if g.length == 11 {
            return isMobile(s.text, at: g.start) ? g.end : nil
        }
        guard g.length == 3, let (sep1, g2) = s.next(after: g), g2.length == 4,
              let (sep2, g3) = s.next(after: g2), g3.length == 4, sep1 == sep2,
              !s.continues(after: g3, with: sep1), afterPrefix || !s.continues(before: g, with: sep1),
              isMobile(s.text, at: g.start) else { return nil }
        return g3.end
    }

    /// Whether the three digits at `start` are a current mobile prefix.
    static func isMobile(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard text[start] == 0x31 else { return false }
        let second = ASCII.digit(text[start + 1])
        let third = ASCII.digit(text[start + 2])
        switch second {
        case 3, 8: return true
        case 4: return third >= 5
        case 5, 9: return third != 4
        case 6: return third == 2 || (5...7).contains(third)
        case 7: return third <= 8
        default: return false
        }
    }
}
