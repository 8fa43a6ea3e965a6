// The fast path of every detector: most text holds no candidate at all, so
// each detector skips ahead to the byte its values must contain (a digit, `@`,
// `+`, `:`) eight bytes at a time with SWAR word tests, and only then looks
// around. This is what keeps eleven detectors cheap on Chinese text, where
// nearly every byte is part of a CJK character.

/// Finds the next occurrence of a byte class, eight bytes per step.
enum ByteSearch {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte of `x` is an ASCII digit (0x30…0x39). Exact, for
    /// every byte value (the "hasbetween" bit trick).
    @inline(__always) static func hasDigit(_ x: UInt64) -> Bool {
        let low = x & (ones &* 0x7F)
        return ((ones &* (127 + 0x3A)) &- low) & ~x & (low &+ ones &* (127 - 0x2F)) & highs != 0
    }

    /// Whether some byte of `x` equals `byte` (the "haszero" bit trick).
    @inline(__always) static func has(_ x: UInt64, _ byte: UInt8) -> Bool {
        let y = x ^ (ones &* UInt64(byte))
        return (y &- ones) & ~y & highs != 0
    }

    @inline(__always) private static func word(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64 {
        UnsafeRawPointer(text.baseAddress!).loadUnaligned(fromByteOffset: i, as: UInt64.self)
    }

    /// The offset of the first ASCII digit at or after `start`, or `text.count`.
    static func firstDigit(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        let n = text.count
        while i + 8 <= n && !hasDigit(word(text, i)) { i += 8 }
        while i < n && !ASCII.isDigit(text[i]) { i += 1 }
        return i
    }

    /// The offset of the first `byte` at or after `start`, or `text.count`.
    static func first(_ byte: UInt8, in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        let n = text.count
        while i + 8 <= n && !has(word(text, i), byte) { i += 8 }
        while i < n && text[i] != byte { i += 1 }
        return i
    }

    /// The offset of the first `a` or `b` at or after `start`, or `text.count`. When both
    /// are non-ASCII bytes, a word of ASCII bytes is passed over on one test.
    static func first(_ a: UInt8, or b: UInt8, in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        let n = text.count
        let bothHigh = a & b >= 0x80
        while i + 8 <= n {
            let x = word(text, i)
            if !(bothHigh && x & highs == 0) && (has(x, a) || has(x, b)) { break }
            i += 8
        }
        while i < n && text[i] != a && text[i] != b { i += 1 }
        return i
    }
}
