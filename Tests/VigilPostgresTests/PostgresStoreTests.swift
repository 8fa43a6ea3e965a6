// The PostgreSQL store answers the store's protocols as the SQLite store does: what a
// batch writes reads back the same, review decisions (first and second review, 404/409)
// and the audit log behave alike, the audit log refuses changes, a newer schema is
// refused, and two stores on one database (two instances) see each other's writes and
// never both decide one review item.
import Foundation
import PostgresTestSupport
import XCTest
import VigilEngine
import VigilPostgres
import VigilStore

final class PostgresStoreTests: XCTestCase {
    nonisolated(unsafe) static var cluster: PostgresTestCluster?
    nonisolated(unsafe) static var failure: String?

    override class func setUp() {
        (cluster, failure) = PostgresTestCluster.start()
    }

    override class func tearDown() {
        cluster?.stop()
    }

    func store(_ name: String) throws -> (PostgresStore, String) {
        let cluster = try PostgresTestCluster.require(Self.cluster, Self.failure)
        let url = cluster.database(name)
        return (try PostgresStore(url: PostgresURL(url)), url)
    }

    static let verdict = #"{"id":7,"decision":"review","hits":[{"rule":"ads/absolute","category":"ads","severity":"high","message":"absolute claim","basis":"Ad Law art. 9","suggest":["say what was measured"]}]}"#

    func sampleBatch() -> StoreBatch {
        var batch = StoreBatch()
        let post = StoredPost(recordID: "7", topic: "Nimbus", at: 1_000, decision: "review", record: #"{"id":7,"text":"最好的"}"#,
                              verdict: Self.verdict)
        batch.posts = [post]
        batch.reviews = [NewReviewItem(source: .check, post: post, kind: "post", requiredReviews: 2)]
        let evidence = EscalationEvidence(signal: "complaint", test: .spike, windowStart: 0, windowEnd: 300_000, count: 29, baseline: 8.3,
                                          ratio: 3.5, threshold: 12, pValue: 1e-5, cusum: nil, authors: 17, late: 0, examples: ["7", "\"a-8\""])
        batch.transitions = [TransitionRow(topic: "Nimbus", from: "monitoring", to: "early_warning", at: 300_000, incident: "Nimbus#1",
                                           severity: nil, cause: "evidence", evidence: evidence, json: #"{"type":"escalation"}"#)]
        batch.buckets = [BucketPoint(topic: "Nimbus", signal: "complaint", start: 0, end: 300_000, count: 29, baseline: 8.3, threshold: 12)]
        batch.topics = [TopicRow(topic: "Nimbus", state: "early_warning", severity: nil, incident: "Nimbus#1", since: 300_000, updatedAt: 5)]
        batch.escalationState = EscalationStateRow(lines: 42, snapshot: [0, 1, 2, 255])
        batch.deliveries = [NewDelivery(url: "http://127.0.0.1:1/hook", payload: "{}", key: "k1")]
        return batch
    }

    func testBatchReadsBack() throws {
        let (store, _) = try store("batch")
        try store.write(sampleBatch())
        XCTAssertEqual(try store.topics().map(\.topic), ["Nimbus"])
        XCTAssertEqual(try store.topic("Nimbus")?.incident, "Nimbus#1")
        XCTAssertEqual(try store.buckets(topic: "Nimbus", from: 0, to: 1_000_000).map(\.count), [29])
        let transitions = try store.transitions(after: 0, limit: 10)
        XCTAssertEqual(transitions.count, 1)
        XCTAssertEqual(transitions[0].evidence?.examples, ["7", "\"a-8\""])
        XCTAssertEqual(transitions[0].evidence?.pValue, 1e-5)
        XCTAssertEqual(try store.transitions(topic: "Nimbus", from: 0, to: 400_000).count, 1)
        XCTAssertEqual(try store.posts(topic: "Nimbus", ids: ["7", "8"]).map(\.recordID), ["7"])
        XCTAssertEqual(try store.escalationState(), EscalationStateRow(lines: 42, snapshot: [0, 1, 2, 255]))
        XCTAssertEqual(try store.latestBucketEnd(), 300_000)
        XCTAssertEqual(try store.sparklines(from: 0, to: 600_000, slot: 300_000, excluding: ["volume"])["Nimbus"]?.first?.count, 29)
        XCTAssertEqual(try store.deliveryCounts().pending, 1)
        let due = try store.dueDeliveries(now: 10, limit: 5)
        XCTAssertEqual(due.map(\.key), ["k1"])
        XCTAssertEqual(try store.dueDeliveries(now: 10, limit: 5).count, 0, "a claimed delivery is not handed out twice")
        try store.finishAttempt(delivery: due[0].id, deliveredAt: 20, error: nil, retryAt: 0)
        XCTAssertEqual(try store.deliveryCounts().delivered, 1)
    }

    /// A batch screen's journal: PostgreSQL stores its items as rows when the batch
    /// arrives, in order, as the review queue would have held them written one by one.
    func testJournalItemsAreStoredAsRows() throws {
        let (store, _) = try store("journal")
        var batch = StoreBatch()
        for id in ["j1", "j2"] {
            batch.journal.append(source: .batch, at: 2_000, requiredReviews: 1, kind: "comment", topic: "Nimbus", recordID: "\"\(id)\"",
                                 record: Array(#"{"id":"\#(id)","text":"最好的"}"#.utf8), verdict: Array(Self.verdict.utf8), summary: nil)
        }
        try store.write(batch)
        let items = try store.reviewItems(ReviewFilter())
        XCTAssertEqual(items.map(\.recordID), ["\"j2\"", "\"j1\""])
        XCTAssertEqual(items.first?.categories, ["ads"])
        XCTAssertEqual(items.first?.source, .batch)
        XCTAssertEqual(try store.expandReviewJournal(), 0)
    }

    func testJournalPostsAreStoredAsRows() throws {
        let (store, _) = try store("journalposts")
        var batch = StoreBatch()
        for id in ["p1", "p2"] {
            batch.postJournal.append(at: 3_000, decision: "review", topic: "Nimbus", recordID: "\"\(id)\"",
                                     record: Array(#"{"id":"\#(id)","text":"最好的"}"#.utf8), verdict: Array(Self.verdict.utf8))
        }
        try store.write(batch)
        let posts = try store.posts(topic: "Nimbus", ids: ["\"p1\"", "\"p2\"", "\"p3\""])
        XCTAssertEqual(Set(posts.map(\.recordID)), ["\"p1\"", "\"p2\""])
        XCTAssertEqual(posts.first?.verdict, Self.verdict)
        XCTAssertEqual(posts.first?.at, 3_000)
        XCTAssertEqual(try store.expandReviewJournal(), 0)
    }

    func testReviewAndAudit() throws {
        let (store, url) = try store("review")
        try store.write(sampleBatch())
        let item = try XCTUnwrap(try store.reviewItems(ReviewFilter()).first)
        XCTAssertEqual(item.categories, ["ads"])
        XCTAssertEqual(item.top?.basis, "Ad Law art. 9")
        XCTAssertEqual(try store.reviewItems(ReviewFilter(category: "ads")).count, 1)
        XCTAssertEqual(try store.reviewItems(ReviewFilter(category: "privacy")).count, 0)
        guard case .applied(let first) = try store.decide(review: item.id, action: .approve, by: "ana", note: "ok", at: 10) else {
            return XCTFail("first review not applied")
        }
        XCTAssertEqual(first.status, "open", "a post needs a second review")
        guard case .sameReviewer = try store.decide(review: item.id, action: .approve, by: "ana", note: "", at: 11) else {
            return XCTFail("the first reviewer cannot give the second review")
        }
        // A second instance on the same database gives the second review.
        let other = try PostgresStore(url: PostgresURL(url))
        guard case .applied(let done) = try other.decide(review: item.id, action: .approve, by: "bo", note: "", at: 12) else {
            return XCTFail("second review not applied")
        }
        XCTAssertEqual(done.outcome, .approve)
        guard case .alreadyDecided = try store.decide(review: item.id, action: .remove, by: "cy", note: "", at: 13) else {
            return XCTFail("a decided item is 409")
        }
        guard case .notFound = try store.decide(review: 999, action: .remove, by: "cy", note: "", at: 13) else {
            return XCTFail("an unknown item is 404")
        }
        XCTAssertEqual(try store.reviewCounts().done, 1)
        let audit = try store.auditEntries(after: 0, limit: 10)
        XCTAssertEqual(audit.map(\.actor), ["ana", "bo"])
        XCTAssertEqual(try store.lastAuditID(), audit.last?.id)
        let appended = try store.appendAudit(AuditEntry(at: 20, kind: .command, actor: "ops", subject: "Nimbus", action: "ack", note: "",
                                                        outcome: "applied"))
        XCTAssertGreaterThan(appended.id, audit.last!.id)
        XCTAssertThrowsError(try PostgresTestCluster.sql(url, "UPDATE audit SET note = 'x'"), "the audit log is append-only")
    }

    func testConcurrentDecisionsGiveOneWinner() throws {
        let (store, url) = try store("race")
        var batch = sampleBatch()
        batch.reviews[0].requiredReviews = 1
        try store.write(batch)
        let id = try XCTUnwrap(try store.reviewItems(ReviewFilter()).first?.id)
        let stores = [store, try PostgresStore(url: PostgresURL(url))]
        let outcomes = ConcurrentOutcomes()
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let outcome = try? stores[index % 2].decide(review: id, action: .remove, by: "r\(index)", note: "", at: Int64(index))
            outcomes.add(outcome)
        }
        XCTAssertEqual(outcomes.applied, 1)
        XCTAssertEqual(outcomes.conflicts, 7)
    }

    func testRulesSetsAndPrune() throws {
        let (store, _) = try store("rules")
        try store.recordRuleSet(RuleSetRecord(at: 1, version: "3", packs: [.init(name: "ads", rules: 4)], ruleCount: 4, outcome: "start",
                                              diagnostics: ["a warning"]))
        XCTAssertEqual(try store.ruleSets(limit: 5).first?.packs, [.init(name: "ads", rules: 4)])
        XCTAssertEqual(try store.ruleSets(limit: 5).first?.diagnostics, ["a warning"])
        try store.write(sampleBatch())
        var later = StoreBatch()
        later.buckets = [BucketPoint(topic: "Nimbus", signal: "complaint", start: 90 * 86_400_000, end: 90 * 86_400_000 + 300_000,
                                     count: 1, baseline: 1, threshold: 0)]
        try store.write(later)
        XCTAssertGreaterThan(try store.prune(retention: 30 * 86_400_000, now: 0), 0)
        XCTAssertEqual(try store.buckets(topic: "Nimbus", from: 0, to: 1_000_000).count, 0)
        XCTAssertEqual(try store.reviewCounts().open, 1, "open review items are never pruned")
    }

    func testNewerSchemaIsRefused() throws {
        let (store, url) = try store("newer")
        XCTAssertEqual(try store.schemaVersion(), StoreSchema.latest)
        XCTAssertNoThrow(try PostgresStore(url: PostgresURL(url)), "reopening migrates nothing")
        try PostgresTestCluster.sql(url, "UPDATE vigil_schema SET version = \(StoreSchema.latest + 1)")
        XCTAssertThrowsError(try PostgresStore(url: PostgresURL(url))) { error in
            XCTAssertTrue("\(error)".contains("newer than this vigil knows"), "\(error)")
        }
    }

    func testUnreachableServerIsAnOpenError() throws {
        _ = try PostgresTestCluster.require(Self.cluster, Self.failure)
        XCTAssertThrowsError(try PostgresStore(url: PostgresURL("postgresql://vigil@127.0.0.1:1/vigil"))) { error in
            XCTAssertTrue("\(error)".contains("cannot reach PostgreSQL"), "\(error)")
        }
    }

    func testURLs() throws {
        let url = try PostgresURL("postgres://ops:s%40cret@db.example:6543/vigil")
        XCTAssertEqual(url.user, "ops")
        XCTAssertEqual(url.password, "s@cret")
        XCTAssertEqual(url.port, 6543)
        XCTAssertEqual(url.redacted, "postgresql://ops@db.example:6543/vigil")
        XCTAssertFalse(PostgresURL.isPostgres("vigil.sqlite"))
        XCTAssertThrowsError(try PostgresURL("postgresql:///nohost"))
    }
}

/// Outcomes of concurrent decisions.
final class ConcurrentOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var applied = 0
    private(set) var conflicts = 0

    func add(_ outcome: ReviewOutcome?) {
        lock.lock()
        defer { lock.unlock() }
        switch outcome {
        case .applied?: applied += 1
        case .alreadyDecided?: conflicts += 1
        default: break
        }
    }
}

extension PostgresTestCluster {
    /// Runs SQL through psql; throws when it fails.
    static func sql(_ url: String, _ statement: String) throws {
        let (status, output) = run(["psql", "-w", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", statement])
        if status != 0 { throw NSError(domain: "psql", code: Int(status), userInfo: [NSLocalizedDescriptionKey: output]) }
    }
}
