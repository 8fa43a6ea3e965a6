// Normalization (docs/normalization.md): one pass over the original UTF-8 that
// writes two views, each with a map back to original byte offsets so every hit points at
// the exact characters the user wrote.
//
// - `folded`: every scalar folded (width, case, accents, confusables, traditional →
//   simplified), ignorables dropped, separators kept. Regexes and detectors read this
//   view: punctuation such as `@` or `:` still matters.
// - `keywordStream`: the folded text with each run of separators collapsed to one
//   space (0x20), which the keyword automaton treats as transparent, so `傻 * 逼`
//   and `f.u.c.k` meet their keywords. A run longer than `maximumGap` separators, or
//   any line break, becomes a hard break (0x0A) that no keyword spans, so two words
//   far apart never join.
//
// The loop reads one table entry per scalar; ASCII skips UTF-8 decoding. Two fast paths
// skip the table (NormalizedViewRuns.swift): runs of ASCII letters, digits and single
// spaces, and runs of plain three-byte characters (Han text). Writing goes through
// `NormalizedViewWriter`, a local value whose methods are inlined, so the write cursors
// stay in registers. It allocates nothing once the buffers have grown.

/// Byte written into the keyword stream for a short run of separators.
public let keywordGapByte: UInt8 = 0x20
/// Byte written into the keyword stream where keywords must not join.
public let keywordBreakByte: UInt8 = 0x0A

/// Folds text for matching. Immutable and shareable; all state lives in `NormalizedText`.
public struct Normalizer: Sendable {
    /// Most separator characters that may stand between two characters of one keyword.
    public let maximumGap: Int
    /// The per-scalar table, which also says which steps are applied.
    public let folding: ScalarFolding

    /// Whether `normalize` may copy runs of ASCII letters, digits and single spaces eight
    /// bytes at a time: the table lower-cases letters, keeps digits (both word characters)
    /// and keeps the space as a separator, and one space is a gap, not a break.
    let copiesASCIIRuns: Bool

    public init(maximumGap: Int = 4, folding: ScalarFolding = .shared) {
        self.maximumGap = maximumGap
        self.folding = folding
        let word = ScalarRole.word.rawValue
        var simple = maximumGap >= 1 && folding.table[0x20] == 0x20 | ScalarRole.separator.rawValue
        for byte in UInt32(0x30)...0x39 where folding.table[Int(byte)] != byte | word { simple = false }
        for byte in UInt32(0x41)...0x5A where folding.table[Int(byte)] != (byte | 0x20) | word
            || folding.table[Int(byte | 0x20)] != (byte | 0x20) | word { simple = false }
        copiesASCIIRuns = simple
    }

    /// A normalizer that applies only `steps`.
    public init(steps: NormalizationSteps, maximumGap: Int = 4) {
        self.init(maximumGap: maximumGap, folding: steps == .all ? .shared : ScalarFolding(steps: steps))
    }

    /// The steps this normalizer applies.
    public var steps: NormalizationSteps { folding.steps }

    /// Normalizes valid UTF-8 `original` into `output` (its previous contents are discarded).
    public func normalize(_ original: UnsafeBufferPointer<UInt8>, into output: NormalizedText) {
        output.invalidateDerivedViews()
        // Single-scalar foldings grow text by at most `maximumGrowth` (2); a post whose
        // expansions (ß → ss, ㍿ → 株式会社) need more is done again with room for the worst.
        if !normalize(original, into: output, capacity: original.count * folding.maximumGrowth + 16) {
            _ = normalize(original, into: output, capacity: original.count * folding.maximumExpansionGrowth + 16)
        }
    }

    /// One attempt: false when an expansion did not fit in `capacity`.
    func normalize(_ original: UnsafeBufferPointer<UInt8>, into output: NormalizedText, capacity: Int) -> Bool {
        let folded = output.folded, stream = output.keywordStream
        folded.reset(minimumCapacity: capacity)
        stream.reset(minimumCapacity: capacity)
        output.summary = ViewByteSummary()
        guard let source = original.baseAddress, original.count > 0 else { return true }
        var writer = NormalizedViewWriter(folded: folded, stream: stream, maximumGap: maximumGap)
        guard fold(source, end: original.count, limit: folded.capacity, into: &writer) else { return false }
        folded.storedCount = writer.foldedCount
        stream.storedCount = writer.streamCount
        output.summary.foldedHasPrescanByte = writer.foldedPrescanBytes != 0
        output.summary.keywordStreamHasHighASCII = writer.streamHighASCII != 0
        return true
    }

    /// The loop: what kind of text comes next (an ASCII run, plain three-byte characters,
    /// one scalar) and where it goes. False when an expansion would pass `limit`.
    @inline(__always)
    private func fold(_ source: UnsafePointer<UInt8>, end: Int, limit: Int, into writer: inout NormalizedViewWriter) -> Bool {
        let table = folding.table, plainBits = folding.plainBits
        let word = ScalarRole.word.rawValue, separator = ScalarRole.separator.rawValue
        let copiesASCIIRuns = self.copiesASCIIRuns
        var index = 0
        while index < end {
            let origin = Int32(truncatingIfNeeded: index)
            let lead = source[index]
            let raw: UInt32
            if lead < 0x80 {
                raw = table[Int(lead)]
                // A run of letters, digits and single spaces (most of an English post).
                if copiesASCIIRuns && (raw & word != 0 || (lead == 0x20 && writer.gap == 0 && writer.streamCount > 0)),
                   let block = asciiWord(source, at: index, end: end) {
                    let run = writer.appendASCIIRun(source, at: index, end: end, first: block)
                    if run > 0 { index &+= run; continue }
                }
                index &+= 1
                if raw & ~0x7F == separator {
                    // A separator (not a line break) that folds to ASCII: the folded view
                    // gets it, the keyword stream a gap that the next content closes.
                    writer.extendGap(at: origin, lineBreak: false)
                    writer.appendFoldedOnly(raw & 0x7F, at: origin)
                    continue
                }
            } else {
                if lead & 0xF0 == 0xE0 {   // plain three-byte characters (most Han text)
                    let run = writer.appendPlainThreeByte(source, at: index, end: end, table: table, plainBits: plainBits)
                    if run > 0 { index &+= run; continue }
                }
                let (value, length) = decodeScalarChecked(source, at: index, end: end)
                index &+= length
                raw = value < 0x10000 ? table[Int(value)] : folding.supplementaryEntry(value)
            }
            guard append(raw, at: origin, remaining: end &- index, limit: limit, into: &writer) else { return false }
        }
        return true
    }

    /// Writes one scalar's table entry `raw`: content to both views, a separator to the
    /// folded view and the pending gap, an expansion's parts; ignorables are dropped.
    /// False when an expansion, with room for the `remaining` bytes, would pass `limit`.
    @inline(__always)
    private func append(
        _ raw: UInt32, at origin: Int32, remaining: Int, limit: Int, into writer: inout NormalizedViewWriter
    ) -> Bool {
        let role = raw & ~ScalarFolding.scalarMask, scalar = raw & ScalarFolding.scalarMask
        if role == 0 || role == ScalarRole.word.rawValue {   // content, the common case
            writer.appendContent(scalar, at: origin)
            return true
        }
        if role & ScalarRole.ignorable.rawValue != 0 { return true }
        let isGap = role & (ScalarRole.separator.rawValue | ScalarRole.lineBreak.rawValue) != 0
        if isGap {
            writer.extendGap(at: origin, lineBreak: role & ScalarRole.lineBreak.rawValue != 0)
        } else if writer.gap > 0 {
            writer.closeGap()
        }
        guard role & ScalarRole.expansion.rawValue != 0 else {
            writer.appendFoldedOnly(scalar, at: origin)
            return true
        }
        let parts = folding.expansion(at: scalar)
        // The stream never holds more than the folded view.
        if writer.foldedCount + remaining * folding.maximumGrowth + 4 * parts.count + 16 > limit { return false }
        writer.appendExpansion(parts, at: origin, isGap: isGap)
        return true
    }

    /// Writes only the folded view of `original` into `output.folded` (for step subsets).
    func normalizeFolded(_ original: UnsafeBufferPointer<UInt8>, into output: MappedByteBuffer) {
        output.reset(minimumCapacity: original.count * folding.maximumGrowth + 16)
        var index = 0
        let end = original.count
        guard let source = original.baseAddress else { return }
        while index < end {
            let origin = Int32(truncatingIfNeeded: index)
            let (value, length) = decodeScalarChecked(source, at: index, end: end)
            index += length
            let (scalar, role) = folding.entry(value)
            if role.contains(.ignorable) { continue }
            if role.contains(.expansion) {
                let parts = folding.expansion(at: scalar)
                output.grow(minimumCapacity: output.count + (end - index) * folding.maximumGrowth + 4 * parts.count + 16)
                for part in parts { output.appendScalar(part, origin: origin) }
            } else {
                output.appendScalar(scalar, origin: origin)
            }
        }
    }

    /// Appends to `out` the form in which a match and a keyword are compared under this
    /// normalizer's steps: scalars folded, ignorables dropped, separators dropped when the
    /// separators step is on, and runs of one repeated scalar collapsed when asked.
    func appendComparisonForm(_ text: UnsafeBufferPointer<UInt8>, collapsingRepeats: Bool, into out: inout [UInt8]) {
        var index = 0
        var previous: UInt32 = .max
        guard let source = text.baseAddress else { return }
        let skipsSeparators = folding.steps.contains(.separators)
        while index < text.count {
            let (value, length) = decodeScalarChecked(source, at: index, end: text.count)
            index += length
            let (scalar, role) = folding.entry(value)
            if role.contains(.ignorable) { continue }
            if skipsSeparators && !role.isDisjoint(with: [.separator, .lineBreak]) { previous = .max; continue }
            if role.contains(.expansion) {
                for part in folding.expansion(at: scalar) where !(collapsingRepeats && part == previous) {
                    previous = part
                    appendUTF8(part, to: &out)
                }
            } else if !(collapsingRepeats && scalar == previous) {
                previous = scalar
                appendUTF8(scalar, to: &out)
            }
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
