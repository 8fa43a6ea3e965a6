// A journal row's bodies are stored compressed: the bytes decode to exactly what was
// encoded (empty and incompressible ones too), a journal row holds codec 1 and fewer
// bytes than the journal, damaged bodies and unknown codecs are refused, and a version-5 store's plain rows are still read
// after the migration to version 6.
import Foundation
import GRDB
import Testing
@testable import VigilStore

struct JournalCodecTests {
    /// A journal of `n` items of every shape, repeated as a batch screen's would be.
    static func journal(_ n: Int) -> ReviewJournal {
        var journal = ReviewJournal()
        for round in 0..<n { journal.append(StoreJournalTests.journal(StoreJournalTests.items("r\(round)-"))) }
        return journal
    }

    @Test func bodiesDecodeToTheBytesEncoded() throws {
        var random = SystemRandomNumberGenerator()
        let noise = (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &random) }
        let bodies = [Self.journal(0).bytes, Self.journal(1).bytes, Self.journal(300).bytes, noise]
        let (codec, stored) = JournalCodec.encode(bodies)
        #expect(codec == JournalCodec.lz4)
        #expect(try stored.map { try JournalCodec.decode($0, codec: codec) } == bodies)
        #expect(stored[2].count * 3 < bodies[2].count)
        #expect(try JournalCodec.decode(Data(noise), codec: JournalCodec.plain) == noise)
    }

    @Test func damagedBodiesAndUnknownCodecsAreRefused() throws {
        let body = try #require(JournalCodec.compress(Self.journal(50).bytes))
        #expect(throws: StoreOpenError.self) { try JournalCodec.decode(body.dropLast(10), codec: JournalCodec.lz4) }
        #expect(throws: StoreOpenError.self) { try JournalCodec.decode(body.prefix(3), codec: JournalCodec.lz4) }
        #expect(throws: StoreOpenError.self) { try JournalCodec.decode(body, codec: 7) }
    }

    @Test func journalRowsAreStoredCompressedAndExpandEqual() throws {
        let store = try SQLiteStore(path: StoreFixtures.databasePath())
        let journal = Self.journal(100)
        try store.write(StoreJournalTests.batch(journal))
        let stored = try store.database.read { db in try Row.fetchOne(db, sql: "SELECT codec, length(body) AS size FROM review_journal") }
        #expect(stored?["codec"] == JournalCodec.lz4)
        #expect((stored?["size"] ?? Int.max) * 3 < journal.bytes.count)
        #expect(try store.expandReviewJournal() == 400)
        let items = try journal.items()
        let expanded = try store.reviewItems(ReviewFilter(limit: 1_000))
        #expect(expanded.count == 400)
        #expect(expanded.reversed().map(\.recordID) == items.map(\.post.recordID))
        #expect(expanded.reversed().map(\.verdict) == items.map(\.post.verdict))
    }

    @Test func versionFiveJournalRowsAreReadAfterTheMigration() throws {
        let plain = StoreJournalTests.journal(StoreJournalTests.items("old"))
        let path = try StoreFixtures.databaseAtVersion(5) { db in
            try db.execute(sql: "INSERT INTO review_journal (created_at, items, body) VALUES (1, ?, ?)",
                           arguments: [plain.count, Data(plain.bytes)])
        }
        let store = try SQLiteStore(path: path)
        #expect(try store.schemaVersion() == StoreSchema.latest)
        try store.write(StoreJournalTests.batch(StoreJournalTests.journal(StoreJournalTests.items("new"))))
        let ids = try store.reviewItems(ReviewFilter(limit: 100)).map(\.recordID)
        let expected = (StoreJournalTests.items("old") + StoreJournalTests.items("new")).map(\.post.recordID)
        #expect(ids == expected.reversed())
    }
}
