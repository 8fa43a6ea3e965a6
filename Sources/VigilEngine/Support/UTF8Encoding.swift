// UTF-8 encoding of single scalars, for every stage that writes text it folded or
// decoded: the normalizer's views (`writeScalar`, on the hot path) and the comparison
// forms and JSON strings built outside it (`appendUTF8`). UTF8Decoding.swift is the
// other direction.

/// Writes the UTF-8 encoding of `scalar` at `bytes`, each byte mapped to `origin`; returns its length.
@inlinable @inline(__always)
func writeScalar(_ scalar: UInt32, _ origin: Int32, _ bytes: UnsafeMutablePointer<UInt8>, _ origins: UnsafeMutablePointer<Int32>) -> Int {
    if scalar < 0x80 {
        bytes[0] = UInt8(truncatingIfNeeded: scalar)
        origins[0] = origin
        return 1
    } else if scalar < 0x800 {
        bytes[0] = UInt8(truncatingIfNeeded: 0xC0 | (scalar >> 6))
        bytes[1] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F))
        origins[0] = origin; origins[1] = origin
        return 2
    } else if scalar < 0x10000 {
        bytes[0] = UInt8(truncatingIfNeeded: 0xE0 | (scalar >> 12))
        bytes[1] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F))
        bytes[2] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F))
        origins[0] = origin; origins[1] = origin; origins[2] = origin
        return 3
    } else {
        bytes[0] = UInt8(truncatingIfNeeded: 0xF0 | (scalar >> 18))
        bytes[1] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 12) & 0x3F))
        bytes[2] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F))
        bytes[3] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F))
        origins[0] = origin; origins[1] = origin; origins[2] = origin; origins[3] = origin
        return 4
    }
}

/// Appends the UTF-8 encoding of `scalar` to `bytes`.
func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
    if scalar < 0x80 {
        bytes.append(UInt8(scalar))
    } else if scalar < 0x800 {
        bytes.append(UInt8(0xC0 | (scalar >> 6))); bytes.append(UInt8(0x80 | (scalar & 0x3F)))
    } else if scalar < 0x10000 {
        bytes.append(UInt8(0xE0 | (scalar >> 12))); bytes.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        bytes.append(UInt8(0x80 | (scalar & 0x3F)))
    } else {
        bytes.append(UInt8(0xF0 | (scalar >> 18))); bytes.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
        bytes.append(UInt8(0x80 | ((scalar >> 6) & 0x3F))); bytes.append(UInt8(0x80 | (scalar & 0x3F)))
    }
}
