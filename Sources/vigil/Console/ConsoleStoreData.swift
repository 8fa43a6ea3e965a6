// The console's data read from the store: topic rows with their bucket series,
// transitions with the texts of their example posts, review items with their verdicts'
// hits, audit entries and rule-set loads, turned into VigilConsole's plain values.
// Shared by `vigil serve`'s pages and `vigil report`.
import Foundation
import VigilConsole
import VigilEngine
import VigilStore

struct ConsoleStoreData {
    let store: any ConsoleStore
    /// Series the timeline does not plot: every record, distinct authors, and the
    /// review and block decisions (derived from the verdicts, not escalation signals).
    static let unplotted = SparklineSlots.unplotted

    /// The topic with its series over [from, to).
    func topic(_ row: TopicRow, from: Int64, to: Int64) throws -> ConsoleTopic {
        var topic = Self.topic(row)
        topic.series = Self.series(try store.buckets(topic: row.topic, from: from, to: to), from: from, to: to)
        return topic
    }

    /// The topic's status without series.
    static func topic(_ row: TopicRow) -> ConsoleTopic {
        ConsoleTopic(name: row.topic, state: EscalationState(rawValue: row.state) ?? .monitoring,
                     severity: row.severity.flatMap(EscalationSeverity.init(name:)), incident: row.incident, since: row.since)
    }

    /// Bucket points grouped into one series per signal, gaps filled with zeros. With
    /// `to`, a series runs on with zeros to the last whole bucket before it: a topic that
    /// went idle has no points stored after its last post, and those buckets counted zero.
    static func series(_ points: [BucketPoint], from: Int64, to: Int64? = nil) -> [ConsoleSeries] {
        guard let first = points.first else { return [] }
        let bucket = max(1, first.end - first.start)
        let start = points.map(\.start).min()!, stored = points.map(\.end).max()!
        let end = max(stored, to.map { stored + ($0 - stored) / bucket * bucket } ?? stored)
        let n = Int((end - start) / bucket)
        var bySignal: [String: ConsoleSeries] = [:]
        for p in points where !unplotted.contains(p.signal) {
            var s = bySignal[p.signal] ?? ConsoleSeries(signal: p.signal, start: start, bucket: bucket, counts: [Int](repeating: 0, count: n),
                                                         baseline: [Double](repeating: 0, count: n), threshold: [Double](repeating: 0, count: n))
            let i = Int((p.start - start) / bucket)
            if i >= 0 && i < n { s.counts[i] = p.count; s.baseline[i] = p.baseline; s.threshold[i] = p.threshold }
            bySignal[p.signal] = s
        }
        // Signals that never counted anything in the window are left out; order: busiest first.
        return bySignal.values.filter { $0.counts.contains { $0 > 0 } }.sorted {
            ($0.counts.reduce(0, +), $1.signal) > ($1.counts.reduce(0, +), $0.signal)
        }
    }

    /// The topic's transitions (oldest first), example posts resolved to their texts.
    func transitions(topic: String, from: Int64, to: Int64) throws -> [ConsoleTransition] {
        try store.transitions(topic: topic, from: from, to: to).map { row in
            let ids = row.evidence?.examples ?? []
            let posts = ids.isEmpty ? [] : try store.posts(topic: topic, ids: ids)
            return ConsoleTransition(Self.transition(row), examples: posts.map(Self.example))
        }
    }

    static func transition(_ row: TransitionRow) -> EscalationTransition {
        return EscalationTransition(topic: row.topic, from: EscalationState(rawValue: row.from) ?? .monitoring,
                                       to: EscalationState(rawValue: row.to) ?? .monitoring, at: row.at, incident: row.incident,
                                       severity: row.severity.flatMap(EscalationSeverity.init(name:)),
                                       cause: EscalationCause(rawValue: row.cause) ?? .evidence, evidence: row.evidence,
                                       command: row.command, by: row.by, rejected: row.rejected, isReminder: row.isReminder)
    }

    static func example(_ post: StoredPost) -> ConsoleExample {
        let text = (json(post.record)?["text"] as? String) ?? ""
        return ConsoleExample(id: post.recordID, text: text, spans: hits(post.verdict).map { ConsoleSpan(start: $0.start, end: $0.end, label: $0.rule) })
    }

    /// The hits of a verdict record.
    static func hits(_ verdict: String) -> [ConsoleHit] {
        guard let hits = json(verdict)?["hits"] as? [[String: Any]] else { return [] }
        return hits.map { h in
            ConsoleHit(rule: h["rule"] as? String ?? "", category: h["category"] as? String ?? "", severity: h["severity"] as? String ?? "",
                       start: (h["start"] as? NSNumber)?.intValue ?? 0, end: (h["end"] as? NSNumber)?.intValue ?? 0,
                       message: h["message"] as? String ?? "", basis: h["basis"] as? String, suggest: h["suggest"] as? [String] ?? [])
        }
    }

    static func reviewItem(_ item: ReviewItem) -> ConsoleReviewItem {
        let verdict = json(item.verdict)
        return ConsoleReviewItem(
            id: item.id, receivedAt: item.createdAt, source: item.source.rawValue, recordID: item.recordID,
            topic: item.topic.isEmpty || item.topic == "*" ? nil : item.topic, kind: item.kind,
            text: (json(item.record)?["text"] as? String) ?? "", score: (verdict?["score"] as? NSNumber)?.doubleValue ?? 0,
            hits: hits(item.verdict), status: item.status,
            reviews: item.reviews.map { ConsoleReview(by: $0.by, action: $0.action.rawValue, note: $0.note, at: $0.at) },
            requiredReviews: item.requiredReviews)
    }

    static func auditEntry(_ e: AuditEntry) -> ConsoleAuditEntry {
        ConsoleAuditEntry(number: e.id, at: e.at, who: e.actor, action: e.action, subject: e.subject, note: e.note,
                          outcome: e.outcome == "applied" ? nil : e.outcome)
    }

    static func json(_ text: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }
}
