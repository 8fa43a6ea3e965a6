// The normalizer's two fast paths, which skip the per-scalar table lookup: runs of ASCII
// letters, digits and single spaces copied eight bytes at a time, and runs of plain
// three-byte characters (most Han text) copied one character per step. Both write what
// the per-scalar path would (NormalizerFastPathTests compares them with a reference).
// The views always have 16 bytes of room past what the rest of the text can need, so
// stores may write past the counts: what lies there is overwritten or ignored.

extension NormalizedViewWriter {
    /// Copies the run of ASCII letters, digits and single spaces between them that starts
    /// at `index` with `first` (its first word, from `asciiWord`), lower-cased, to both
    /// views; returns its length (0 when it holds no content, nothing written). Only valid
    /// when the folding table lower-cases letters, keeps digits and keeps the space as a
    /// one-separator gap (`Normalizer.copiesASCIIRuns`): then a space between two content
    /// characters is one gap byte (0x20) at the same place in the keyword stream. A run may
    /// start with such a space when the stream ends with content; it never ends with one.
    @inline(__always)
    mutating func appendASCIIRun(_ source: UnsafePointer<UInt8>, at index: Int, end: Int, first: UInt64) -> Int {
        var (length, lowered, digits, letters) = asciiContentRun(first)
        // The summary, a word at a time: only digits (in the folded view) and letters (in
        // the keyword stream) of a run are in its ranges. Every ASCII digit and letter of
        // the word is written to both views (in this run or by a later step), so the masks
        // of the whole word may be noted; the zero bytes shifted in at the end are neither.
        foldedPrescanBytes |= digits
        streamHighASCII |= letters
        guard length > 0 else { return 0 }
        if gap > 0 { closeGap() }   // the run starts with content
        let origin = Int32(truncatingIfNeeded: index)
        let toFoldedBytes = foldedBytes + foldedCount, toFoldedOrigins = foldedOrigins + foldedCount
        let toStreamBytes = streamBytes + streamCount, toStreamOrigins = streamOrigins + streamCount
        var run = 0
        while true {
            // Eight bytes and eight origins whatever the length (see the file comment).
            UnsafeMutableRawPointer(toFoldedBytes + run).storeBytes(of: lowered.littleEndian, as: UInt64.self)
            UnsafeMutableRawPointer(toStreamBytes + run).storeBytes(of: lowered.littleEndian, as: UInt64.self)
            let origins = SIMD8<Int32>(repeating: origin &+ Int32(truncatingIfNeeded: run)) &+ SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
            UnsafeMutableRawPointer(toFoldedOrigins + run).storeBytes(of: origins, as: SIMD8<Int32>.self)
            UnsafeMutableRawPointer(toStreamOrigins + run).storeBytes(of: origins, as: SIMD8<Int32>.self)
            run &+= length
            guard length == 8, index &+ run < end, let next = asciiWord(source, at: index &+ run, end: end) else { break }
            (length, lowered, digits, letters) = asciiContentRun(next)
            foldedPrescanBytes |= digits
            streamHighASCII |= letters
            guard length > 0 else { break }
        }
        foldedCount &+= run
        streamCount &+= run
        return run
    }

    /// Copies the plain three-byte characters (see `ScalarFolding.plainBits`) starting at
    /// `index`, whose lead byte is E0–EF, to both views; returns the bytes consumed (0 when
    /// the character there is not plain, nothing written).
    @inline(__always)
    mutating func appendPlainThreeByte(
        _ source: UnsafePointer<UInt8>, at index: Int, end: Int,
        table: UnsafePointer<UInt32>, plainBits: UnsafePointer<UInt64>
    ) -> Int {
        guard index &+ 4 <= end else { return appendLastThreeByte(source, at: index, end: end, plainBits: plainBits) }
        let block = UInt32(littleEndian: UnsafeRawPointer(source + index).loadUnaligned(as: UInt32.self))
        guard isPlainThreeByte(block, plainBits) else { return 0 }
        if gap > 0 { closeGap() }
        return appendPlainThreeByteRuns(source + index, first: block, lastLoad: end &- index &- 4,
                                        origin: Int32(truncatingIfNeeded: index), table: table, plainBits: plainBits)
    }

    /// The text's last character, when it is a plain three-byte one (too near the end to
    /// load four bytes).
    @inline(__always)
    mutating func appendLastThreeByte(
        _ source: UnsafePointer<UInt8>, at index: Int, end: Int, plainBits: UnsafePointer<UInt64>
    ) -> Int {
        guard index &+ 2 < end else { return 0 }
        let lead = source[index], b1 = source[index &+ 1], b2 = source[index &+ 2]
        guard isPlainThreeByte(UInt32(lead) | UInt32(b1) << 8 | UInt32(b2) << 16, plainBits) else { return 0 }
        if gap > 0 { closeGap() }
        let origin = Int32(truncatingIfNeeded: index)
        foldedBytes[foldedCount] = lead; foldedBytes[foldedCount &+ 1] = b1; foldedBytes[foldedCount &+ 2] = b2
        foldedOrigins[foldedCount] = origin; foldedOrigins[foldedCount &+ 1] = origin; foldedOrigins[foldedCount &+ 2] = origin
        streamBytes[streamCount] = lead; streamBytes[streamCount &+ 1] = b1; streamBytes[streamCount &+ 2] = b2
        streamOrigins[streamCount] = origin; streamOrigins[streamCount &+ 1] = origin; streamOrigins[streamCount &+ 2] = origin
        foldedCount &+= 3
        streamCount &+= 3
        return 3
    }

    /// Copies runs of plain three-byte characters, each character loaded as four bytes and
    /// stored as four (see the file comment), its three origins as four. A single
    /// three-byte separator between two plain characters (the `，` of `你好，世界`) is taken
    /// along: its folded form in the folded view, one gap byte in the keyword stream, as
    /// the per-scalar path would write them. `lastLoad` is the last offset from `from` with
    /// four bytes to load. Returns the bytes consumed.
    @inline(__always)
    mutating func appendPlainThreeByteRuns(
        _ from: UnsafePointer<UInt8>, first: UInt32, lastLoad: Int, origin: Int32,
        table: UnsafePointer<UInt32>, plainBits: UnsafePointer<UInt64>
    ) -> Int {
        let roleMask = ~ScalarFolding.scalarMask, separator = ScalarRole.separator.rawValue
        let lineBreak = ScalarRole.lineBreak.rawValue
        var block = first, consumed = 0, runOrigin = origin, lastLoad = lastLoad
        while true {
            let (run, stop) = copyPlainThreeByteRun(
                from + consumed, first: block, lastLoad: lastLoad, origin: runOrigin, plainBits: plainBits,
                foldedBytes + foldedCount, foldedOrigins + foldedCount, streamBytes + streamCount, streamOrigins + streamCount)
            block = stop
            foldedCount &+= run; streamCount &+= run; consumed &+= run
            runOrigin &+= Int32(truncatingIfNeeded: run)
            lastLoad &-= run
            // A separator between two plain characters, or the end of the run.
            guard lastLoad >= 3, block & 0xF0 == 0xE0 else { return consumed }
            let entry = table[Int(threeByteValue(block))]
            let entryRole = entry & roleMask
            guard entryRole == separator || entryRole == lineBreak else { return consumed }
            let next = UInt32(littleEndian: UnsafeRawPointer(from + consumed + 3).loadUnaligned(as: UInt32.self))
            guard isPlainThreeByte(next, plainBits) else { return consumed }
            appendFoldedOnly(entry & ScalarFolding.scalarMask, at: runOrigin)
            streamBytes[streamCount] = entryRole == lineBreak ? keywordBreakByte : singleGapByte
            streamOrigins[streamCount] = runOrigin
            streamCount &+= 1
            consumed &+= 3; runOrigin &+= 3; lastLoad &-= 3
            block = next
        }
    }
}

/// Copies the run of plain three-byte characters (see `ScalarFolding.plainBits`) that
/// starts at `from` with `first` (its first four bytes, already known to be plain) into
/// both views, each character stored as four bytes and its origins as four (the extra one
/// is overwritten next or lies past the count; the views have room). Stops where fewer
/// than four bytes are left to load (`lastLoad` is the last offset with four) or at a
/// character that is not plain. Returns the bytes copied and the four bytes where it
/// stopped. Not inlined: on its own, the loop keeps all its values in registers.
@inline(never)
func copyPlainThreeByteRun(
    _ from: UnsafePointer<UInt8>, first: UInt32, lastLoad: Int, origin: Int32, plainBits: UnsafePointer<UInt64>,
    _ foldedBytes: UnsafeMutablePointer<UInt8>, _ foldedOrigins: UnsafeMutablePointer<Int32>,
    _ streamBytes: UnsafeMutablePointer<UInt8>, _ streamOrigins: UnsafeMutablePointer<Int32>
) -> (run: Int, stop: UInt32) {
    var block = first
    var origins = SIMD4<Int32>(repeating: origin)
    var run = 0
    while true {
        UnsafeMutableRawPointer(foldedBytes + run).storeBytes(of: block.littleEndian, as: UInt32.self)
        UnsafeMutableRawPointer(streamBytes + run).storeBytes(of: block.littleEndian, as: UInt32.self)
        UnsafeMutableRawPointer(foldedOrigins + run).storeBytes(of: origins, as: SIMD4<Int32>.self)
        UnsafeMutableRawPointer(streamOrigins + run).storeBytes(of: origins, as: SIMD4<Int32>.self)
        origins &+= 3
        run &+= 3
        guard run <= lastLoad else { return (run, block) }
        block = UInt32(littleEndian: UnsafeRawPointer(from + run).loadUnaligned(as: UInt32.self))
        guard isPlainThreeByte(block, plainBits) else { return (run, block) }
    }
}

/// The scalar of the three-byte UTF-8 sequence in the low bytes of `block` (lead byte lowest).
@inlinable @inline(__always)
func threeByteValue(_ block: UInt32) -> UInt32 {
    (block & 0x0F) << 12 | (block >> 2) & 0xFC0 | (block >> 16) & 0x3F
}

/// Whether `block` (little-endian bytes) starts with a three-byte sequence that folding leaves alone.
@inlinable @inline(__always)
func isPlainThreeByte(_ block: UInt32, _ plainBits: UnsafePointer<UInt64>) -> Bool {
    // Entries of lead bytes other than E0–EF are zero; the shift count is the third byte's
    // low six bits (`&<<` masks it), as in the scalar.
    plainBits[Int(block & 0x3FFF)] & (1 &<< UInt64(block >> 16)) != 0
}
