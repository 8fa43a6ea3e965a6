// `cn-uscc`: the Unified Social Credit Code (GB 32100-2015) that identifies
// every Chinese company and organisation. Rules use it to spot business
// registration details in ads and fraud posts; the code's own check character
// is what separates it from any other 18-character token.

/// Finds Unified Social Credit Codes: 18 characters from
/// `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I O S V Z; either case), at least one
/// of them a digit, whose last character is the GB 32100 check character
/// (weights 3^(i−1) mod 31, check = alphabet[(31 − Σ mod 31) mod 31]). The code
/// must be a whole ASCII letter-and-digit run, not part of a longer one.
public struct USCCDetector: Detector {
    public var trigger: DetectorTrigger { .alnumRun18 }
    /// `cn-uscc`, as rule files write it.
    public let name = "cn-uscc"

    /// Creates the detector; it holds no state.
    public init() {}

    /// Appends the range of every validated value found in `text` to `hits`, in order.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [ByteRange]) {
        // Every code holds a digit: look only at letter-and-digit runs that do.
        let n = text.count
        var done = 0  // bytes before this belong to runs already examined
        while true {
            let digit = ByteSearch.firstDigit(in: text, from: done)
            guard digit < n else { break }
            var start = digit
            while start > done && ASCII.isAlnum(text[start - 1]) { start -= 1 }
            var end = digit + 1
            while end < n && ASCII.isAlnum(text[end]) { end += 1 }
            done = end
            let wholeRun = start == 0 || !ASCII.isAlnum(text[start - 1])
            let label = ValueLabel.before(text, start)   // an ID or card label: not a credit code
            if wholeRun && end - start == 18 && (label == nil || label == .creditCode) && Self.isValid(text, at: start) {
                hits.append(ByteRange(start: start, end: end))
            }
        }
    }

    /// Whether the 18 ASCII letters and digits at `start` form a valid code.
    static func isValid(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var sum = 0
        var weight = 1
        var sawDigit = false
        for i in 0..<17 {
            let b = text[start + i]
            guard let v = value(of: b) else { return false }
            sawDigit = sawDigit || ASCII.isDigit(b)
            sum += v * weight
            weight = weight * 3 % 31
        }
        let last = text[start + 17]
        guard let check = value(of: last) else { return false }
        sawDigit = sawDigit || ASCII.isDigit(last)
        return sawDigit && check == (31 - sum % 31) % 31
    }

    /// The value of a character of the code alphabet (0–30), or `nil`.
    static func value(of b: UInt8) -> Int? {
        if ASCII.isDigit(b) { return ASCII.digit(b) }
        guard ASCII.isLetter(b) else { return nil }
        // a b c d e f g h (i) j k l m n (o) p q r (s) t u (v) w x y (z)
        switch b | 0x20 {
        case 0x61...0x68: return Int(b | 0x20) - 0x61 + 10  // a–h → 10–17
        case 0x6A...0x6E: return Int(b | 0x20) - 0x6A + 18  // j–n → 18–22
        case 0x70...0x72: return Int(b | 0x20) - 0x70 + 23  // p–r → 23–25
        case 0x74, 0x75: return Int(b | 0x20) - 0x74 + 26    // t–u → 26–27
        case 0x77...0x79: return Int(b | 0x20) - 0x77 + 28  // w–y → 28–30
        default: return nil                                  // i o s v z
        }
    }
}
