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

    // MARK: Runs of plain string content

    /// States of `plainRunTable`'s automaton, as bit offsets of its 64-bit rows: the
    /// row of a byte holds, at offset `s`, the state that byte leads to from state `s`
    /// (the "shift DFA": one load and one shift per byte).
    private static let error: UInt64 = 0, accept: UInt64 = 6
    private static let need1: UInt64 = 12, need2: UInt64 = 18, need3: UInt64 = 24
    private static let afterE0: UInt64 = 30, afterED: UInt64 = 36, afterF0: UInt64 = 42, afterF4: UInt64 = 48

    /// Per byte: its transitions. Accepts exactly what `validSequenceLength` accepts
    /// (RFC 3629), plus ASCII other than controls, `"` and `\\`: JSON string content
    /// that needs no decoding.
    static let plainRunTable: [UInt64] = (0..<256).map { value -> UInt64 in
        let byte = UInt8(value)
        var row: UInt64 = 0
        func on(_ state: UInt64, go next: UInt64) { row |= next << state }
        switch byte {
        case 0x00..<0x20, 0x22, 0x5C: break
        case 0x20..<0x80: on(accept, go: accept)
        case 0x80...0xBF:
            on(need1, go: accept); on(need2, go: need1); on(need3, go: need2)
            if byte >= 0xA0 { on(afterE0, go: need1) } else { on(afterED, go: need1) }
            if byte >= 0x90 { on(afterF0, go: need2) } else { on(afterF4, go: need2) }
        case 0xC2...0xDF: on(accept, go: need1)
        case 0xE0: on(accept, go: afterE0)
        case 0xED: on(accept, go: afterED)
        case 0xE1...0xEF: on(accept, go: need2)
        case 0xF0: on(accept, go: afterF0)
        case 0xF1...0xF3: on(accept, go: need3)
        case 0xF4: on(accept, go: afterF4)
        default: break   // C0, C1, F5…FF: never valid
        }
        return row
    }

    /// Scans plain JSON string content (see `plainRunTable`) from `start`: `end` is
    /// where plain content stops (so `start..<run.end` is plain and ends between
    /// characters), at most a character before `checkedTo`, where the automaton failed
    /// (or the input ended). Eight bytes per step; the step that fails, and the last
    /// bytes, are retraced one at a time to find exactly where.
    static func plainRun(_ base: UnsafePointer<UInt8>, from start: Int, end limit: Int) -> (end: Int, checkedTo: Int) {
        plainRunTable.withUnsafeBufferPointer { table in
            let rows = table.baseAddress!
            var state = accept
            var boundary = start, at = start
            while at + 8 <= limit {
                // `&>>` takes the shift count modulo 64: the low six bits, the state.
                var next = state
                next = rows[Int(base[at])] &>> next
                next = rows[Int(base[at + 1])] &>> next
                next = rows[Int(base[at + 2])] &>> next
                next = rows[Int(base[at + 3])] &>> next
                next = rows[Int(base[at + 4])] &>> next
                next = rows[Int(base[at + 5])] &>> next
                next = rows[Int(base[at + 6])] &>> next
                next = rows[Int(base[at + 7])] &>> next
                next &= 63
                if next == error { break }   // `error` never leaves itself: retrace this step
                at += 8
                state = next
                if state == accept { boundary = at }
            }
            // One byte at a time from the last step's start (the state there is `state`).
            while at < limit {
                let next = (rows[Int(base[at])] &>> state) & 63
                if next == error { return (boundary, at) }
                at += 1
                state = next
                if state == accept { boundary = at }
            }
            return (boundary, at)
        }
    }
}
