// A batch's evidence posts as one blob, beside its review items in the batch's journal
// row (SQLiteStore+Journal). The escalation machines keep a post as an evidence example
// far more often than a calm stream sends one to review (14,280 evidence posts against
// 9,512 review items on a 370,000-post stream); a row each, with its record and verdict
// as strings and two index entries, was most of what `vigil screen --database` cost
// there. Appending a post is a few copies of bytes the screen already holds; the posts
// become rows of `post` when they are first read (the timelines' example posts), in the
// order they were screened.
//
// An entry, as in ReviewJournal (integers little-endian, texts as a 32-bit length and
// the bytes): at (8) · decision · topic · record id · record · verdict.

/// Evidence posts encoded back to back, in the order they were kept.
public struct PostJournal: Sendable, Equatable {
    /// The encoded entries.
    public private(set) var bytes: [UInt8] = []
    /// Entries in `bytes`.
    public private(set) var count = 0

    public init() {}

    /// The journal as stored: `count` entries in `bytes`.
    public init(bytes: [UInt8], count: Int) {
        self.bytes = bytes
        self.count = count
    }

    public var isEmpty: Bool { count == 0 }

    /// Appends one post; `record` is the input record's JSON and `verdict` the verdict
    /// line (without its newline), both as bytes.
    public mutating func append<Record: Collection<UInt8>, Verdict: Collection<UInt8>>(
        at: Int64, decision: String, topic: String, recordID: String, record: Record, verdict: Verdict
    ) {
        let at = UInt64(bitPattern: at)
        for shift in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: at >> UInt64(8 * shift))) }
        text(decision.utf8); text(topic.utf8); text(recordID.utf8); text(record); text(verdict)
        count += 1
    }

    /// Appends `post`'s fields.
    public mutating func append(_ post: StoredPost) {
        append(at: post.at, decision: post.decision, topic: post.topic, recordID: post.recordID, record: post.record.utf8,
               verdict: post.verdict.utf8)
    }

    /// Appends the entries of `other`, after this journal's.
    public mutating func append(_ other: PostJournal) {
        bytes += other.bytes
        count += other.count
    }

    /// The entries as posts, in order; throws on bytes that are not a post journal.
    public func posts() throws -> [StoredPost] {
        var reader = ReviewJournalReader(bytes)
        var posts: [StoredPost] = []
        posts.reserveCapacity(count)
        while !reader.atEnd {
            let at = Int64(bitPattern: try reader.integer(8))
            let decision = try reader.text(), topic = try reader.text(), recordID = try reader.text()
            posts.append(StoredPost(recordID: recordID, topic: topic, at: at, decision: decision, record: try reader.text(),
                                    verdict: try reader.text()))
        }
        guard posts.count == count else { throw StoreOpenError("a post journal holds \(posts.count) posts, not \(count)") }
        return posts
    }

    private mutating func text<Text: Collection<UInt8>>(_ value: Text) {
        let length = UInt32(clamping: value.count)
        for shift in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: length >> UInt32(8 * shift))) }
        bytes.append(contentsOf: value)
    }
}
