// SQLiteStore: the batch journal (ReviewJournal, PostJournal). A batch screen's review
// items and evidence posts arrive as one journal row per batch, compressed
// (JournalCodec); before the queue or the posts are read (the review page, /v1/review,
// the counts, a decision, a timeline's example posts) the rows are expanded into review
// items and posts and deleted, oldest row first and each row's entries in order, so ids
// keep the order they were screened in. All the rows present are expanded in one transaction with
// their deletion: a process killed midway leaves the journal as it was, and the next
// reader expands it again, each item once.
import Foundation
import GRDB

extension SQLiteStore {
    static let insertJournalSQL = """
        INSERT INTO review_journal (created_at, items, codec, body, posts, post_body) VALUES (?, ?, ?, ?, ?, ?)
        """

    /// Stores a batch's review items and evidence posts as one row, compressed (JournalCodec).
    static func insertJournal(_ journal: ReviewJournal, _ posts: PostJournal, _ db: Database) throws {
        let (codec, bodies) = JournalCodec.encode(posts.isEmpty ? [journal.bytes] : [journal.bytes, posts.bytes])
        let postBody: Data? = bodies.count > 1 ? bodies[1] : nil
        try db.cachedStatement(sql: insertJournalSQL)
            .execute(arguments: [StoreClock.now(), journal.count, codec, bodies[0], posts.count, postBody])
    }

    /// Expands the journal into review items; returns the items added (0 when the
    /// journal was empty, which costs one indexed read).
    @discardableResult
    public func expandReviewJournal() throws -> Int {
        guard try database.read({ db in try Self.hasJournal(db) }) else { return 0 }
        return try database.write { db in try Self.expandJournal(db) }
    }

    static func hasJournal(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review_journal)") ?? false
    }

    /// Expands every journal row on `db`'s open transaction. `expanded` is called after
    /// each row with the rows done so far (the tests throw from it, as a kill would stop
    /// the process, to see the transaction leave nothing behind).
    static func expandJournal(_ db: Database, expanded: (Int) throws -> Void = { _ in }) throws -> Int {
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM review_journal ORDER BY id")
        guard !ids.isEmpty else { return 0 }
        var insert = SQLiteBinder(try db.cachedStatement(sql: insertReviewSQL))
        var insertPosts = SQLiteBinder(try db.cachedStatement(sql: insertPostSQL))
        var items = 0
        for (done, id) in ids.enumerated() {
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM review_journal WHERE id = ?", arguments: [id])
            else { continue }
            let journal = ReviewJournal(bytes: try JournalCodec.decode(row["body"], codec: row["codec"]), count: row["items"])
            for item in try journal.items() { try insertReview(item, &insert, db) }
            if let body = row["post_body"] as Data? {
                let posts = PostJournal(bytes: try JournalCodec.decode(body, codec: row["codec"]), count: row["posts"])
                for post in try posts.posts() { try insertPost(post, &insertPosts, db) }
            }
            items += journal.count
            try db.execute(sql: "DELETE FROM review_journal WHERE id = ?", arguments: [id])
            try expanded(done + 1)
        }
        return items
    }
}
