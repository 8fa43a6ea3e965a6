// Small, allocation-free UTF-8 helpers for the hot path: the engine walks posts as
// bytes and only decodes a scalar where it has to look it up in a table.

/// Number of bytes in the UTF-8 sequence that starts with `lead` (1 for ASCII and,
/// defensively, for stray continuation bytes, so a walk always advances).
@inlinable @inline(__always)
public func utf8SequenceLength(lead: UInt8) -> Int {
    if lead < 0xC0 { return 1 }
    if lead < 0xE0 { return 2 }
    if lead < 0xF0 { return 3 }
    return 4
}

/// Decodes the scalar starting at `index` of valid UTF-8 `bytes`; returns it and its length.
@inlinable @inline(__always)
func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: UInt32, length: Int) {
    let b0 = UInt32(bytes[index])
    if b0 < 0x80 { return (b0, 1) }
    if b0 < 0xE0 {
        return (((b0 & 0x1F) << 6) | (UInt32(bytes[index + 1]) & 0x3F), 2)
    }
    if b0 < 0xF0 {
        return (((b0 & 0x0F) << 12) | ((UInt32(bytes[index + 1]) & 0x3F) << 6) | (UInt32(bytes[index + 2]) & 0x3F), 3)
    }
    return (((b0 & 0x07) << 18) | ((UInt32(bytes[index + 1]) & 0x3F) << 12)
            | ((UInt32(bytes[index + 2]) & 0x3F) << 6) | (UInt32(bytes[index + 3]) & 0x3F), 4)
}

/// Counts Unicode scalars in valid UTF-8 (every byte that is not a continuation byte).
@inlinable
public func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var count = 0
    for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
    return count
}

/// Decodes the scalar at `index` of UTF-8 that ends at `end`, never reading past it: a
/// stray continuation byte or a sequence cut off by the end decodes as U+FFFD.
@inlinable @inline(__always)
func decodeScalarChecked(_ bytes: UnsafePointer<UInt8>, at index: Int, end: Int) -> (scalar: UInt32, length: Int) {
    let b0 = UInt32(bytes[index])
    if b0 < 0x80 { return (b0, 1) }
    if b0 < 0xC0 { return (0xFFFD, 1) }
    if b0 < 0xE0 {
        guard index + 1 < end else { return (0xFFFD, end - index) }
        return (((b0 & 0x1F) << 6) | (UInt32(bytes[index + 1]) & 0x3F), 2)
    }
    if b0 < 0xF0 {
        guard index + 2 < end else { return (0xFFFD, end - index) }
        return (((b0 & 0x0F) << 12) | ((UInt32(bytes[index + 1]) & 0x3F) << 6) | (UInt32(bytes[index + 2]) & 0x3F), 3)
    }
    guard index + 3 < end else { return (0xFFFD, end - index) }
    return (((b0 & 0x07) << 18) | ((UInt32(bytes[index + 1]) & 0x3F) << 12)
            | ((UInt32(bytes[index + 2]) & 0x3F) << 6) | (UInt32(bytes[index + 3]) & 0x3F), 4)
}
