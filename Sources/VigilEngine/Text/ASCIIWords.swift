// Eight bytes at a time over mostly-ASCII text: the normalizer copies runs of letters,
// digits and single spaces (most of an English post) without a table lookup per byte,
// and the repeat collapser steps over runs without a repeated letter. Both classify the
// eight bytes of one `UInt64` at once ("SWAR"); the helpers here say which bytes are what.
//
// Every mask has the high bit (0x80) of a byte set where the property holds, nothing
// else. The range tests add a constant to each byte of a word whose bytes are all below
// 0x80; no sum reaches 0x100, so no carry crosses into the next byte and each byte's high
// bit is the answer for that byte alone.

@usableFromInline let asciiOnes: UInt64 = 0x0101_0101_0101_0101
@usableFromInline let asciiHighBits: UInt64 = 0x8080_8080_8080_8080
@usableFromInline let asciiLowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

/// The eight bytes at `index` of `bytes` (which end at `end`) as one little-endian word
/// (byte `index` lowest), for `end - index >= 1`. Near the end, the last eight bytes are
/// loaded and shifted down, so the bytes past `end` read as zero; texts shorter than
/// eight bytes give nil.
@inlinable @inline(__always)
func asciiWord(_ bytes: UnsafePointer<UInt8>, at index: Int, end: Int) -> UInt64? {
    if index &+ 8 <= end {
        return UInt64(littleEndian: UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self))
    }
    guard end >= 8 else { return nil }
    let last = UInt64(littleEndian: UnsafeRawPointer(bytes + (end &- 8)).loadUnaligned(as: UInt64.self))
    return last >> UInt64(truncatingIfNeeded: (index &+ 8 &- end) &* 8)
}

/// High bit of each byte of `word` (all bytes below 0x80) that lies in `low...high`.
@inlinable @inline(__always)
func asciiBytesInRange(_ word: UInt64, _ low: UInt8, _ high: UInt8) -> UInt64 {
    // byte + (0x80 - low) has its high bit set iff byte >= low; byte + (0x7F - high) iff byte > high.
    let atLeastLow = word &+ asciiOnes &* UInt64(0x80 &- low)
    let aboveHigh = word &+ asciiOnes &* UInt64(0x7F &- high)
    return atLeastLow & ~aboveHigh & asciiHighBits
}

/// High bit of each byte of `word` (all bytes below 0x80) that is zero.
@inlinable @inline(__always)
func asciiZeroBytes(_ word: UInt64) -> UInt64 {
    // byte + 0x7F has its high bit set iff byte >= 1 (and stays below 0x100).
    ~(word &+ asciiLowBits) & asciiHighBits
}

/// Number of bytes before the first byte whose high bit is set in `mask` (8 when none is).
@inlinable @inline(__always)
func leadingBytes(before mask: UInt64) -> Int {
    mask == 0 ? 8 : mask.trailingZeroBitCount &>> 3
}

/// The run of ASCII letters, digits and single spaces at the start of `block` (little-endian
/// bytes), each space followed by a letter or digit, and `block` with letters lower-cased.
/// A space is kept only when the next byte is content, so a run never ends with one (a
/// space in byte 7 ends the run before it: its successor is not in this word).
/// Also the high bit of each ASCII digit and of each ASCII letter of the whole word
/// (not only of the run), for the normalizer's summary (ViewByteSummary).
@inlinable @inline(__always)
func asciiContentRun(_ block: UInt64) -> (length: Int, lowered: UInt64, digits: UInt64, letters: UInt64) {
    let ascii = block & asciiLowBits
    let letters = asciiBytesInRange(ascii | 0x2020_2020_2020_2020, 0x61, 0x7A)   // either case
    let digits = asciiBytesInRange(ascii, 0x30, 0x39)
    let spaces = asciiZeroBytes(ascii ^ 0x2020_2020_2020_2020)
    let content = (letters | digits) & ~block       // not a non-ASCII byte whose low bits look like one
    let kept = content | spaces & (content &>> 8)   // byte i + 1's bit moved to byte i
    let stops = (~kept | block) & asciiHighBits      // other bytes, non-ASCII bytes
    return (leadingBytes(before: stops), ascii | letters &>> 2,   // 0x80 >> 2 == 0x20: lower case
            content & digits, content & letters)
}
