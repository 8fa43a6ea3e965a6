// The audit log is append-only and pages with after=N; retention prunes old series,
// posts, transitions and done review items, never open ones or the audit log.
import GRDB
import Testing
@testable import VigilStore

struct StoreAuditRetentionTests {
    func entry(_ action: String, at: Int64) -> AuditEntry {
        AuditEntry(at: at, kind: .command, actor: "ana", subject: "brand", action: action, note: "n", outcome: "applied")
    }

    @Test func auditPagesAfterNAndNumbersInOrder() throws {
        let store = try SQLiteStore(path: ":memory:")
        let appended = try ["ack", "assessed sev2", "close"].enumerated().map { try store.appendAudit(entry($1, at: Int64($0))) }
        #expect(appended.map(\.id) == [1, 2, 3])
        #expect(try store.lastAuditID() == 3)
        #expect(try store.auditEntries(after: 1, limit: 10).map(\.action) == ["assessed sev2", "close"])
        #expect(try store.auditEntries(after: 3, limit: 10).isEmpty)
        #expect(try store.auditEntries(after: 0, limit: 2).count == 2)
    }

    @Test func auditCannotBeChangedOrDeleted() throws {
        let path = StoreFixtures.databasePath()
        let store = try SQLiteStore(path: path)
        _ = try store.appendAudit(entry("ack", at: 1))
        let queue = try DatabaseQueue(path: path)
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE audit SET note = 'x'") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM audit") } }
        try queue.close()
        _ = try store.prune(retention: 1, now: Int64.max / 2)
        #expect(try store.auditEntries(after: 0, limit: 10).count == 1)
    }

    @Test func pruneDropsOldRowsButKeepsOpenReviewsAndAudit() throws {
        let store = try SQLiteStore(path: ":memory:")
        var batch = StoreBatch()
        batch.reviews = [StoreFixtures.review("old-open"), StoreFixtures.review("old-done")]
        batch.posts = [StoreFixtures.post("p-old", at: 1_000), StoreFixtures.post("p-new", at: 9_000)]
        batch.buckets = [BucketPoint(topic: "brand", signal: "complaint", start: 1_000, end: 2_000, count: 3, baseline: 1, threshold: 5),
                         BucketPoint(topic: "brand", signal: "complaint", start: 9_000, end: 10_000, count: 4, baseline: 1, threshold: 5)]
        batch.transitions = [TransitionRow(topic: "brand", from: "monitoring", to: "early_warning", at: 1_500, incident: "brand#1",
                                           severity: "sev3", cause: "evidence", json: "{}")]
        try store.write(batch)
        let done = try #require(try store.reviewItems(ReviewFilter()).first { $0.recordID == "\"old-done\"" })
        _ = try store.decide(review: done.id, action: .approve, by: "ana", note: "", at: 2_000)
        // Event-time rows are cut 5_000 before the newest event (the bucket ending at
        // 10_000); the review decided at 2_000 is more than 5_000 before `now`.
        let deleted = try store.prune(retention: 5_000, now: 8_000)
        #expect(deleted > 0)
        #expect(try store.posts(topic: "brand", ids: ["\"p-old\"", "\"p-new\""]).map(\.recordID) == ["\"p-new\""])
        #expect(try store.buckets(topic: "brand", from: 0, to: 20_000).map(\.start) == [9_000])
        #expect(try store.transitions(topic: "brand", from: 0, to: 20_000).isEmpty)
        #expect(try store.reviewItems(ReviewFilter(status: nil)).map(\.recordID) == ["\"old-open\""])
        #expect(try store.auditEntries(after: 0, limit: 10).count == 1)
    }
}
