// Decimal formatting of integers for the JSON writers (`JSONWriter`, `RecordBuffer`),
// without going through `String`: offsets, line numbers and ids are written for every
// hit of every post, so this sits on the screen's hot path.

enum DecimalDigits {
    /// Most bytes `write` produces: "-9223372036854775808".
    static let maximumLength = 20

    /// "00", "01", … "99": two digits per step.
    private static let pairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    /// Writes `value` in decimal at `destination` (room for `maximumLength` bytes) and
    /// returns the number of bytes written. The digits are counted first, then written
    /// from the last, two at a time.
    @inline(__always)
    static func write(_ value: Int, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        var start = 0
        if value < 0 { destination[0] = UInt8(ascii: "-"); start = 1 }
        var magnitude = value.magnitude
        if magnitude < 10 {
            destination[start] = UInt8(truncatingIfNeeded: magnitude) &+ 0x30
            return start &+ 1
        }
        var digits = 2
        var limit: UInt = 100
        // |Int.min| = 2^63 < 10^19 < UInt.max: `limit` stops at 10^19 at the latest.
        while magnitude >= limit {
            digits &+= 1
            limit *= 10
        }
        let end = start &+ digits
        var position = end
        let pairs = Self.pairs.utf8Start
        while magnitude >= 100 {
            let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: 100)
            position &-= 2
            destination[position] = pairs[Int(remainder) &* 2]
            destination[position &+ 1] = pairs[Int(remainder) &* 2 &+ 1]
            magnitude = quotient
        }
        if magnitude >= 10 {
            position &-= 2
            destination[position] = pairs[Int(magnitude) &* 2]
            destination[position &+ 1] = pairs[Int(magnitude) &* 2 &+ 1]
        } else {
            destination[position &- 1] = UInt8(truncatingIfNeeded: magnitude) &+ 0x30
        }
        return end
    }
}
