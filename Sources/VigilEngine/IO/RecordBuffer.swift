// A verdict record is a dozen short pieces — pre-encoded
// fragments, numbers, the matched text — and appending each to a `[UInt8]` through
// `Array.append(contentsOf:)` cost ~100 instructions of generic bookkeeping for a few
// bytes. `vigil screen` assembles each record here instead, with plain copies into
// memory reserved once per thread, and hands it to the output in one append.

/// A growable byte buffer for assembling one output record with plain copies: JSON
/// strings escaped exactly as `JSONWriter` escapes them, integers and scores formatted
/// exactly as it formats them. Per thread (owned by a `RecordScreener`); never shared.
final class RecordBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written since the last `reset`.
    private(set) var count = 0

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written since the last `reset`; valid until the next write.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    func reset() { count = 0 }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    func reserve(_ extra: Int) {
        if count &+ extra > capacity { grow(to: count &+ extra) }
    }

    @inline(never)
    private func grow(to minimum: Int) {
        let newCapacity = max(minimum, capacity &* 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count &+= bytes.count
    }

    /// Pre-formed JSON text, verbatim.
    @inline(__always)
    func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// "00", "01", … "99": two digits per step when formatting.
    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    /// Decimal digits of `value`, as `JSONWriter.appendInteger` writes them: the digits
    /// are counted first, then written from the last, two at a time.
    func appendInteger(_ value: Int) {
        reserve(20)   // "-9223372036854775808" is 20 bytes
        if value < 0 { base[count] = UInt8(ascii: "-"); count &+= 1 }
        var magnitude = value.magnitude
        if magnitude < 10 {
            base[count] = UInt8(truncatingIfNeeded: magnitude) &+ 0x30
            count &+= 1
            return
        }
        var digits = 2
        var limit: UInt = 100
        while digits < 20 && magnitude >= limit {
            digits &+= 1
            let (next, overflow) = limit.multipliedReportingOverflow(by: 10)
            if overflow { break }   // past UInt.max: `digits` is already the most (20)
            limit = next
        }
        var position = count &+ digits
        count = position
        let pairs = Self.digitPairs.utf8Start
        while magnitude >= 100 {
            let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: 100)
            position &-= 2
            base[position] = pairs[Int(remainder) &* 2]
            base[position &+ 1] = pairs[Int(remainder) &* 2 &+ 1]
            magnitude = quotient
        }
        if magnitude >= 10 {
            position &-= 2
            base[position] = pairs[Int(magnitude) &* 2]
            base[position &+ 1] = pairs[Int(magnitude) &* 2 &+ 1]
        } else {
            base[position &- 1] = UInt8(truncatingIfNeeded: magnitude) &+ 0x30
        }
    }

    /// A score as `JSONWriter.double` writes it: integral values keep one decimal (`91.0`).
    func appendDouble(_ value: Double) {
        // Below 1e15 in magnitude, `Int(value)` is exact, so it round-trips exactly when
        // `value` is integral (`-0.0` included): `value == value.rounded()` without libm.
        if value.isFinite && abs(value) < 1e15 && Double(Int(value)) == value {
            appendInteger(Int(value))
            append(".0")
        } else if value.isFinite {
            var text = String(value)
            text.withUTF8 { append($0) }
        } else {
            append("null")
        }
    }

    /// `value` as a JSON string, escaped as `JSONWriter.writeString(utf8:)` escapes it.
    func appendString(utf8 value: UnsafeBufferPointer<UInt8>) {
        // Worst case every byte becomes `\u00XX`, plus the quotes.
        reserve(value.count &* 6 &+ 2)
        var out = base + count
        out.pointee = UInt8(ascii: "\"")
        out += 1
        var index = 0
        let length = value.count
        if let source = value.baseAddress {
            while index < length {
                // Eight bytes at a time while none needs escaping.
                if index &+ 8 <= length {
                    let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                    if !JSONWriter.needsEscape(word) {
                        UnsafeMutableRawPointer(out).storeBytes(of: word, as: UInt64.self)
                        out += 8
                        index &+= 8
                        continue
                    }
                }
                let byte = source[index]
                index &+= 1
                if byte >= 0x20 && byte != 0x22 && byte != 0x5C { out.pointee = byte; out += 1; continue }
                out.pointee = UInt8(ascii: "\\")
                switch byte {
                case 0x22: out[1] = UInt8(ascii: "\""); out += 2
                case 0x5C: out[1] = UInt8(ascii: "\\"); out += 2
                case 0x0A: out[1] = UInt8(ascii: "n"); out += 2
                case 0x0D: out[1] = UInt8(ascii: "r"); out += 2
                case 0x09: out[1] = UInt8(ascii: "t"); out += 2
                default:
                    let hex: StaticString = "0123456789abcdef"
                    out[1] = UInt8(ascii: "u"); out[2] = UInt8(ascii: "0"); out[3] = UInt8(ascii: "0")
                    out[4] = hex.utf8Start[Int(byte >> 4)]
                    out[5] = hex.utf8Start[Int(byte & 0xF)]
                    out += 6
                }
            }
        }
        out.pointee = UInt8(ascii: "\"")
        out += 1
        count = base.distance(to: out)
    }
}
