// Strict UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above
// U+10FFFF), used where input bytes enter Vigil so everything after can assume
// valid UTF-8.

enum UTF8Validation {
    /// Length of the valid multi-byte sequence starting at `index`, or 0 when invalid.
    @inline(__always)
    static func validSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        // Most Chinese text: leads E1…EC and EE…EF with two continuation bytes.
        let lead = bytes[index]
        if lead &- 0xE1 < 0x0F && lead != 0xED && index + 2 < bytes.count
            && bytes[index + 1] & 0xC0 == 0x80 && bytes[index + 2] & 0xC0 == 0x80 {
            return 3
        }
        return checkedSequenceLength(bytes, at: index)
    }

    /// `validSequenceLength` for every lead byte.
    static func checkedSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let count = bytes.count
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < count && range.contains(bytes[index + offset])
        }
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    /// Copies `bytes` into `output`, replacing each invalid sequence with U+FFFD.
    /// Returns false when something was replaced.
    @discardableResult
    static func repair(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        var valid = true
        var index = 0
        while index < bytes.count {
            if bytes[index] < 0x80 { output.append(bytes[index]); index += 1; continue }
            let length = validSequenceLength(bytes, at: index)
            if length == 0 {
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                valid = false
                index += 1
                while index < bytes.count && bytes[index] & 0xC0 == 0x80 { index += 1 }
            } else {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
                index += length
            }
        }
        return valid
    }
}
