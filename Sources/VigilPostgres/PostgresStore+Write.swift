// PostgresStore: a batch of screening results in one transaction, and pruning — the
// same statements as SQLiteStore+Write with `$n` placeholders.
import Foundation
import VigilStore

extension PostgresStore {
    public func write(_ batch: StoreBatch) throws {
        guard !batch.isEmpty else { return }
        try link.transaction { s in try Self.write(batch, s) }
    }

    /// A batch's rows on an open transaction (shared escalation adds its own rows to it).
    static func write(_ batch: StoreBatch, _ s: PostgresSession) throws {
        for item in batch.reviews { try insertReview(item, s) }
        // A batch screen's journal: PostgreSQL stores its items and posts as rows at once
        // (its review_journal table stays empty, so its readers have nothing to expand).
        for item in try batch.journal.items() { try insertReview(item, s) }
        for post in batch.posts { try insertPost(post, s) }
        for post in try batch.postJournal.posts() { try insertPost(post, s) }
        for transition in batch.transitions { try insertTransition(transition, s) }
        for bucket in batch.buckets { try upsertBucket(bucket, s) }
        for topic in batch.topics { try upsertTopic(topic, s) }
        for entry in batch.audit { _ = try insertAudit(entry, s) }
        for delivery in batch.deliveries { try insertDelivery(delivery, s) }
        if let state = batch.escalationState { try saveState(state, s) }
    }

    static func insertPost(_ post: StoredPost, _ s: PostgresSession) throws {
        try s.execute("INSERT INTO post (record_id, topic, at, decision, record, verdict) VALUES ($1, $2, $3, $4, $5, $6)",
                      [.text(post.recordID), .text(post.topic), .int(post.at), .text(post.decision), .text(post.record), .text(post.verdict)])
    }

    static func insertReview(_ item: NewReviewItem, _ s: PostgresSession) throws {
        let summary = VerdictSummary(json: item.post.verdict)
        try s.execute("""
            INSERT INTO review_item (created_at, source, kind, topic, record_id, record, verdict, top_rule, top_category,
                top_message, top_basis, top_suggestion, status, required_reviews, categories)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13, $14)
            """, [.int(item.post.at), .text(item.source.rawValue), .text(item.kind), .text(item.post.topic), .text(item.post.recordID),
                  .text(item.post.record), .text(item.post.verdict), .text(summary.top?.rule), .text(summary.top?.category),
                  .text(summary.top?.message), .text(summary.top?.basis), .text(summary.top?.suggestion),
                  .int(Int64(max(1, item.requiredReviews))), .text(ReviewCategories.encode(summary.categories))])
    }

    static func insertTransition(_ t: TransitionRow, _ s: PostgresSession) throws {
        let e = t.evidence
        let examples = e.map { "[" + $0.examples.joined(separator: ",") + "]" }
        try s.execute("""
            INSERT INTO transition (topic, from_state, to_state, at, incident, severity, cause, command, by_name, rejected,
                reminder, ev_signal, ev_test, ev_window_start, ev_window_end, ev_count, ev_baseline, ev_ratio, ev_threshold,
                ev_p_value, ev_cusum, ev_authors, ev_late, ev_examples, record)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
            """, [.text(t.topic), .text(t.from), .text(t.to), .int(t.at), .text(t.incident), .text(t.severity), .text(t.cause),
                  .text(t.command), .text(t.by), .text(t.rejected), .int(t.isReminder ? 1 : 0), .text(e?.signal),
                  .text(e?.test.rawValue), .int(e?.windowStart), .int(e?.windowEnd), .int(e.map { Int64($0.count) }),
                  .double(e?.baseline), .double(e?.ratio), .double(e?.threshold), .double(e?.pValue), .double(e?.cusum),
                  .int(e.map { Int64($0.authors) }), .int(e.map { Int64($0.late) }), .text(examples), .text(t.json)])
    }

    static func upsertBucket(_ b: BucketPoint, _ s: PostgresSession) throws {
        try s.execute("""
            INSERT INTO bucket (topic, signal, start_at, end_at, count, baseline, threshold) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (topic, start_at, signal) DO UPDATE SET end_at = excluded.end_at, count = excluded.count,
                baseline = excluded.baseline, threshold = excluded.threshold
            """, [.text(b.topic), .text(b.signal), .int(b.start), .int(b.end), .int(Int64(b.count)), .double(b.baseline), .double(b.threshold)])
    }

    static func upsertTopic(_ t: TopicRow, _ s: PostgresSession) throws {
        try s.execute("""
            INSERT INTO topic (name, state, severity, incident, since, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (name) DO UPDATE SET state = excluded.state, severity = excluded.severity,
                incident = excluded.incident, since = excluded.since, updated_at = excluded.updated_at
            """, [.text(t.topic), .text(t.state), .text(t.severity), .text(t.incident), .int(t.since), .int(t.updatedAt)])
    }

    static func insertAudit(_ e: AuditEntry, _ s: PostgresSession) throws -> Int64 {
        try s.rows("""
            INSERT INTO audit (at, kind, actor, subject, action, note, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """, [.int(e.at), .text(e.kind.rawValue), .text(e.actor), .text(e.subject), .text(e.action), .text(e.note),
                  .text(e.outcome)]).first?.int("id") ?? 0
    }

    static func insertDelivery(_ d: NewDelivery, _ s: PostgresSession) throws {
        try s.execute("""
            INSERT INTO delivery (url, payload, idem_key, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, 0, 0, $4)
            """, [.text(d.url), .text(d.payload), .text(d.key), .int(StoreClock.now())])
    }

    static func saveState(_ state: EscalationStateRow, _ s: PostgresSession) throws {
        try s.execute("""
            INSERT INTO escalation_state (id, lines, snapshot, saved_at) VALUES (1, $1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET lines = excluded.lines, snapshot = excluded.snapshot, saved_at = excluded.saved_at
            """, [.int(Int64(state.lines)), .bytes(state.snapshot), .int(StoreClock.now())])
    }

    @discardableResult
    public func prune(retention: Int64, now: Int64) throws -> Int {
        try link.transaction { s in
            let newest = try s.rows("""
                SELECT MAX(t) AS t FROM (SELECT MAX(end_at) AS t FROM bucket UNION ALL SELECT MAX(at) FROM post
                    UNION ALL SELECT MAX(at) FROM transition) AS newest
                """).first?.optionalInt("t") ?? 0
            var deleted = 0
            for statement in ["DELETE FROM post WHERE at < $1", "DELETE FROM bucket WHERE start_at < $1",
                              "DELETE FROM transition WHERE at < $1"] {
                deleted += try s.execute(statement, [.int(newest - retention)])
            }
            for statement in [
                "DELETE FROM review_decision WHERE item_id IN (SELECT id FROM review_item WHERE status = 'done' AND decided_at < $1)",
                "DELETE FROM review_item WHERE status = 'done' AND decided_at < $1",
                "DELETE FROM delivery WHERE delivered_at IS NOT NULL AND delivered_at < $1",
            ] {
                deleted += try s.execute(statement, [.int(now - retention)])
            }
            return deleted
        }
    }
}
