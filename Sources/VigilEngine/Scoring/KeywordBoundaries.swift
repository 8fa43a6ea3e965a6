// Whole-word checks for Latin-script keywords (SPEC `word`): `ass` must not hit
// `class`, `cunt` must not hit `Scunthorpe`. In the keyword stream a match may also
// cross skipped separators; for whole-word keywords only spaced-out letters count as
// an evasion (`f.u.c.k`, `f u ck`), so ordinary words never join into one
// (`an Al` is not `anal`) unless the keyword itself was written with that gap.

enum KeywordBoundaries {
    /// Whether a keyword-stream match [start, end) is a whole word and its gaps are evasions.
    static func acceptsWholeWord(_ stream: UnsafeBufferPointer<UInt8>, start: Int, end: Int, writtenGaps: [Int32]) -> Bool {
        guard isWordEdge(stream, start: start, end: end) else { return false }
        // Walk the pieces between gaps: at each unexpected gap, one neighbouring piece
        // must be a single character.
        var patternOffset: Int32 = 0
        var previousPieceLength = 0, pieceLength = 0
        var pendingGapCheck = false
        var index = start
        while index < end {
            let byte = stream[index]
            if byte == keywordGapByte {
                if pendingGapCheck && previousPieceLength > 1 && pieceLength > 1 { return false }
                pendingGapCheck = !writtenGaps.contains(patternOffset)
                previousPieceLength = pieceLength
                pieceLength = 0
                index += 1
                continue
            }
            let length = utf8SequenceLength(lead: byte)
            pieceLength += 1
            patternOffset += Int32(length)
            index += length
        }
        return !(pendingGapCheck && previousPieceLength > 1 && pieceLength > 1)
    }

    /// True when the characters just outside [start, end) are not word characters
    /// (or the match edge itself is not a word character).
    static func isWordEdge(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        let folding = ScalarFolding.shared
        if start > 0, isWord(text, scalarAt: start, folding), isWord(text, scalarBefore: start, folding) { return false }
        if end < text.count, isWord(text, scalarAt: end, folding), isWord(text, scalarBefore: end, folding) { return false }
        return true
    }

    static func isWord(_ text: UnsafeBufferPointer<UInt8>, scalarAt index: Int, _ folding: ScalarFolding) -> Bool {
        folding.entry(decodeScalar(text, at: index).scalar).role.contains(.word)
    }

    static func isWord(_ text: UnsafeBufferPointer<UInt8>, scalarBefore index: Int, _ folding: ScalarFolding) -> Bool {
        var lead = index - 1
        while lead > 0 && text[lead] & 0xC0 == 0x80 { lead -= 1 }
        return isWord(text, scalarAt: lead, folding)
    }
}
