// The write side of `Normalizer.normalize`: both views' write positions, the pending run
// of separators that becomes one gap or break byte in the keyword stream, and the byte
// summary. The normalizer's loop decides what kind of text comes next (an ASCII run, a
// run of plain three-byte characters, one scalar) and hands it here, one short method per
// kind. The writer is a local value and every method is inlined into the loop, so its
// fields live in registers as the loop's own variables did.

/// Writes folded text into the two views of one `NormalizedText` (see Normalizer.swift).
struct NormalizedViewWriter {
    let foldedBytes: UnsafeMutablePointer<UInt8>
    let foldedOrigins: UnsafeMutablePointer<Int32>
    let streamBytes: UnsafeMutablePointer<UInt8>
    let streamOrigins: UnsafeMutablePointer<Int32>
    /// Most separators a gap byte stands for; a longer run is a break.
    let maximumGap: Int
    var foldedCount = 0
    var streamCount = 0
    /// Separators since the last content character, where that run started, and whether
    /// it held a line break.
    var gap = 0
    var gapOrigin: Int32 = 0
    var broken = false
    /// The summary (ViewByteSummary), nonzero when the view holds such a byte: the folded
    /// view a byte in 0x2E…0x40, the keyword stream one in 0x40…0x7F. Gap and break bytes
    /// (0x20, 0x0A) are in neither range, so `closeGap` leaves them alone.
    var foldedPrescanBytes: UInt64 = 0
    var streamHighASCII: UInt64 = 0

    @inline(__always)
    init(folded: MappedByteBuffer, stream: MappedByteBuffer, maximumGap: Int) {
        foldedBytes = folded.bytesStorage
        foldedOrigins = folded.originStorage
        streamBytes = stream.bytesStorage
        streamOrigins = stream.originStorage
        self.maximumGap = maximumGap
    }

    /// What one separator between two content characters becomes in the keyword stream.
    var singleGapByte: UInt8 { maximumGap >= 1 ? keywordGapByte : keywordBreakByte }

    /// Ends a run of separators in the keyword stream: one gap byte, or a break byte when
    /// the run was too long or held a line break (nothing at the stream's start).
    @inline(__always)
    mutating func closeGap() {
        if streamCount > 0 {
            streamBytes[streamCount] = (broken || gap > maximumGap) ? keywordBreakByte : keywordGapByte
            streamOrigins[streamCount] = gapOrigin
            streamCount &+= 1
        }
        gap = 0
        broken = false
    }

    /// Counts one separator (or line break) at `origin` into the pending run.
    @inline(__always)
    mutating func extendGap(at origin: Int32, lineBreak: Bool) {
        if gap == 0 { gapOrigin = origin }
        gap &+= 1
        if lineBreak { broken = true }
    }

    /// Writes a content scalar to both views, closing a pending gap first.
    @inline(__always)
    mutating func appendContent(_ scalar: UInt32, at origin: Int32) {
        if gap > 0 { closeGap() }
        guard scalar < 0x80 else {
            foldedCount &+= writeScalar(scalar, origin, foldedBytes + foldedCount, foldedOrigins + foldedCount)
            streamCount &+= writeScalar(scalar, origin, streamBytes + streamCount, streamOrigins + streamCount)
            return
        }
        if ViewByteSummary.isPrescanByte(scalar) { foldedPrescanBytes = 1 }
        if ViewByteSummary.isHighASCII(scalar) { streamHighASCII = 1 }
        let byte = UInt8(truncatingIfNeeded: scalar)
        foldedBytes[foldedCount] = byte
        foldedOrigins[foldedCount] = origin
        foldedCount &+= 1
        streamBytes[streamCount] = byte
        streamOrigins[streamCount] = origin
        streamCount &+= 1
    }

    /// Writes a scalar to the folded view only (a separator, whose place in the keyword
    /// stream is the pending gap).
    @inline(__always)
    mutating func appendFoldedOnly(_ scalar: UInt32, at origin: Int32) {
        if ViewByteSummary.isPrescanByte(scalar) { foldedPrescanBytes = 1 }
        foldedCount &+= writeScalar(scalar, origin, foldedBytes + foldedCount, foldedOrigins + foldedCount)
    }

    /// Writes the parts of an expansion (ß → ss): to the folded view, and to the keyword
    /// stream unless the expanded scalar is a separator.
    @inline(__always)
    mutating func appendExpansion(_ parts: ArraySlice<UInt32>, at origin: Int32, isGap: Bool) {
        for part in parts {
            appendFoldedOnly(part, at: origin)
            if !isGap {
                if ViewByteSummary.isHighASCII(part) { streamHighASCII = 1 }
                streamCount &+= writeScalar(part, origin, streamBytes + streamCount, streamOrigins + streamCount)
            }
        }
    }
}
