// Collapsing of repeated characters for `repeats: collapse` rules: `fuuuuck` → `fuck`,
// `傻傻傻逼` → `傻逼`. Only some rules opt in, since collapsing in general would make
// `ass` match `as` and `good` match `god`; so the collapsed keyword stream is a third
// view, derived from the keyword stream with its map to the original kept, and scanned
// by a second automaton holding the collapsed keywords of those rules.

enum RepeatCollapser {
    /// Copies the keyword stream `stream` into `output`, dropping each scalar that equals
    /// the one just before it (gap bytes are copied and end a run).
    ///
    /// Runs between dropped scalars are copied as blocks; a scalar is compared with the
    /// one before it as one packed integer (its lead byte fixes its length).
    static func collapse(_ stream: MappedByteBuffer, into output: MappedByteBuffer) {
        output.reset(minimumCapacity: stream.count + 8)
        let bytes = stream.bytesStorage, origins = stream.originStorage
        let outBytes = output.bytesStorage, outOrigins = output.originStorage
        let end = stream.count
        var count = 0
        var runStart = 0               // first byte not yet copied
        var previous = UInt32.max      // packed bytes of the scalar just before; UInt32.max (no UTF-8 scalar) after a gap
        var index = 0
        while index < end {
            // ASCII bytes none of which equals the scalar before it drop nothing: stepped
            // over eight at a time (see ASCIIWords.swift). The run ends at the first repeat
            // (of a letter, or of a gap byte, which is kept) or non-ASCII byte; the scalar
            // path below takes that one.
            if let word = asciiWord(bytes, at: index, end: end) {
                // Byte 0 is compared with `previous`; when that is not one ASCII byte (a gap,
                // a longer scalar, the start) with a byte that differs from byte 0.
                let before = previous < 0x80 ? UInt64(previous) : ~word & 0x7F
                // A byte after a non-ASCII one may look equal here, but the run has ended by then.
                let differences = (word ^ (word << 8 | before)) & asciiLowBits
                let stops = asciiZeroBytes(differences) | word & asciiHighBits
                let length = min(leadingBytes(before: stops), end &- index)
                if length > 0 {
                    let last = bytes[index &+ length &- 1]
                    previous = last == keywordGapByte || last == keywordBreakByte ? .max : UInt32(last)
                    index &+= length
                    if index == end { break }
                }
            }
            let lead = bytes[index]
            let packed: UInt32, length: Int
            if lead < 0x80 {
                if lead == keywordGapByte || lead == keywordBreakByte {
                    previous = .max
                    index += 1
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
            if packed == previous {
                let run = index - runStart
                (outBytes + count).update(from: bytes + runStart, count: run)
                (outOrigins + count).update(from: origins + runStart, count: run)
                count += run
                runStart = index + length
            }
            previous = packed
            index += length
        }
        let run = end - runStart
        (outBytes + count).update(from: bytes + runStart, count: run)
        (outOrigins + count).update(from: origins + runStart, count: run)
        output.storedCount = count + run
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
