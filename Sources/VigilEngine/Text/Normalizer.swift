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
// The loop keeps its write cursors in registers and reads one table entry per scalar;
// ASCII skips UTF-8 decoding. Two fast paths skip the table: runs of ASCII letters,
// digits and single spaces are copied (lower-cased) eight bytes at a time, and runs of
// plain three-byte characters (Han text) one character per step; both write what the
// per-scalar path would (NormalizerFastPathTests compares them with a reference). It
// allocates nothing once the buffers have grown.

/// Byte written into the keyword stream for a short run of separators.
public let keywordGapByte: UInt8 = 0x20
/// Byte written into the keyword stream where keywords must not join.
public let keywordBreakByte: UInt8 = 0x0A

/// Reusable per-thread output of `Normalizer.normalize`, with room for the views that
/// only some rule sets need (collapsed repeats, the folded text of a step subset).
public final class NormalizedText {
    /// Folded text (see file comment) with its map to the original.
    public let folded = MappedByteBuffer()
    /// Keyword stream (see file comment) with its map to the original.
    public let keywordStream = MappedByteBuffer()
    /// The keyword stream with runs of one repeated character collapsed to one
    /// (`fuuuuck` → `fuck`), for `repeats: collapse` rules; filled on demand.
    public let collapsedStream = MappedByteBuffer()
    /// Folded views under other step sets (`normalize: [width, case]` regexes and
    /// detectors), by subset index; filled on demand, once per post.
    var subsetViews: [MappedByteBuffer] = []
    var subsetViewReady: [Bool] = []
    /// Scratch for comparing a match with a keyword under a step subset.
    var comparison: [UInt8] = []
    /// Which byte ranges the folded view and the keyword stream hold (set by `normalize`).
    public internal(set) var summary = ViewByteSummary()

    public init() {}

    /// Marks the on-demand views stale (a new post was normalized).
    func invalidateDerivedViews() {
        for index in subsetViewReady.indices { subsetViewReady[index] = false }
    }
}

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
        let foldedBytes = folded.bytesStorage, foldedOrigins = folded.originStorage
        let streamBytes = stream.bytesStorage, streamOrigins = stream.originStorage
        let limit = folded.capacity
        var foldedCount = 0, streamCount = 0
        var gap = 0                 // separators since the last content character
        var gapOrigin: Int32 = 0    // where that run started
        var broken = false          // a line break occurred in the run
        // The summary (ViewByteSummary), nonzero when the view holds such a byte: the
        // folded view a byte in 0x2E…0x40, the keyword stream one in 0x40…0x7F. Gap and
        // break bytes (0x20, 0x0A) are in neither range, so `closeGap` leaves them alone.
        var foldedPrescanBytes: UInt64 = 0, streamHighASCII: UInt64 = 0
        @inline(__always) func noteFolded(_ scalar: UInt32) {
            if ViewByteSummary.isPrescanByte(scalar) { foldedPrescanBytes = 1 }
        }
        @inline(__always) func noteStream(_ scalar: UInt32) {
            if ViewByteSummary.isHighASCII(scalar) { streamHighASCII = 1 }
        }
        let maximumGap = self.maximumGap
        let folding = self.folding
        let end = original.count
        let separatorOrBreak = ScalarRole.separator.rawValue | ScalarRole.lineBreak.rawValue
        let ignorable = ScalarRole.ignorable.rawValue, expansion = ScalarRole.expansion.rawValue
        let word = ScalarRole.word.rawValue, lineBreak = ScalarRole.lineBreak.rawValue
        let separator = ScalarRole.separator.rawValue
        let roleMask = ~ScalarFolding.scalarMask, scalarMask = ScalarFolding.scalarMask
        let table = folding.table, plainBits = folding.plainBits
        let copiesASCIIRuns = self.copiesASCIIRuns
        let singleGapByte = maximumGap >= 1 ? keywordGapByte : keywordBreakByte   // what one separator becomes
        /// Ends a run of separators in the keyword stream: one gap byte, or a break byte
        /// when the run was too long or held a line break (nothing at the stream's start).
        @inline(__always) func closeGap() {
            if streamCount > 0 {
                streamBytes[streamCount] = (broken || gap > maximumGap) ? keywordBreakByte : keywordGapByte
                streamOrigins[streamCount] = gapOrigin
                streamCount &+= 1
            }
            gap = 0
            broken = false
        }
        var index = 0
        while index < end {
            let origin = Int32(truncatingIfNeeded: index)
            let lead = source[index]
            let raw: UInt32
            if lead < 0x80 {
                raw = table[Int(lead)]
                // A run of ASCII letters, digits and single spaces between them (most of an
                // English post), eight bytes at a time (see ASCIIWords.swift). `copiesASCIIRuns`
                // says the table folds these to lower case (word role) and the space to itself
                // (a separator), and that one space is a gap. So both views get the same bytes:
                // a space between two content characters becomes one gap byte (0x20) at the
                // same place in the keyword stream. A run may start with such a space when the
                // stream ends with content; it never ends with one.
                if copiesASCIIRuns && (raw & word != 0 || (lead == 0x20 && gap == 0 && streamCount > 0)),
                   var block = asciiWord(source, at: index, end: end) {
                    var (length, lowered, digits, letters) = asciiContentRun(block)
                    // The summary, a word at a time: only digits (in the folded view) and letters
                    // (in the keyword stream) of a run are in its ranges. Every ASCII digit and
                    // letter of the word is written to both views (in this run or by a later
                    // step: the table keeps them as content, see `copiesASCIIRuns`), so the
                    // masks of the whole word may be noted, not just of the run; the zero bytes
                    // shifted in at the text's end are neither.
                    foldedPrescanBytes |= digits
                    streamHighASCII |= letters
                    if length > 0 {
                        if gap > 0 { closeGap() }   // the run starts with content
                        let toFoldedBytes = foldedBytes + foldedCount, toFoldedOrigins = foldedOrigins + foldedCount
                        let toStreamBytes = streamBytes + streamCount, toStreamOrigins = streamOrigins + streamCount
                        var run = 0
                        while true {
                            // Stores write eight bytes and origins whatever the length: the views
                            // always have 16 bytes of room past what the rest of the text can
                            // need, and what lies past the counts is overwritten or ignored.
                            UnsafeMutableRawPointer(toFoldedBytes + run).storeBytes(of: lowered.littleEndian, as: UInt64.self)
                            UnsafeMutableRawPointer(toStreamBytes + run).storeBytes(of: lowered.littleEndian, as: UInt64.self)
                            let origins = SIMD8<Int32>(repeating: origin &+ Int32(truncatingIfNeeded: run)) &+ SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
                            UnsafeMutableRawPointer(toFoldedOrigins + run).storeBytes(of: origins, as: SIMD8<Int32>.self)
                            UnsafeMutableRawPointer(toStreamOrigins + run).storeBytes(of: origins, as: SIMD8<Int32>.self)
                            run &+= length
                            guard length == 8, index &+ run < end, let next = asciiWord(source, at: index &+ run, end: end) else { break }
                            block = next
                            (length, lowered, digits, letters) = asciiContentRun(block)
                            foldedPrescanBytes |= digits
                            streamHighASCII |= letters
                            guard length > 0 else { break }
                        }
                        foldedCount &+= run
                        streamCount &+= run
                        index &+= run
                        continue
                    }
                }
                index &+= 1
                if raw & ~0x7F == separator {
                    // A separator (not a line break) that folds to ASCII: the folded view gets
                    // it, the keyword stream a gap that the next content closes.
                    if gap == 0 { gapOrigin = origin }
                    gap &+= 1
                    noteFolded(raw & 0x7F)
                    foldedBytes[foldedCount] = UInt8(truncatingIfNeeded: raw)
                    foldedOrigins[foldedCount] = origin
                    foldedCount &+= 1
                    continue
                }
            } else {
                // Plain three-byte characters (most Han text) are copied through unchanged.
                if lead & 0xF0 == 0xE0 && index &+ 4 <= end {
                    var block = UInt32(littleEndian: UnsafeRawPointer(source + index).loadUnaligned(as: UInt32.self))
                    if isPlainThreeByte(block, plainBits) {
                        if gap > 0 { closeGap() }
                        // The whole run: each character is loaded as four bytes and stored as
                        // four (the fourth is overwritten next or lies past the count), its three
                        // origins as four; the views have room (see the ASCII runs above). A
                        // single three-byte separator between two plain characters (the `，` of
                        // `你好，世界`) is taken along: its folded form in the folded view, one gap
                        // byte in the keyword stream, as the per-scalar path would write them.
                        var fromBytes = source + index
                        var toFoldedBytes = foldedBytes + foldedCount, toFoldedOrigins = foldedOrigins + foldedCount
                        var toStreamBytes = streamBytes + streamCount, toStreamOrigins = streamOrigins + streamCount
                        var runOrigin = origin
                        var lastLoad = end &- index &- 4   // the last offset from `fromBytes` with four bytes to load
                        while true {
                            let (run, stop) = copyPlainThreeByteRun(
                                fromBytes, first: block, lastLoad: lastLoad, origin: runOrigin, plainBits: plainBits,
                                toFoldedBytes, toFoldedOrigins, toStreamBytes, toStreamOrigins)
                            block = stop
                            fromBytes += run; toFoldedBytes += run; toFoldedOrigins += run
                            toStreamBytes += run; toStreamOrigins += run
                            foldedCount &+= run; streamCount &+= run; index &+= run
                            runOrigin &+= Int32(truncatingIfNeeded: run)
                            lastLoad &-= run
                            // A separator between two plain characters, or the end of the run.
                            guard lastLoad >= 3, block & 0xF0 == 0xE0 else { break }
                            let entry = table[Int(threeByteValue(block))]
                            let entryRole = entry & roleMask
                            guard entryRole == separator || entryRole == lineBreak else { break }
                            let next = UInt32(littleEndian: UnsafeRawPointer(fromBytes + 3).loadUnaligned(as: UInt32.self))
                            guard isPlainThreeByte(next, plainBits) else { break }
                            noteFolded(entry & scalarMask)
                            let written = writeScalar(entry & scalarMask, runOrigin, toFoldedBytes, toFoldedOrigins)
                            toFoldedBytes += written; toFoldedOrigins += written; foldedCount &+= written
                            toStreamBytes[0] = entryRole == lineBreak ? keywordBreakByte : singleGapByte
                            toStreamOrigins[0] = runOrigin
                            toStreamBytes += 1; toStreamOrigins += 1; streamCount &+= 1
                            fromBytes += 3; index &+= 3; runOrigin &+= 3; lastLoad &-= 3
                            block = next
                        }
                        continue
                    }
                } else if lead & 0xF0 == 0xE0 && index &+ 2 < end {   // the text's last character
                    let b1 = source[index &+ 1], b2 = source[index &+ 2]
                    if isPlainThreeByte(UInt32(lead) | UInt32(b1) << 8 | UInt32(b2) << 16, plainBits) {
                        if gap > 0 { closeGap() }
                        foldedBytes[foldedCount] = lead; foldedBytes[foldedCount &+ 1] = b1; foldedBytes[foldedCount &+ 2] = b2
                        foldedOrigins[foldedCount] = origin; foldedOrigins[foldedCount &+ 1] = origin; foldedOrigins[foldedCount &+ 2] = origin
                        streamBytes[streamCount] = lead; streamBytes[streamCount &+ 1] = b1; streamBytes[streamCount &+ 2] = b2
                        streamOrigins[streamCount] = origin; streamOrigins[streamCount &+ 1] = origin; streamOrigins[streamCount &+ 2] = origin
                        foldedCount &+= 3
                        streamCount &+= 3
                        index &+= 3
                        continue
                    }
                }
                let (value, length) = decodeScalarChecked(source, at: index, end: end)
                index &+= length
                raw = value < 0x10000 ? table[Int(value)] : folding.supplementaryEntry(value)
            }
            let role = raw & roleMask
            if role == 0 || role == word {
                // Content, the common case: close a pending gap, write to both views.
                if gap > 0 { closeGap() }
                let scalar = raw & scalarMask
                if scalar < 0x80 {
                    noteFolded(scalar)
                    noteStream(scalar)
                    let byte = UInt8(truncatingIfNeeded: scalar)
                    foldedBytes[foldedCount] = byte
                    foldedOrigins[foldedCount] = origin
                    foldedCount &+= 1
                    streamBytes[streamCount] = byte
                    streamOrigins[streamCount] = origin
                    streamCount &+= 1
                } else {
                    foldedCount &+= writeScalar(scalar, origin, foldedBytes + foldedCount, foldedOrigins + foldedCount)
                    streamCount &+= writeScalar(scalar, origin, streamBytes + streamCount, streamOrigins + streamCount)
                }
                continue
            }
            if role & ignorable != 0 { continue }
            let isGap = role & separatorOrBreak != 0
            if isGap {
                if gap == 0 { gapOrigin = origin }
                gap &+= 1
                if role & lineBreak != 0 { broken = true }
            } else if gap > 0 {
                closeGap()
            }
            // Separators (folded view only) and expansions.
            let scalar = raw & scalarMask
            if role & expansion != 0 {
                let parts = folding.expansion(at: scalar)
                // The stream never holds more than the folded view.
                if foldedCount + (end - index) * folding.maximumGrowth + 4 * parts.count + 16 > limit { return false }
                for part in parts {
                    noteFolded(part)
                    foldedCount &+= writeScalar(part, origin, foldedBytes + foldedCount, foldedOrigins + foldedCount)
                    if !isGap {
                        noteStream(part)
                        streamCount &+= writeScalar(part, origin, streamBytes + streamCount, streamOrigins + streamCount)
                    }
                }
            } else {
                noteFolded(scalar)
                foldedCount &+= writeScalar(scalar, origin, foldedBytes + foldedCount, foldedOrigins + foldedCount)
            }
        }
        folded.storedCount = foldedCount
        stream.storedCount = streamCount
        output.summary.foldedHasPrescanByte = foldedPrescanBytes != 0
        output.summary.keywordStreamHasHighASCII = streamHighASCII != 0
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
