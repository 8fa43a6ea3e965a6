// Normalization (SPEC §4.2): one pass over the original UTF-8 that writes two views,
// each with a map back to original byte offsets so every hit points at the exact
// characters the user wrote.
//
// - `folded`: every scalar folded (width, case), ignorables dropped, separators kept.
//   Regexes and detectors read this view: punctuation such as `@` or `:` still matters.
// - `keywordStream`: the folded text with each run of separators collapsed to one
//   space (0x20), which the keyword automaton treats as transparent, so `傻 * 逼`
//   and `f.u.c.k` meet their keywords. A run longer than `maximumGap` separators, or
//   any line break, becomes a hard break (0x0A) that no keyword spans, so two words
//   far apart never join.

/// Byte written into the keyword stream for a short run of separators.
public let keywordGapByte: UInt8 = 0x20
/// Byte written into the keyword stream where keywords must not join.
public let keywordBreakByte: UInt8 = 0x0A

/// Reusable per-thread output of `Normalizer.normalize`.
public final class NormalizedText {
    /// Folded text (see file comment) with its map to the original.
    public let folded = MappedByteBuffer()
    /// Keyword stream (see file comment) with its map to the original.
    public let keywordStream = MappedByteBuffer()
    public init() {}
}

/// Folds text for matching. Immutable and shareable; all state lives in `NormalizedText`.
public struct Normalizer: Sendable {
    /// Most separator characters that may stand between two characters of one keyword.
    public let maximumGap: Int
    @usableFromInline let folding: ScalarFolding

    public init(maximumGap: Int = 4, folding: ScalarFolding = .shared) {
        self.maximumGap = maximumGap
        self.folding = folding
    }

    /// Normalizes valid UTF-8 `original` into `output` (its previous contents are discarded).
    public func normalize(_ original: UnsafeBufferPointer<UInt8>, into output: NormalizedText) {
        let folded = output.folded, stream = output.keywordStream
        // A folded scalar is at most 4 bytes for an original of at least 2, or 1 for ASCII:
        // twice the input plus a little covers every expansion.
        folded.reset(minimumCapacity: original.count * 2 + 8)
        stream.reset(minimumCapacity: original.count * 2 + 8)
        var gap = 0                 // separators since the last content character
        var gapOrigin: Int32 = 0    // where that run started
        var broken = false          // a line break occurred in the run
        var index = 0
        let end = original.count
        while index < end {
            let origin = Int32(index)
            let (value, length) = decodeScalar(original, at: index)
            index += length
            let (scalar, role) = folding.entry(value)
            if role.contains(.ignorable) { continue }
            folded.appendScalar(scalar, origin: origin)
            if role.contains(.separator) || role.contains(.lineBreak) {
                if gap == 0 { gapOrigin = origin }
                gap += 1
                if role.contains(.lineBreak) { broken = true }
                continue
            }
            if gap > 0 {
                if stream.count > 0 {
                    let byte = (broken || gap > maximumGap) ? keywordBreakByte : keywordGapByte
                    stream.append(byte, origin: gapOrigin)
                }
                gap = 0
                broken = false
            }
            stream.appendScalar(scalar, origin: origin)
        }
    }

    /// Convenience for keywords, examples and tests: the normalized views of `text` as strings.
    public func normalizedViews(of text: String) -> (folded: String, keywordStream: String) {
        let output = NormalizedText()
        var copy = text
        copy.withUTF8 { normalize($0, into: output) }
        return (String(decoding: output.folded.bytes, as: UTF8.self),
                String(decoding: output.keywordStream.bytes, as: UTF8.self))
    }
}
