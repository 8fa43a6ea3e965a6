// A minimal JSON writer for Vigil's output records: appends straight into a byte
// buffer, escaping strings per RFC 8259, with no general-purpose encoder and no
// intermediate dictionaries on the per-post path.

/// Appends JSON tokens to a reusable byte buffer.
public struct JSONWriter {
    public var bytes: [UInt8] = []
    /// Per open container: whether nothing has been written into it yet.
    var containerIsEmpty: [Bool] = []
    /// A key was just written: its value needs no comma.
    var afterKey = false

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    /// The text written so far.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        containerIsEmpty.removeAll(keepingCapacity: true)
        afterKey = false
    }

    /// Writes the comma that separates this element from the previous one, if any.
    mutating func beginValue() {
        if afterKey { afterKey = false; return }
        guard let isEmpty = containerIsEmpty.last else { return }
        if isEmpty { containerIsEmpty[containerIsEmpty.count - 1] = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    public mutating func beginObject() { beginValue(); bytes.append(UInt8(ascii: "{")); containerIsEmpty.append(true) }
    public mutating func endObject() { containerIsEmpty.removeLast(); bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { beginValue(); bytes.append(UInt8(ascii: "[")); containerIsEmpty.append(true) }
    public mutating func endArray() { containerIsEmpty.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// Appends pre-formed JSON text verbatim (e.g. `{"type":"verdict"` or `,"id":`); the
    /// caller keeps it well-formed and takes care of separators.
    public mutating func literal(_ json: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: json.utf8Start, count: json.utf8CodeUnitCount))
    }

    /// Writes an object key; the next value written belongs to it.
    public mutating func key(_ name: String) {
        beginValue()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    public mutating func string(_ value: String) { beginValue(); writeString(value) }
    public mutating func string(utf8 value: UnsafeBufferPointer<UInt8>) { beginValue(); writeString(utf8: value) }
    public mutating func int(_ value: Int) { beginValue(); appendInteger(value) }

    /// Decimal digits of `value` (`DecimalDigits`), without going through `String`.
    mutating func appendInteger(_ value: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: DecimalDigits.maximumLength) { digits in
            let length = DecimalDigits.write(value, to: digits.baseAddress!)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[..<length]))
        }
    }
    public mutating func bool(_ value: Bool) { beginValue(); bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    public mutating func null() { beginValue(); bytes.append(contentsOf: "null".utf8) }
    /// A number; integral values keep one decimal (`91.0`) so scores always read as floats.
    public mutating func double(_ value: Double) {
        beginValue()
        if value.isFinite && value == value.rounded() && abs(value) < 1e15 {
            appendInteger(Int(value))
            literal(".0")
        } else if value.isFinite {
            bytes.append(contentsOf: String(value).utf8)
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }
    /// Pre-encoded JSON (e.g. an `id` copied from the input), written verbatim.
    public mutating func raw(_ json: String) { beginValue(); bytes.append(contentsOf: json.utf8) }

    mutating func writeString(_ value: String) {
        // Native strings (rule ids, messages) are contiguous: no copy needed.
        if value.utf8.withContiguousStorageIfAvailable({ writeString(utf8: $0) }) != nil { return }
        var copy = value
        copy.withUTF8 { writeString(utf8: $0) }
    }

    /// `value` as a JSON string (JSONEscaping.swift), written in place after the bytes so far.
    mutating func writeString(utf8 value: UnsafeBufferPointer<UInt8>) {
        let start = bytes.count, room = JSONEscaping.maximumLength(value.count)
        bytes.append(contentsOf: repeatElement(0, count: room))
        let written = bytes.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress! + start
            return base.distance(to: JSONEscaping.write(value, to: base))
        }
        bytes.removeLast(room - written)
    }
}
