// A batch screen's evidence posts stored in its journal row: they round-trip, become
// the rows a row per post would have stored (ids included) when first read, and a batch of
// posts alone makes a journal row too.
import Foundation
import GRDB
import Testing
@testable import VigilStore

struct PostJournalTests {
    static func posts(_ prefix: String, topic: String = "brand") -> [StoredPost] {
        [StoreFixtures.post(prefix + "1", topic: topic), StoreFixtures.post(prefix + "2", topic: topic, at: -7, decision: "block"),
         StoredPost(recordID: "9", topic: topic, at: 3, decision: "allow", record: #"{"text":"文字 \"q\""}"#, verdict: ""),
         StoreFixtures.post(prefix + "1", topic: topic, at: 5_000, decision: "allow")]
    }

    static func batch(_ posts: [StoredPost], items: [NewReviewItem] = []) -> StoreBatch {
        var batch = StoreJournalTests.batch(StoreJournalTests.journal(items))
        for post in posts { batch.postJournal.append(post) }
        return batch
    }

    static func rows(_ store: SQLiteStore) throws -> [Row] {
        try store.database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM post ORDER BY id") }
    }

    @Test func postsRoundTripEveryField() throws {
        var journal = PostJournal()
        for post in Self.posts("a") { journal.append(post) }
        #expect(journal.count == 4)
        #expect(try journal.posts() == Self.posts("a"))
        #expect(throws: StoreOpenError.self) { try PostJournal(bytes: Array(journal.bytes.dropLast(2)), count: 4).posts() }
        #expect(throws: StoreOpenError.self) { try PostJournal(bytes: journal.bytes, count: 5).posts() }
    }

    @Test func expandedPostsEqualPostsStoredAsRows() throws {
        let rows = try SQLiteStore(path: StoreFixtures.databasePath())
        let journaled = try SQLiteStore(path: StoreFixtures.databasePath())
        for (prefix, topic) in [("a", "brand"), ("b", "other")] {
            var batch = StoreBatch()
            batch.posts = Self.posts(prefix, topic: topic)
            try rows.write(batch)
            try journaled.write(Self.batch(Self.posts(prefix, topic: topic), items: StoreJournalTests.items(prefix)))
        }
        #expect(try StoreJournalTests.count(journaled, "post") == 0)
        // Reading posts expands the journal first; the newest post of an id wins, as with rows.
        let found = try journaled.posts(topic: "brand", ids: ["\"a1\"", "9"])
        #expect(found == (try rows.posts(topic: "brand", ids: ["\"a1\"", "9"])))
        #expect(found.first?.at == 5_000)
        #expect(try Self.rows(journaled) == (try Self.rows(rows)))
        #expect(try StoreJournalTests.count(journaled, "review_item") == 8)
        #expect(try StoreJournalTests.count(journaled, "review_journal") == 0)
    }

    @Test func postsAloneMakeAJournalRow() throws {
        let store = try SQLiteStore(path: StoreFixtures.databasePath())
        try store.write(Self.batch(Self.posts("a")))
        #expect(try StoreJournalTests.count(store, "review_journal") == 1)
        #expect(try store.expandReviewJournal() == 0)
        #expect(try StoreJournalTests.count(store, "post") == 4)
        #expect(try StoreJournalTests.count(store, "review_item") == 0)
    }
}
