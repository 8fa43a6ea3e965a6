// How a string is written into JSON, in one place: `JSONWriter` (every record but the
// screen's verdicts) and `RecordBuffer` (the screen's verdicts, on the hot path) both
// call `JSONEscaping.write`, so the two can never escape differently. Bytes that need
// no escape are copied eight at a time.

enum JSONEscaping {
    /// Most bytes `write` produces for `count` bytes of text: every byte as `\u00XX`,
    /// plus the two quotes.
    @inline(__always)
    static func maximumLength(_ count: Int) -> Int { count &* 6 &+ 2 }

    /// Writes `value` as a quoted JSON string at `out`, which has room for
    /// `maximumLength(value.count)` bytes; returns the position after the closing quote.
    /// `"`, `\` and control bytes are escaped (`\n`, `\r`, `\t`, else `\u00XX`); every
    /// other byte, UTF-8 sequences included, is copied as it is.
    @inline(__always)
    static func write(_ value: UnsafeBufferPointer<UInt8>, to start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var out = start
        out.pointee = UInt8(ascii: "\"")
        out += 1
        var index = 0
        let length = value.count
        if let source = value.baseAddress {
            while index < length {
                // Eight bytes at a time while none needs escaping.
                if index &+ 8 <= length {
                    let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                    if !needsEscape(word) {
                        UnsafeMutableRawPointer(out).storeBytes(of: word, as: UInt64.self)
                        out += 8
                        index &+= 8
                        continue
                    }
                }
                let byte = source[index]
                index &+= 1
                if byte >= 0x20 && byte != 0x22 && byte != 0x5C { out.pointee = byte; out += 1; continue }
                out = escape(byte, at: out)
            }
        }
        out.pointee = UInt8(ascii: "\"")
        return out + 1
    }

    /// Writes the escape of one byte that needs one; returns the position after it.
    @inline(__always)
    static func escape(_ byte: UInt8, at out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        out.pointee = UInt8(ascii: "\\")
        switch byte {
        case 0x22: out[1] = UInt8(ascii: "\""); return out + 2
        case 0x5C: out[1] = UInt8(ascii: "\\"); return out + 2
        case 0x0A: out[1] = UInt8(ascii: "n"); return out + 2
        case 0x0D: out[1] = UInt8(ascii: "r"); return out + 2
        case 0x09: out[1] = UInt8(ascii: "t"); return out + 2
        default:
            let hex: StaticString = "0123456789abcdef"
            out[1] = UInt8(ascii: "u"); out[2] = UInt8(ascii: "0"); out[3] = UInt8(ascii: "0")
            out[4] = hex.utf8Start[Int(byte >> 4)]
            out[5] = hex.utf8Start[Int(byte & 0xF)]
            return out + 6
        }
    }

    /// Whether some byte of `word` must be escaped in a JSON string: a control byte
    /// (< 0x20), `"` or `\\` (exact, by the "haszero"/"hasless" bit tricks).
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool { escapeMask(word) != 0 }

    /// `needsEscape` as a mask: the high bit of each flagged byte. Borrows can flag a
    /// byte above a flagged one wrongly, never below: the lowest flag is exact, so
    /// `escapeMask(word).trailingZeroBitCount / 8` bytes (little-endian) need no escape.
    @inline(__always)
    static func escapeMask(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let control = (word &- ones &* 0x20) & ~word
        return (control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highs
    }
}
