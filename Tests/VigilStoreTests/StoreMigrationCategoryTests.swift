// A version-3 store (a row per review category) opened by this build: the migration
// moves each item's categories into the item's own column, the category filter finds
// the same items as before, and the old table is gone. Names that need escaping in
// JSON (a quote, a backslash) survive the move and are still found whole.
import Foundation
import GRDB
import Testing
@testable import VigilStore

struct StoreMigrationCategoryTests {
    /// A database at version 3, with three items: two categories, one odd name, none.
    static func versionThreeStore() throws -> String {
        try StoreFixtures.databaseAtVersion(3) { db in
            for id in 1...3 {
                try db.execute(sql: """
                    INSERT INTO review_item (id, created_at, source, kind, topic, record_id, record, verdict, status, required_reviews)
                    VALUES (?, 1000, 'batch', 'comment', 'brand', ?, '{}', '{}', 'open', 1)
                    """, arguments: [id, "\"r\(id)\""])
            }
            for (item, category) in [(1, "pii"), (1, "complaint"), (2, #"odd"na\me"#), (2, "complaint")] {
                try db.execute(sql: "INSERT INTO review_category (item_id, category) VALUES (?, ?)", arguments: [item, category])
            }
        }
    }

    @Test func versionThreeCategoriesMoveIntoTheItems() throws {
        let store = try SQLiteStore(path: try Self.versionThreeStore())
        #expect(try store.schemaVersion() == StoreSchema.latest)
        let items = try store.reviewItems(ReviewFilter(limit: 10))
        #expect(items.map(\.id) == [3, 2, 1])
        #expect(items.map(\.categories) == [[], ["complaint", #"odd"na\me"#], ["complaint", "pii"]])
        #expect(try store.reviewItems(ReviewFilter(category: "complaint")).map(\.id) == [2, 1])
        #expect(try store.reviewItems(ReviewFilter(category: "pii")).map(\.id) == [1])
        #expect(try store.reviewItems(ReviewFilter(category: #"odd"na\me"#)).map(\.id) == [2])
        #expect(try store.reviewItems(ReviewFilter(category: "odd")).isEmpty)
        #expect(try store.reviewItems(ReviewFilter(category: "na")).isEmpty)
    }

    @Test func oldCategoryTableIsDropped() throws {
        let path = try Self.versionThreeStore()
        _ = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: path)
        #expect(try queue.read { db in try db.tableExists("review_category") } == false)
    }

    @Test func newItemsFilterLikeMigratedOnes() throws {
        let store = try SQLiteStore(path: try Self.versionThreeStore())
        try store.write(StoreFixtures.batch(reviews: [StoreFixtures.review("a4")]))
        #expect(try store.reviewItems(ReviewFilter(category: "complaint")).map(\.recordID) == ["\"a4\"", "\"r2\"", "\"r1\""])
        #expect(try store.reviewItems(ReviewFilter(category: "pii")).count == 2)
    }
}
