// The body of an HTML form post (application/x-www-form-urlencoded) and a query string,
// decoded into fields: `+` is a space, %XX a byte, the bytes UTF-8. The console's forms
// work without JavaScript, so their posts arrive this way.

struct ConsoleForm: Sendable {
    private(set) var fields: [(name: String, value: String)] = []

    init(_ encoded: some Sequence<UInt8>) {
        var name: [UInt8] = [], value: [UInt8] = [], inValue = false
        func flush() {
            if !name.isEmpty || !value.isEmpty { fields.append((Self.decode(name), Self.decode(value))) }
            name = []; value = []; inValue = false
        }
        for byte in encoded {
            switch byte {
            case UInt8(ascii: "&"): flush()
            case UInt8(ascii: "=") where !inValue: inValue = true
            default: if inValue { value.append(byte) } else { name.append(byte) }
            }
        }
        flush()
    }

    /// The first value of `name`, trimmed of surrounding white space; nil when absent or empty.
    subscript(_ name: String) -> String? {
        guard let value = fields.first(where: { $0.name == name })?.value else { return nil }
        let trimmed = value.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    /// The raw (untrimmed) first value of `name`.
    func raw(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    static func decode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "+") { out.append(0x20) }
            else if b == UInt8(ascii: "%"), i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l); i += 2
            } else { out.append(b) }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
