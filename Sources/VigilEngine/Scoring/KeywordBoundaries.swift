// Whole-word checks for Latin-script keywords (the rule key `word`): `ass` must not hit
// `class`, `cunt` must not hit `Scunthorpe`. In the keyword stream a match may also
// cross skipped separators; for whole-word keywords only letters spaced out one by one
// count as an evasion (`f.u.c.k`, `f u c k`), so ordinary words never join into one
// (`an Al` is not `anal`, `model's hit` is not `shit`) unless the keyword itself was
// written with that gap (`refund policy` also matches `refund-policy`).

enum KeywordBoundaries {
    /// Whether a keyword-stream match [start, end) of `entry` is a whole word and its
    /// gaps are evasions. The entry is read in place: copying it would retain its gap list.
    static func acceptsWholeWord(_ stream: UnsafeBufferPointer<UInt8>, start: Int, end: Int,
                                 entry: UnsafePointer<KeywordEntry>, folding: borrowing ScalarFolding) -> Bool {
        guard isWordEdge(stream, start: start, end: end, folding: folding) else { return false }
        // Walk the written words (split at the keyword's own gaps); a written word the
        // text splits into several pieces must be spelled out one character per piece.
        var patternOffset: Int32 = 0
        var pieces = 1, pieceLength = 0, longestPiece = 0
        var index = start
        while index < end {
            let byte = stream[index]
            if byte == keywordGapByte {
                longestPiece = max(longestPiece, pieceLength)
                pieceLength = 0
                if entry.pointee.writtenGaps.contains(patternOffset) {
                    if pieces > 1 && longestPiece > 1 { return false }
                    pieces = 1
                    longestPiece = 0
                } else {
                    pieces += 1
                }
                index += 1
                continue
            }
            let length = utf8SequenceLength(lead: byte)
            pieceLength += 1
            patternOffset += Int32(length)
            index += length
        }
        longestPiece = max(longestPiece, pieceLength)
        return !(pieces > 1 && longestPiece > 1)
    }

    /// True when the characters just outside [start, end) are not word characters
    /// (or the match edge itself is not a word character).
    static func isWordEdge(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int, folding: borrowing ScalarFolding) -> Bool {
        if start > 0, isWord(text, scalarAt: start, folding), isWord(text, scalarBefore: start, folding) { return false }
        if end < text.count, isWord(text, scalarAt: end, folding), isWord(text, scalarBefore: end, folding) { return false }
        return true
    }

    static func isWord(_ text: UnsafeBufferPointer<UInt8>, scalarAt index: Int, _ folding: borrowing ScalarFolding) -> Bool {
        folding.entry(decodeScalar(text, at: index).scalar).role.contains(.word)
    }

    static func isWord(_ text: UnsafeBufferPointer<UInt8>, scalarBefore index: Int, _ folding: borrowing ScalarFolding) -> Bool {
        var lead = index - 1
        while lead > 0 && text[lead] & 0xC0 == 0x80 { lead -= 1 }
        return isWord(text, scalarAt: lead, folding)
    }
}
