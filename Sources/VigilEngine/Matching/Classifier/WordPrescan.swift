// Why this file exists: most Chinese posts hold no byte a Latin word can start with, yet
// a Latin-script model's loop would still step through them character by character. A
// check of eight bytes at a time (no branch per byte) finds such posts first, and the
// Latin loops (ModelScoring.swift) then read nothing: exact, since those loops read no
// feature from a post without a word start.

extension TextClassifierModel {
    /// Whether some byte could start a word for the Latin loops: an ASCII letter or digit
    /// or a lead byte 0xC2…0xE1 (looser: any byte in 0x30…0x7A). False only when the
    /// loops would read no feature, whatever the bytes are.
    static func mayHoldWord(_ base: UnsafePointer<UInt8>, count: Int) -> Bool {
        let flipped: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        while index &+ 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            // 0x30…0x7A as they are; 0xC2…0xE1 are 0x42…0x61 with the top bit flipped.
            if hasBetween(word, 0x2F, 0x7B) | hasBetween(word ^ flipped, 0x41, 0x62) != 0 { return true }
            index &+= 8
        }
        while index < count {
            let byte = base[index]
            if byte &- 0x30 <= 0x7A - 0x30 || byte &- 0xC2 <= 0xE1 - 0xC2 { return true }
            index &+= 1
        }
        return false
    }

    /// Nonzero when some byte of `word` lies strictly between `low` and `high` (both at
    /// most 0x80; bytes of 0x80 or more never count). The bit trick of "Bit Twiddling
    /// Hacks" (Sean Eron Anderson, public domain), "determine if a word has a byte
    /// between m and n".
    @inline(__always)
    static func hasBetween(_ word: UInt64, _ low: UInt64, _ high: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7 = word & (ones &* 127)
        return (ones &* (127 &+ high) &- low7) & ~word & (low7 &+ ones &* (127 &- low)) & (ones &* 0x80)
    }
}
