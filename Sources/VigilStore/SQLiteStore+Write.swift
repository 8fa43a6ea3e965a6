// SQLiteStore: storing a batch of screening results in one transaction, and pruning
// what is older than the retention. The inserts go through GRDB's statement cache
// (`cachedStatement`): a batch of `vigil screen` holds thousands of review items, and
// compiling each INSERT again cost more than running it. The bulk ones look their
// statement up once per batch (the cache's key is the whole SQL text, hashed on each
// lookup) and bind their values through SQLite's C calls (SQLiteBinder).
import Foundation
import GRDB

extension SQLiteStore {
    public func write(_ batch: StoreBatch) throws {
        guard !batch.isEmpty else { return }
        try database.write { db in
            if !batch.reviews.isEmpty {
                var insert = SQLiteBinder(try db.cachedStatement(sql: Self.insertReviewSQL))
                for item in batch.reviews { try Self.insertReview(item, &insert, db) }
            }
            if !batch.journal.isEmpty || !batch.postJournal.isEmpty { try Self.insertJournal(batch.journal, batch.postJournal, db) }
            if !batch.posts.isEmpty {
                var insert = SQLiteBinder(try db.cachedStatement(sql: Self.insertPostSQL))
                for post in batch.posts { try Self.insertPost(post, &insert, db) }
            }
            for transition in batch.transitions { try Self.insertTransition(transition, db) }
            if !batch.buckets.isEmpty {
                var upsert = SQLiteBinder(try db.cachedStatement(sql: Self.upsertBucketSQL))
                for bucket in batch.buckets { try Self.upsertBucket(bucket, &upsert, db) }
            }
            try Self.refreshSparklines(batch.buckets, db)
            for topic in batch.topics { try Self.upsertTopic(topic, db) }
            for entry in batch.audit { _ = try Self.insertAudit(entry, db) }
            for delivery in batch.deliveries { try Self.insertDelivery(delivery, db) }
            if let state = batch.escalationState { try Self.saveState(state, db) }
        }
    }

    static let insertPostSQL = """
        INSERT INTO post (record_id, topic, at, decision, record, verdict) VALUES (?, ?, ?, ?, ?, ?)
        """

    static func insertPost(_ post: StoredPost, _ insert: inout SQLiteBinder, _ db: Database) throws {
        insert.bind(post.recordID); insert.bind(post.topic); insert.bind(post.at)
        insert.bind(post.decision); insert.bind(post.record); insert.bind(post.verdict)
        try insert.run(db)
    }

    static let insertReviewSQL = """
        INSERT INTO review_item (created_at, source, kind, topic, record_id, record, verdict, top_rule, top_category,
            top_message, top_basis, top_suggestion, status, required_reviews, categories)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)
        """

    static func insertReview(_ item: NewReviewItem, _ insert: inout SQLiteBinder, _ db: Database) throws {
        let summary = item.indexed, top = summary.top
        insert.bind(item.post.at); insert.bind(item.source.rawValue); insert.bind(item.kind); insert.bind(item.post.topic)
        insert.bind(item.post.recordID); insert.bind(item.post.record); insert.bind(item.post.verdict)
        insert.bind(top?.rule); insert.bind(top?.category); insert.bind(top?.message); insert.bind(top?.basis)
        insert.bind(top?.suggestion); insert.bind(max(1, item.requiredReviews)); insert.bind(ReviewCategories.encode(summary.categories))
        try insert.run(db)
    }

    static func insertTransition(_ t: TransitionRow, _ db: Database) throws {
        let e = t.evidence
        let examples = e.map { "[" + $0.examples.joined(separator: ",") + "]" }
        try db.cachedStatement(sql: """
            INSERT INTO transition (topic, from_state, to_state, at, incident, severity, cause, command, by_name, rejected,
                reminder, ev_signal, ev_test, ev_window_start, ev_window_end, ev_count, ev_baseline, ev_ratio, ev_threshold,
                ev_p_value, ev_cusum, ev_authors, ev_late, ev_examples, record)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [t.topic, t.from, t.to, t.at, t.incident, t.severity, t.cause, t.command, t.by, t.rejected,
                             t.isReminder ? 1 : 0, e?.signal, e?.test.rawValue, e?.windowStart, e?.windowEnd, e?.count, e?.baseline,
                             e?.ratio, e?.threshold, e?.pValue, e?.cusum, e?.authors, e?.late, examples, t.json])
    }

    static let upsertBucketSQL = """
        INSERT INTO bucket (topic, signal, start_at, end_at, count, baseline, threshold) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (topic, start_at, signal) DO UPDATE SET end_at = excluded.end_at, count = excluded.count,
            baseline = excluded.baseline, threshold = excluded.threshold
        """

    static func upsertBucket(_ b: BucketPoint, _ upsert: inout SQLiteBinder, _ db: Database) throws {
        upsert.bind(b.topic); upsert.bind(b.signal); upsert.bind(b.start); upsert.bind(b.end); upsert.bind(b.count)
        upsert.bind(b.baseline); upsert.bind(b.threshold)
        try upsert.run(db)
    }

    static func upsertTopic(_ t: TopicRow, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO topic (name, state, severity, incident, since, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET state = excluded.state, severity = excluded.severity,
                incident = excluded.incident, since = excluded.since, updated_at = excluded.updated_at
            """).execute(arguments: [t.topic, t.state, t.severity, t.incident, t.since, t.updatedAt])
    }

    static func insertAudit(_ e: AuditEntry, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: """
            INSERT INTO audit (at, kind, actor, subject, action, note, outcome) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, arguments: [e.at, e.kind.rawValue, e.actor, e.subject, e.action, e.note, e.outcome]) ?? 0
    }

    static func insertDelivery(_ d: NewDelivery, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO delivery (url, payload, idem_key, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, 0, 0, ?)
            """, arguments: [d.url, d.payload, d.key, StoreClock.now()])
    }

    static func saveState(_ state: EscalationStateRow, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO escalation_state (id, lines, snapshot, saved_at) VALUES (1, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET lines = excluded.lines, snapshot = excluded.snapshot, saved_at = excluded.saved_at
            """, arguments: [state.lines, Data(state.snapshot), StoreClock.now()])
    }

    @discardableResult
    public func prune(retention: Int64, now: Int64) throws -> Int {
        try database.write { db in
            let newest = try Int64.fetchOne(db, sql: """
                SELECT MAX(t) FROM (SELECT MAX(end_at) AS t FROM bucket UNION ALL SELECT MAX(at) FROM post
                    UNION ALL SELECT MAX(at) FROM transition) AS newest
                """) ?? 0
            var deleted = 0
            let byEventTime = ["DELETE FROM post WHERE at < ?", "DELETE FROM bucket WHERE start_at < ?",
                               "DELETE FROM transition WHERE at < ?", "DELETE FROM sparkline WHERE slot_start < ?"]
            let byWallClock = [
                "DELETE FROM review_decision WHERE item_id IN (SELECT id FROM review_item WHERE status = 'done' AND decided_at < ?)",
                "DELETE FROM review_item WHERE status = 'done' AND decided_at < ?",
                "DELETE FROM delivery WHERE delivered_at IS NOT NULL AND delivered_at < ?",
            ]
            for statement in byEventTime {
                try db.execute(sql: statement, arguments: [newest - retention])
                deleted += db.changesCount
            }
            for statement in byWallClock {
                try db.execute(sql: statement, arguments: [now - retention])
                deleted += db.changesCount
            }
            return deleted
        }
    }
}

/// Milliseconds since the epoch, now (wall clock).
public enum StoreClock {
    public static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
