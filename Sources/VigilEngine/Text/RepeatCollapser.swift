// Collapsing of repeated characters for `repeats: collapse` rules: `fuuuuck` → `fuck`,
// `傻傻傻逼` → `傻逼`. Only some rules opt in, since collapsing in general would make
// `ass` match `as` and `good` match `god`; so the collapsed keyword stream is a third
// view, derived from the keyword stream with its map to the original kept, and scanned
// by a second automaton holding the collapsed keywords of those rules.

enum RepeatCollapser {
    /// Copies the keyword stream `stream` into `output`, dropping each scalar that equals
    /// the one just before it (gap bytes are copied and end a run).
    static func collapse(_ stream: MappedByteBuffer, into output: MappedByteBuffer) {
        output.reset(minimumCapacity: stream.count + 8)
        let bytes = stream.bytesStorage, origins = stream.originStorage
        let outBytes = output.bytesStorage, outOrigins = output.originStorage
        let end = stream.count
        var count = 0
        var previousStart = -1, previousLength = 0   // the last content scalar written
        var index = 0
        while index < end {
            let lead = bytes[index]
            if lead == keywordGapByte || lead == keywordBreakByte {
                outBytes[count] = lead
                outOrigins[count] = origins[index]
                count += 1
                index += 1
                previousStart = -1
                continue
            }
            let length = min(utf8SequenceLength(lead: lead), end - index)
            if previousStart >= 0 && previousLength == length {
                var same = true
                for k in 0..<length where outBytes[previousStart + k] != bytes[index + k] { same = false; break }
                if same { index += length; continue }
            }
            previousStart = count
            previousLength = length
            for k in 0..<length {
                outBytes[count] = bytes[index + k]
                outOrigins[count] = origins[index + k]
                count += 1
            }
            index += length
        }
        output.storedCount = count
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
