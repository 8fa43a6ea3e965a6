// The review queue's journal: a batch screen's review items stored as one row per
// batch and expanded into review items when the queue is read. Expanded items are the
// items a row per item would have stored, column for column; ids keep the order the
// items were queued in; a killed expansion leaves the journal as it was and the next
// one stores each item once; the filters find expanded items; a version-4 store is
// migrated to hold the journal.
import Foundation
import GRDB
import Testing
@testable import VigilStore

struct StoreJournalTests {
    static func summary(_ categories: [String], basis: String? = "PIPL art. 13") -> ReviewSummary {
        ReviewSummary(categories: categories, top: ReviewHit(rule: "pii/mobile", category: "pii", message: "mobile number",
                                                             basis: basis, suggestion: nil))
    }

    /// Items of every shape: with and without a summary, a top hit, a basis, two reviews.
    static func items(_ prefix: String, topic: String = "brand") -> [NewReviewItem] {
        var items = [StoreFixtures.review(prefix + "1", topic: topic), StoreFixtures.review(prefix + "2", topic: topic, kind: "post", reviews: 2)]
        items[0].summary = summary(["complaint", "pii"])
        items.append(NewReviewItem(source: .batch, post: StoredPost(recordID: "7", topic: topic, at: -5, decision: "review",
                                                                      record: #"{"text":"只是文字 \"x\""}"#, verdict: "{}"),
                                   kind: "comment", summary: ReviewSummary(categories: [], top: nil)))
        items.append(NewReviewItem(source: .check, post: StoreFixtures.post(prefix + "4", topic: topic), kind: "comment",
                                   summary: summary(["pii"], basis: nil)))
        return items
    }

    static func journal(_ items: [NewReviewItem]) -> ReviewJournal {
        var journal = ReviewJournal()
        for item in items {
            journal.append(source: item.source, at: item.post.at, requiredReviews: item.requiredReviews, kind: item.kind,
                           topic: item.post.topic, recordID: item.post.recordID, record: Array(item.post.record.utf8),
                           verdict: Array(item.post.verdict.utf8), summary: item.summary)
        }
        return journal
    }

    static func batch(_ journal: ReviewJournal) -> StoreBatch {
        var batch = StoreBatch()
        batch.journal = journal
        return batch
    }

    static func count(_ store: SQLiteStore, _ table: String) throws -> Int {
        try store.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    @Test func journalRoundTripsEveryField() throws {
        let items = Self.items("a")
        let journal = Self.journal(items)
        #expect(journal.count == 4)
        #expect(try journal.items() == items)
        #expect(throws: StoreOpenError.self) { try ReviewJournal(bytes: Array(journal.bytes.dropLast(3)), count: 4).items() }
    }

    @Test func expandedItemsEqualItemsStoredAsRows() throws {
        let rows = try SQLiteStore(path: StoreFixtures.databasePath())
        try rows.write(StoreFixtures.batch(reviews: Self.items("a")))
        let journaled = try SQLiteStore(path: StoreFixtures.databasePath())
        try journaled.write(Self.batch(Self.journal(Self.items("a"))))
        #expect(try Self.count(journaled, "review_journal") == 1)
        #expect(try Self.count(journaled, "review_item") == 0)
        let expected = try rows.reviewItems(ReviewFilter(limit: 10))
        let found = try journaled.reviewItems(ReviewFilter(limit: 10))
        #expect(found.count == 4)
        #expect(found == expected)
        #expect(try Self.count(journaled, "review_journal") == 0)
    }

    @Test func idsKeepTheOrderItemsWereQueuedIn() throws {
        let store = try SQLiteStore(path: StoreFixtures.databasePath())
        try store.write(Self.batch(Self.journal([StoreFixtures.review("a1"), StoreFixtures.review("a2")])))
        try store.write(Self.batch(Self.journal([StoreFixtures.review("b1"), StoreFixtures.review("b2")])))
        #expect(try store.reviewItems(ReviewFilter()).map(\.recordID) == ["\"b2\"", "\"b1\"", "\"a2\"", "\"a1\""])
        try store.write(StoreFixtures.batch(reviews: [StoreFixtures.review("c1")]))
        try store.write(Self.batch(Self.journal([StoreFixtures.review("d1")])))
        #expect(try store.reviewItems(ReviewFilter()).map(\.recordID) == ["\"d1\"", "\"c1\"", "\"b2\"", "\"b1\"", "\"a2\"", "\"a1\""])
    }

    struct Killed: Error {}

    @Test func killedExpansionLeavesTheJournalAndTheNextStoresEachItemOnce() throws {
        let store = try SQLiteStore(path: StoreFixtures.databasePath())
        try store.write(Self.batch(Self.journal(Self.items("a"))))
        try store.write(Self.batch(Self.journal(Self.items("b"))))
        #expect(throws: Killed.self) {
            try store.database.write { db in
                _ = try SQLiteStore.expandJournal(db, expanded: { done in if done == 1 { throw Killed() } })
            }
        }
        #expect(try Self.count(store, "review_item") == 0)
        #expect(try Self.count(store, "review_journal") == 2)
        #expect(try store.expandReviewJournal() == 8)
        #expect(try store.expandReviewJournal() == 0)
        let ids = try store.reviewItems(ReviewFilter(status: nil, limit: 100)).map(\.recordID)
        #expect(ids == (Self.items("a") + Self.items("b")).map(\.post.recordID).reversed())
    }

    @Test func filtersFindExpandedItems() throws {
        let store = try SQLiteStore(path: StoreFixtures.databasePath())
        try store.write(Self.batch(Self.journal(Self.items("a", topic: "brand") + Self.items("b", topic: "other"))))
        #expect(try store.reviewCounts().open == 8)
        #expect(try store.reviewItems(ReviewFilter(topic: "other")).map(\.recordID) == Self.items("b").map(\.post.recordID).reversed())
        // Item 1 has its summary's categories; items 2 and 4 read theirs from the verdict or
        // the summary; item 3 has none.
        #expect(try store.reviewItems(ReviewFilter(category: "complaint", topic: "brand")).map(\.recordID) == ["\"a2\"", "\"a1\""])
        #expect(try store.reviewItems(ReviewFilter(category: "pii", topic: "other")).map(\.recordID) == ["\"b4\"", "\"b2\"", "\"b1\""])
    }

    @Test func decidingAnItemStillInTheJournalWorks() throws {
        let store = try SQLiteStore(path: StoreFixtures.databasePath())
        try store.write(Self.batch(Self.journal([StoreFixtures.review("a1")])))
        guard case .applied(let item) = try store.decide(review: 1, action: .remove, by: "ana", note: "spam", at: 9) else {
            Issue.record("not applied"); return
        }
        #expect(item.recordID == "\"a1\"" && item.status == "done")
    }

    @Test func versionFourStoreIsMigratedToHoldTheJournal() throws {
        let path = try StoreFixtures.databaseAtVersion(4) { db in
            try db.execute(sql: """
                INSERT INTO review_item (created_at, source, kind, topic, record_id, record, verdict, status, required_reviews, categories)
                VALUES (1000, 'batch', 'comment', 'brand', '"old"', '{}', '{}', 'open', 1, '["pii"]')
                """)
        }
        let store = try SQLiteStore(path: path)
        #expect(try store.schemaVersion() == StoreSchema.latest)
        #expect(try store.database.read { db in try db.tableExists("review_journal") })
        try store.write(Self.batch(Self.journal([StoreFixtures.review("new")])))
        #expect(try store.reviewItems(ReviewFilter(category: "pii")).map(\.recordID) == ["\"new\"", "\"old\""])
    }
}
