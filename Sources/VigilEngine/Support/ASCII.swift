// ASCII byte classes, in one place for every stage: detectors, allow lists, whole-word
// checks and keyword forms all ask the same questions of single bytes. Any byte ≥ 0x80
// belongs to a non-ASCII character and is in none of these classes, so it acts as a
// boundary.

/// ASCII byte classes and constants.
enum ASCII {
    static let space: UInt8 = 0x20
    static let hyphen: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let plus: UInt8 = 0x2B
    static let at: UInt8 = 0x40
    static let slash: UInt8 = 0x2F

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    /// `a`–`z` or `A`–`Z`.
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }
    @inline(__always) static func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }
    /// The byte with `A`–`Z` mapped to `a`–`z`.
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }
    /// The value of a byte known to be a digit.
    @inline(__always) static func digit(_ b: UInt8) -> Int { Int(b &- 0x30) }
}
