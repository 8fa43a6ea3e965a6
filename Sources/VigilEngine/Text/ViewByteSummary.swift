// Cheap facts about the bytes of a post's normalized views, gathered by the normalizer
// while it writes them, so that later stages can skip a whole pass over a view when the
// bytes that pass looks for cannot be there: the detector prescan (DetectorPrescan starts
// a shape only at a byte in 0x2E…0x40) and the check whether a `repeats: collapse`
// keyword can start in the keyword stream (those keywords start with ASCII letters).
// Each fact is exact for valid UTF-8 (what the input parser hands the normalizer): it
// says whether some byte of the view lies in the range (ViewByteSummaryTests compares it
// with a byte-by-byte scan of the views).

/// Which byte ranges occur in the folded view and the keyword stream of one post.
public struct ViewByteSummary: Sendable, Equatable {
    /// Some byte of the folded view lies in 0x2E…0x40 (`. /`, digits, `: ; < = > ? @`),
    /// the bytes where `DetectorPrescan` can start a shape. When none does, the prescan
    /// finds nothing.
    public internal(set) var foldedHasPrescanByte = false
    /// Some byte of the keyword stream lies in 0x40…0x7F (the ASCII letters and
    /// `` @ [ \ ] ^ _ ` { | } ~ ``). When none does, no keyword whose first byte is in
    /// that range starts in the stream (nor in the collapsed stream, made of its bytes).
    public internal(set) var keywordStreamHasHighASCII = false

    /// Nothing seen yet (the summary of empty views).
    public init() {}

    /// The summary of `folded` and `keywordStream`, byte by byte: the reference the
    /// normalizer's summary must equal.
    public init(folded: UnsafeBufferPointer<UInt8>, keywordStream: UnsafeBufferPointer<UInt8>) {
        foldedHasPrescanByte = folded.contains { Self.isPrescanByte(UInt32($0)) }
        keywordStreamHasHighASCII = keywordStream.contains { Self.isHighASCII(UInt32($0)) }
    }

    /// Whether the scalar (or byte) `value` is a single byte in 0x2E…0x40. A scalar of
    /// 0x80 or more is written as bytes of 0x80 or more, none of them in the range.
    @inlinable @inline(__always)
    static func isPrescanByte(_ value: UInt32) -> Bool { value &- 0x2E < 0x13 }

    /// Whether the scalar (or byte) `value` is a single byte in 0x40…0x7F.
    @inlinable @inline(__always)
    static func isHighASCII(_ value: UInt32) -> Bool { value &- 0x40 < 0x40 }
}
