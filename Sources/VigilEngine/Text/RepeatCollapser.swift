// Collapsing of repeated characters for `repeats: collapse` rules: `fuuuuck` → `fuck`,
// `傻傻傻逼` → `傻逼`. Only some rules opt in, since collapsing in general would make
// `ass` match `as` and `good` match `god`; so the collapsed keyword stream is a third
// view, derived from the keyword stream with its map to the original kept, and scanned
// by a second automaton holding the collapsed keywords of those rules.

enum RepeatCollapser {
    /// Copies the keyword stream `stream` into `output`, dropping each scalar that equals
    /// the one just before it (gap bytes are copied and end a run).
    ///
    /// ASCII is copied eight bytes at a time up to the next repeat; a scalar is compared
    /// with the one before it as one packed integer (its lead byte fixes its length).
    /// `stream` must be a keyword stream written by `Normalizer`, whose buffer has room for
    /// 16 bytes past its count: copies read and write a little past the scalar they copy.
    static func collapse(_ stream: MappedByteBuffer, into output: MappedByteBuffer) {
        output.reset(minimumCapacity: stream.count + 16)
        let bytes = stream.bytesStorage, origins = stream.originStorage
        let outBytes = output.bytesStorage, outOrigins = output.originStorage
        let end = stream.count
        var count = 0
        var previous = UInt32.max      // packed bytes of the scalar just before; UInt32.max (no UTF-8 scalar) after a gap
        var index = 0
        while index < end {
            // ASCII bytes none of which equals the scalar before it drop nothing (`copyASCIIRun`).
            if bytes[index] < 0x80,
               copyASCIIRun(bytes, origins, outBytes, outOrigins, index: &index, count: &count, end: end, previous: &previous) {
                continue
            }
            let lead = bytes[index]
            let packed: UInt32, length: Int
            if lead < 0x80 {
                if lead == keywordGapByte || lead == keywordBreakByte {
                    outBytes[count] = lead
                    outOrigins[count] = origins[index]
                    count &+= 1
                    previous = .max
                    index &+= 1
                    continue
                }
                packed = UInt32(lead)
                length = 1
            } else if lead & 0xF0 == 0xE0 && index + 3 <= end {   // most CJK
                packed = UInt32(lead) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                length = 3
            } else {
                length = min(utf8SequenceLength(lead: lead), end - index)
                var value = UInt32(lead)
                for k in 1..<length { value = value << 8 | UInt32(bytes[index + k]) }
                packed = value
            }
            if packed != previous {
                // Four bytes and origins, whatever the scalar's length (room as above).
                UnsafeMutableRawPointer(outBytes + count).storeBytes(
                    of: UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt32.self), as: UInt32.self)
                UnsafeMutableRawPointer(outOrigins + count).storeBytes(
                    of: UnsafeRawPointer(origins + index).loadUnaligned(as: SIMD4<Int32>.self), as: SIMD4<Int32>.self)
                count &+= length
            }
            previous = packed
            index &+= length
        }
        output.storedCount = count
    }

    /// Copies the ASCII bytes from `index` on none of which equals the scalar before it:
    /// they drop nothing, so they are copied eight at a time (see ASCIIWords.swift), and a
    /// repeated letter or digit is dropped on the way; false when nothing was taken.
    /// ASCII bytes none of which equals the scalar before it drop nothing: copied
    /// eight at a time (see ASCIIWords.swift). The run ends at the first repeat (of a
    /// letter, or of a gap byte, which is kept) or non-ASCII byte; the scalar path
    /// below takes that one. Eight bytes and origins are copied whatever the run's
    /// length: the output has room for 16 bytes more than the stream, and the stream's
    /// buffer at least 16 past its count (see Normalizer), so reading is safe too.
    @inline(__always)
    private static func copyASCIIRun(
        _ bytes: UnsafeMutablePointer<UInt8>, _ origins: UnsafeMutablePointer<Int32>,
        _ outBytes: UnsafeMutablePointer<UInt8>, _ outOrigins: UnsafeMutablePointer<Int32>,
        index: inout Int, count: inout Int, end: Int, previous: inout UInt32
    ) -> Bool {
        guard var word = asciiWord(bytes, at: index, end: end) else { return false }
        // Byte 0 is compared with `previous`; when that is not one ASCII byte (a gap,
        // a longer scalar, the start) with a byte that differs from byte 0. Later
        // words compare byte 0 with the byte before it, a gap byte included: a letter
        // never equals one, and two gap bytes stop the run for the scalar path.
        var before = previous < 0x80 ? UInt64(previous) : ~word & 0x7F
        var progressed = false
        while true {
            // A byte after a non-ASCII one may look equal here, but the run has ended by then.
            let differences = (word ^ (word << 8 | before)) & asciiLowBits
            let stops = asciiZeroBytes(differences) | word & asciiHighBits
            let length = min(leadingBytes(before: stops), end &- index)
            if length > 0 {
                UnsafeMutableRawPointer(outBytes + count).storeBytes(of: word.littleEndian, as: UInt64.self)
                let runOrigins = UnsafeRawPointer(origins + index)
                let toOrigins = UnsafeMutableRawPointer(outOrigins + count)
                toOrigins.storeBytes(of: runOrigins.loadUnaligned(as: SIMD4<Int32>.self), as: SIMD4<Int32>.self)
                toOrigins.storeBytes(of: runOrigins.loadUnaligned(fromByteOffset: 16, as: SIMD4<Int32>.self),
                                     toByteOffset: 16, as: SIMD4<Int32>.self)
                count &+= length
                index &+= length
                progressed = true
            }
            guard index < end else { break }
            if length == 8 {
                guard let next = asciiWord(bytes, at: index, end: end) else { break }
                before = word &>> 56
                word = next
                continue
            }
            // Stopped at byte `length`: an ASCII stop equals the byte before it (see
            // `differences`), a repeated letter or digit, which is dropped right here as
            // the scalar path would drop it. A repeated gap or break byte is kept (by the
            // scalar path), and a non-ASCII byte ends the run.
            let stop = bytes[index]
            guard stop < 0x80 && stop != keywordGapByte && stop != keywordBreakByte else { break }
            index &+= 1
            progressed = true
            guard index < end, let next = asciiWord(bytes, at: index, end: end) else { break }
            before = UInt64(stop)
            word = next
        }
        guard progressed else { return false }
        let last = bytes[index &- 1]
        previous = last == keywordGapByte || last == keywordBreakByte ? .max : UInt32(last)
        return true
    }

    /// A keyword pattern (keyword-stream bytes without gaps) with repeated scalars collapsed,
    /// and its written gaps moved to match.
    static func collapse(pattern: [UInt8], gaps: [Int32]) -> (bytes: [UInt8], gaps: [Int32]) {
        var bytes: [UInt8] = []
        var newGaps: [Int32] = []
        var previous: ArraySlice<UInt8> = []
        var index = 0
        while index < pattern.count {
            if gaps.contains(Int32(index)) {
                newGaps.append(Int32(bytes.count))
                previous = []
            }
            let length = min(utf8SequenceLength(lead: pattern[index]), pattern.count - index)
            let scalar = pattern[index..<index + length]
            if scalar.elementsEqual(previous) { index += length; continue }
            previous = scalar
            bytes.append(contentsOf: scalar)
            index += length
        }
        return (bytes, newGaps)
    }
}
