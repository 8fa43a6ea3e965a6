// A batch's review items as one blob, the review queue's journal. `vigil screen
// --database` sends a fifth of a busy stream to review; a row per item in an indexed
// table cost SQLite 3 to 7 µs an item, a third of screening's own CPU. So the batch
// screen writes each batch's items as ONE journal row (in the transaction of the rest
// of the batch: durability is unchanged), and a store fills the review table from the
// journal when the queue is next read (SQLiteStore+Journal). An item holds the bytes
// the screen already has: the input record, the verdict line, and the few fields the
// queue indexes, so appending one is a few copies and no allocation of its own.
//
// An entry, integers little-endian, texts as a 32-bit length and the bytes (a nil
// text is length 0xFFFF_FFFF):
//   source (1 byte) · at (8) · required reviews (1) · kind · topic · record id ·
//   record · verdict · summary flag (1: 0 none, 1 given) [· category count (2) ·
//   each category · top flag (1) [· rule · category · message · basis · suggestion]]

/// Review items encoded back to back, in the order they were queued.
public struct ReviewJournal: Sendable, Equatable {
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

    /// Appends one item; `record` is the input record's JSON and `verdict` the verdict
    /// line (without its newline), both as bytes.
    public mutating func append<Record: Collection<UInt8>, Verdict: Collection<UInt8>>(
        source: ReviewSource, at: Int64, requiredReviews: Int, kind: String, topic: String, recordID: String,
        record: Record, verdict: Verdict, summary: ReviewSummary?
    ) {
        bytes.append(Self.sourceCode(source))
        integer(UInt64(bitPattern: at), bytes: 8)
        bytes.append(UInt8(clamping: max(1, requiredReviews)))
        text(kind); text(topic); text(recordID)
        length(record.count); bytes.append(contentsOf: record)
        length(verdict.count); bytes.append(contentsOf: verdict)
        appendSummary(summary)
        count += 1
    }

    /// Appends the entries of `other`, after this journal's.
    public mutating func append(_ other: ReviewJournal) {
        bytes += other.bytes
        count += other.count
    }

    /// The entries as review items, in order; throws on bytes that are not a journal.
    public func items() throws -> [NewReviewItem] {
        var reader = ReviewJournalReader(bytes)
        var items: [NewReviewItem] = []
        items.reserveCapacity(count)
        while !reader.atEnd { items.append(try reader.item()) }
        guard items.count == count else { throw StoreOpenError("a review journal row holds \(items.count) items, not \(count)") }
        return items
    }

    // MARK: Encoding

    private mutating func appendSummary(_ summary: ReviewSummary?) {
        guard let summary else { bytes.append(0); return }
        bytes.append(1)
        let categories = summary.categories.prefix(Int(UInt16.max))
        integer(UInt64(categories.count), bytes: 2)
        for name in categories { text(name) }
        guard let top = summary.top else { bytes.append(0); return }
        bytes.append(1)
        text(top.rule); text(top.category); text(top.message); text(top.basis); text(top.suggestion)
    }

    private mutating func integer(_ value: UInt64, bytes width: Int) {
        for shift in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * shift))) }
    }

    private mutating func length(_ value: Int) { integer(UInt64(UInt32(clamping: value)), bytes: 4) }

    private mutating func text(_ value: String?) {
        guard var value else { integer(UInt64(ReviewJournalReader.nilLength), bytes: 4); return }
        value.withUTF8 { utf8 in
            length(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// The sources by their one-byte code: a source is stored as its index here.
    static let sources: [ReviewSource] = [.check, .serveScreen, .batch]

    static func sourceCode(_ source: ReviewSource) -> UInt8 {
        UInt8(sources.firstIndex(of: source)!)
    }
}

/// Reads a journal's entries back (ReviewJournal.items, PostJournal.posts).
struct ReviewJournalReader {
    static let nilLength: UInt32 = 0xFFFF_FFFF
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset >= bytes.count }

    mutating func item() throws -> NewReviewItem {
        let sources = ReviewJournal.sources
        let code = Int(try integer(1))
        guard code < sources.count else { throw Self.corrupt }
        let at = Int64(bitPattern: try integer(8))
        let required = Int(try integer(1))
        let kind = try text(), topic = try text(), recordID = try text(), record = try text(), verdict = try text()
        let post = StoredPost(recordID: recordID, topic: topic, at: at, decision: "review", record: record, verdict: verdict)
        return NewReviewItem(source: sources[code], post: post, kind: kind, requiredReviews: required, summary: try summary())
    }

    private mutating func summary() throws -> ReviewSummary? {
        guard try integer(1) == 1 else { return nil }
        var categories: [String] = []
        for _ in 0..<Int(try integer(2)) { categories.append(try text()) }
        guard try integer(1) == 1 else { return ReviewSummary(categories: categories, top: nil) }
        let top = ReviewHit(rule: try text(), category: try text(), message: try text(), basis: try optionalText(),
                            suggestion: try optionalText())
        return ReviewSummary(categories: categories, top: top)
    }

    mutating func integer(_ width: Int) throws -> UInt64 {
        guard offset + width <= bytes.count else { throw Self.corrupt }
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
        offset += width
        return value
    }

    private mutating func optionalText() throws -> String? {
        let length = UInt32(try integer(4))
        if length == Self.nilLength { return nil }
        guard offset + Int(length) <= bytes.count else { throw Self.corrupt }
        defer { offset += Int(length) }
        return String(decoding: bytes[offset..<(offset + Int(length))], as: UTF8.self)
    }

    mutating func text() throws -> String { try optionalText() ?? "" }

    private static let corrupt = StoreOpenError("a review journal row is cut short or not a journal")
}
