// The keyword-stream form of a keyword (normalized, written separators removed and their
// places remembered), worked out apart from the compiler's state: normalizing some 15,000
// keywords is most of a compilation's own work, and this way chunks of them are
// normalized on other threads (ConcurrentResult) while the compiler takes the finished
// forms in keyword order and reports the problems itself.

/// What normalizing a keyword gives: its pattern, or why it cannot be one.
enum KeywordForm: Sendable {
    /// The keyword-stream bytes without gap bytes, and the offsets in them where a gap was.
    case pattern(bytes: [UInt8], gaps: [Int32])
    /// The normalized keyword holds a line break (or a long run of separators).
    case spansBreak
    /// Nothing is left after normalization.
    case empty

    /// The form of `text` under `normalizer`; `scratch` is reused between calls.
    init(of text: String, normalizer: Normalizer, scratch: NormalizedText) {
        let stream = KeywordForm.keywordStream(of: text, normalizer: normalizer, scratch: scratch)
        var bytes: [UInt8] = [], gaps: [Int32] = []
        bytes.reserveCapacity(stream.count)
        for byte in stream {
            if byte == keywordBreakByte {
                self = .spansBreak
                return
            }
            if byte == keywordGapByte { gaps.append(Int32(bytes.count)); continue }
            bytes.append(byte)
        }
        self = bytes.isEmpty ? .empty : .pattern(bytes: bytes, gaps: gaps)
    }

    /// The keyword stream of `text`: the bytes of `normalizer.normalizedViews(of:).keywordStream`,
    /// without a `NormalizedText` and two strings per keyword.
    static func keywordStream(of text: String, normalizer: Normalizer, scratch: NormalizedText) -> [UInt8] {
        var copy = text
        copy.withUTF8 { normalizer.normalize($0, into: scratch) }
        let stream = scratch.keywordStream.bytes
        // `normalizedViews` decodes the stream into a String, which would replace invalid
        // UTF-8; the normalizer writes valid UTF-8 for valid input, but keep its exact
        // result should that ever not hold.
        if stream.allSatisfy({ $0 < 0x80 }) || String(validating: stream, as: UTF8.self) != nil {
            return Array(stream)
        }
        return Array(String(decoding: stream, as: UTF8.self).utf8)
    }
}
