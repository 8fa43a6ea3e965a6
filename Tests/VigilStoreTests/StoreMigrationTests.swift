// Opening a store: a new file is migrated to the latest schema, reopening keeps the
// data, a database from a newer Vigil or a foreign database is refused with a message
// naming the file and the versions.
import Foundation
import GRDB
import Testing
@testable import VigilStore

struct StoreMigrationTests {
    @Test func newFileIsMigratedToTheLatestVersion() throws {
        let path = StoreFixtures.databasePath()
        let store = try SQLiteStore(path: path)
        #expect(try store.schemaVersion() == StoreSchema.latest)
        #expect(StoreSchema.latest >= 1)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func reopeningKeepsDecisions() throws {
        let path = StoreFixtures.databasePath()
        do {
            let store = try SQLiteStore(path: path)
            try store.write(StoreFixtures.batch(reviews: [StoreFixtures.review("a1")]))
            let id = try #require(try store.reviewItems(ReviewFilter()).first?.id)
            guard case .applied = try store.decide(review: id, action: .approve, by: "ana", note: "fine", at: 5) else {
                Issue.record("not applied"); return
            }
        }
        let reopened = try SQLiteStore(path: path)
        let item = try #require(try reopened.reviewItems(ReviewFilter(status: "done")).first)
        #expect(item.outcome == .approve)
        #expect(item.reviews.map(\.by) == ["ana"])
        #expect(try reopened.reviewItems(ReviewFilter()).isEmpty)
    }

    @Test func newerDatabaseIsRefusedNamingFileAndVersions() throws {
        let path = StoreFixtures.databasePath()
        _ = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "UPDATE vigil_schema SET version = ?", arguments: [StoreSchema.latest + 5]) }
        try queue.close()
        do {
            _ = try SQLiteStore(path: path)
            Issue.record("a newer database was opened")
        } catch let error as StoreOpenError {
            #expect(error.description.contains(path))
            #expect(error.description.contains("schema version \(StoreSchema.latest + 5)"))
            #expect(error.description.contains("(\(StoreSchema.latest))"))
        }
    }

    @Test func foreignDatabaseIsRefused() throws {
        let path = StoreFixtures.databasePath()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE something (x INTEGER)") }
        try queue.close()
        #expect(throws: StoreOpenError.self) { try SQLiteStore(path: path) }
    }

    @Test func notADatabaseIsRefused() throws {
        let path = StoreFixtures.databasePath()
        try Data("hello, this is not sqlite at all, just text that is long enough".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreOpenError.self) { try SQLiteStore(path: path) }
    }

    @Test func memoryStoreWorksAndKeepsNothing() throws {
        let store = try SQLiteStore(path: ":memory:")
        try store.write(StoreFixtures.batch(reviews: [StoreFixtures.review("a1")]))
        #expect(try store.reviewCounts().open == 1)
        #expect(!FileManager.default.fileExists(atPath: ":memory:"))
    }
}
