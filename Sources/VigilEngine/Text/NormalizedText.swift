// The reusable output of one normalization: the two views every rule set reads, and
// the views only some rule sets need, filled on demand. One per thread, so a post's
// normalization allocates nothing once its buffers have grown.

/// Reusable per-thread output of `Normalizer.normalize`, with room for the views that
/// only some rule sets need (collapsed repeats, the folded text of a step subset).
public final class NormalizedText {
    /// Folded text (see Normalizer.swift) with its map to the original.
    public let folded = MappedByteBuffer()
    /// Keyword stream (see Normalizer.swift) with its map to the original.
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
