// The Luhn (mod 10) check shared by the bank-card and credit-card detectors:
// every payment card number ends with a Luhn check digit, which is what turns
// "16 digits" into "probably a card number".

/// The Luhn mod-10 checksum over the digits of a byte range.
enum Luhn {
    /// Whether the ASCII digits in `text[start..<end]` pass the Luhn check.
    /// Other bytes in the range (group separators) are skipped.
    static func isValid(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var sum = 0
        var doubled = false
        var i = end
        while i > start {
            i -= 1
            let b = text[i]
            guard ASCII.isDigit(b) else { continue }
            var d = ASCII.digit(b)
            if doubled {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
            doubled.toggle()
        }
        return sum % 10 == 0
    }
}
