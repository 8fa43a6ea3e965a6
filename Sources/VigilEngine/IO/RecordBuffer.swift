// A verdict record is a dozen short pieces — pre-encoded
// fragments, numbers, the matched text — and appending each to a `[UInt8]` through
// `Array.append(contentsOf:)` cost ~100 instructions of generic bookkeeping for a few
// bytes. `vigil screen` assembles each record here instead, with plain copies into
// memory reserved once per thread, and hands it to the output in one append.

/// A growable byte buffer for assembling one output record with plain copies: JSON
/// strings escaped by the routine `JSONWriter` uses (JSONEscaping.swift), integers and
/// scores formatted exactly as it formats them. Per thread (owned by a `RecordScreener`); never shared.
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

    /// Decimal digits of `value` (`DecimalDigits`).
    func appendInteger(_ value: Int) {
        reserve(DecimalDigits.maximumLength)
        count &+= DecimalDigits.write(value, to: base + count)
    }

    /// A score as `JSONWriter.double` writes it: integral values keep one decimal (`91.0`).
    func appendDouble(_ value: Double) {
        // Below 1e15 in magnitude, `Int(value)` is exact, so it round-trips exactly when
        // `value` is integral (`-0.0` included): `value == value.rounded()` without libm.
        if value.isFinite && abs(value) < 1e15 && Double(Int(value)) == value {
            appendInteger(Int(value))
            append(".0")
        } else if value > 0 && value < 1e6, case let tenths = (value * 10).rounded(), tenths / 10 == value {
            // A score (`ScoreFormula.rounded`: k/10 as the nearest double to it). Its
            // description is "q.r": that decimal reads back as the same double (k and 10
            // are exact, the division is correctly rounded), and below 1e6 no decimal
            // with fewer digits is within a rounding step of it (doubles there are
            // ~1e-10 apart; a shorter decimal is 0.1 away at least), nor is one printed
            // with an exponent.
            let k = Int(tenths)
            appendInteger(k / 10)
            append(UInt8(ascii: "."))
            append(UInt8(truncatingIfNeeded: k % 10) &+ 0x30)
        } else if value.isFinite {
            var text = String(value)
            text.withUTF8 { append($0) }
        } else {
            append("null")
        }
    }

    /// `value` as a JSON string (JSONEscaping.swift).
    func appendString(utf8 value: UnsafeBufferPointer<UInt8>) {
        reserve(JSONEscaping.maximumLength(value.count))
        count = base.distance(to: JSONEscaping.write(value, to: base + count))
    }
}
