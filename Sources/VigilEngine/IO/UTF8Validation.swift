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

    // MARK: Runs of three-byte characters

    /// Where the run of three-byte characters with leads E1…EC or EE…EF (U+1000…U+CFFF,
    /// U+E000…U+FFFF: nearly all CJK text and its punctuation) that starts at `start`
    /// ends; `start` itself when there is none. Every such sequence is valid UTF-8 as soon
    /// as its two continuation bytes are 10xxxxxx; leads E0 and ED, which restrict their
    /// second byte (no overlongs, no surrogates), are left to `validSequenceLength`.
    ///
    /// Eight characters (24 bytes) per step, then four (12 bytes) as two overlapping
    /// 8-byte words: bytes 0–7 and 4–11, whose lead and continuation bytes must show the
    /// masks below.
    @inline(__always)
    static func threeByteRun(_ base: UnsafePointer<UInt8>, from start: Int, end: Int) -> Int {
        // Little-endian: byte k of a word is bits 8k…8k+7.
        // Bytes 0–7: lead, cont, cont, lead, cont, cont, lead, cont.
        let lowMask: UInt64 = 0xC0F0_C0C0_F0C0_C0F0, lowShape: UInt64 = 0x80E0_8080_E080_80E0
        // Bytes 4–11: cont, cont, lead, cont, cont, lead, cont, cont.
        let highMask: UInt64 = 0xC0C0_F0C0_C0F0_C0C0, highShape: UInt64 = 0x8080_E080_80E0_8080
        // The low nibbles of the four leads: bytes 0, 3, 6 of the first word and byte 5 of
        // the second (byte 9), gathered into one word at distinct byte positions.
        let lowLeads: UInt64 = 0x000F_0000_0F00_000F, highLead: UInt64 = 0x0000_0F00_0000_0000
        let leadNibbles = lowLeads | highLead
        let leadBit4s: UInt64 = 0x0010_1000_1000_0010, nibbleD: UInt64 = 0x000D_0D00_0D00_000D
        var index = start
        // Eight characters (24 bytes) per step while there is room: three words whose lead
        // bytes fall on distinct byte positions (0, 3, 6 / 1, 4, 7 / 2, 5), so one word
        // gathers all eight lead nibbles.
        let middleMask: UInt64 = 0xF0C0_C0F0_C0C0_F0C0, middleShape: UInt64 = 0xE080_80E0_8080_E080
        let firstLeads: UInt64 = 0x000F_0000_0F00_000F, middleLeads: UInt64 = 0x0F00_000F_0000_0F00
        let lastLeads: UInt64 = 0x0000_0F00_000F_0000
        let allNibbles: UInt64 = 0x0F0F_0F0F_0F0F_0F0F, allBit4s: UInt64 = 0x1010_1010_1010_1010
        let allD: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
        while index &+ 24 <= end {
            let first = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self).littleEndian
            let middle = UnsafeRawPointer(base + index + 8).loadUnaligned(as: UInt64.self).littleEndian
            let last = UnsafeRawPointer(base + index + 16).loadUnaligned(as: UInt64.self).littleEndian
            let shapeErrors = ((first & lowMask) ^ lowShape) | ((middle & middleMask) ^ middleShape)
                | ((last & highMask) ^ highShape)
            let nibbles = (first & firstLeads) | (middle & middleLeads) | (last & lastLeads)
            let notE0 = nibbles &+ allNibbles, notED = (nibbles ^ allD) &+ allNibbles
            if shapeErrors != 0 || (notE0 & notED & allBit4s) != allBit4s { break }
            index &+= 24
        }
        while index &+ 12 <= end {
            let low = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self).littleEndian
            let high = UnsafeRawPointer(base + index + 4).loadUnaligned(as: UInt64.self).littleEndian
            let shapeErrors = ((low & lowMask) ^ lowShape) | ((high & highMask) ^ highShape)
            // Per lead nibble n (0…15): n + 15 has bit 4 set unless n == 0 (lead E0), and
            // (n ^ 0xD) + 15 unless n == 0xD (lead ED). No sum carries into the next byte.
            let nibbles = (low & lowLeads) | (high & highLead)
            let notE0 = nibbles &+ leadNibbles, notED = (nibbles ^ nibbleD) &+ leadNibbles
            if shapeErrors != 0 || (notE0 & notED & leadBit4s) != leadBit4s { break }
            index &+= 12
        }
        // The rest one character at a time.
        while index &+ 3 <= end {
            let lead = base[index]
            guard lead &- 0xE1 < 0x0F && lead != 0xED && base[index &+ 1] & 0xC0 == 0x80
                    && base[index &+ 2] & 0xC0 == 0x80 else { break }
            index &+= 3
        }
        return index
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
    /// How many bytes at `index`, where no valid sequence starts, make one U+FFFD: the
    /// "maximal subpart" of Unicode §3.9 (a lead byte and the continuation bytes that
    /// could still have completed it), as Swift's `String(decoding:as:)` replaces them,
    /// so `vigil check` and `vigil screen` read the same broken text the same way.
    static func invalidSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let needed: Int, secondLow: UInt8, secondHigh: UInt8
        switch lead {
        case 0xC2...0xDF: (needed, secondLow, secondHigh) = (1, 0x80, 0xBF)
        case 0xE0: (needed, secondLow, secondHigh) = (2, 0xA0, 0xBF)
        case 0xED: (needed, secondLow, secondHigh) = (2, 0x80, 0x9F)
        case 0xE1...0xEF: (needed, secondLow, secondHigh) = (2, 0x80, 0xBF)
        case 0xF0: (needed, secondLow, secondHigh) = (3, 0x90, 0xBF)
        case 0xF4: (needed, secondLow, secondHigh) = (3, 0x80, 0x8F)
        case 0xF1...0xF3: (needed, secondLow, secondHigh) = (3, 0x80, 0xBF)
        default: return 1
        }
        var length = 1
        while length <= needed && index + length < bytes.count {
            let byte = bytes[index + length]
            let (low, high) = length == 1 ? (secondLow, secondHigh) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= low && byte <= high else { break }
            length += 1
        }
        return length
    }

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
                index += invalidSequenceLength(bytes, at: index)
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
