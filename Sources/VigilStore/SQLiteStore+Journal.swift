// SQLiteStore: the review queue's journal (ReviewJournal). A batch screen's review
// items arrive as one journal row per batch; before the queue is read (the review
// page, /v1/review, the counts, a decision) the rows are expanded into review items and
// deleted, oldest row first and each row's items in order, so ids keep the order the
// items were screened in. All the rows present are expanded in one transaction with
// their deletion: a process killed midway leaves the journal as it was, and the next
// reader expands it again, each item once.
import Foundation
import GRDB

extension SQLiteStore {
    static let insertJournalSQL = "INSERT INTO review_journal (created_at, items, body) VALUES (?, ?, ?)"

    static func insertJournal(_ journal: ReviewJournal, _ db: Database) throws {
        try db.cachedStatement(sql: insertJournalSQL)
            .execute(arguments: [StoreClock.now(), journal.count, Data(journal.bytes)])
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
        var items = 0
        for (done, id) in ids.enumerated() {
            guard let row = try Row.fetchOne(db, sql: "SELECT items, body FROM review_journal WHERE id = ?", arguments: [id])
            else { continue }
            let body: Data = row["body"]
            let journal = ReviewJournal(bytes: [UInt8](body), count: row["items"])
            for item in try journal.items() { try insertReview(item, &insert, db) }
            items += journal.count
            try db.execute(sql: "DELETE FROM review_journal WHERE id = ?", arguments: [id])
            try expanded(done + 1)
        }
        return items
    }
}
