// SQLiteStore: what the overview and the timeline pages read — topics, bucket series,
// transitions with their evidence, example posts, the saved escalation state.
import Foundation
import GRDB
import VigilEngine

extension SQLiteStore {
    /// Crisis stages in process order (EscalationState's order).
    static let stateOrder = ["monitoring", "early_warning", "rapid_response", "assessment", "strategy", "execution",
                             "follow_up", "recovery"]

    public func topics() throws -> [TopicRow] {
        let rows = try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM topic") }
        return Self.sorted(rows.map(Self.topicRow))
    }

    /// By state (furthest in the crisis process first), severity (sev1 first), name.
    public static func sorted(_ topics: [TopicRow]) -> [TopicRow] {
        func rank(_ state: String) -> Int { stateOrder.firstIndex(of: state) ?? -1 }
        return topics.sorted { a, b in
            if rank(a.state) != rank(b.state) { return rank(a.state) > rank(b.state) }
            if a.severity != b.severity { return (a.severity ?? "sev9") < (b.severity ?? "sev9") }
            return a.topic < b.topic
        }
    }

    public func topic(_ name: String) throws -> TopicRow? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM topic WHERE name = ?", arguments: [name]).map(Self.topicRow)
        }
    }

    static func topicRow(_ row: Row) -> TopicRow {
        TopicRow(topic: row["name"], state: row["state"], severity: row["severity"], incident: row["incident"],
                 since: row["since"], updatedAt: row["updated_at"])
    }

    public func buckets(topic: String, from: Int64, to: Int64) throws -> [BucketPoint] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM bucket WHERE topic = ? AND start_at >= ? AND start_at < ? ORDER BY start_at, signal
                """, arguments: [topic, from, to]).map { row in
                BucketPoint(topic: row["topic"], signal: row["signal"], start: row["start_at"], end: row["end_at"],
                            count: row["count"], baseline: row["baseline"], threshold: row["threshold"])
            }
        }
    }

    public func transitions(topic: String, from: Int64, to: Int64) throws -> [TransitionRow] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM transition WHERE topic = ? AND at >= ? AND at < ? ORDER BY at, id",
                             arguments: [topic, from, to]).map(Self.transitionRow)
        }
    }

    public func transitions(after: Int64, limit: Int) throws -> [TransitionRow] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM transition WHERE id > ? ORDER BY id LIMIT ?",
                             arguments: [after, limit]).map(Self.transitionRow)
        }
    }

    static func transitionRow(_ row: Row) -> TransitionRow {
        var evidence: EscalationEvidence?
        if let signal: String = row["ev_signal"] {
            let examples: String = row["ev_examples"] ?? "[]"
            // A test name this build does not know reads as a spike (the alarm test).
            let test = (row["ev_test"] as String?).flatMap(EscalationTest.init(rawValue:)) ?? .spike
            evidence = EscalationEvidence(signal: signal, test: test, windowStart: row["ev_window_start"] ?? 0,
                                   windowEnd: row["ev_window_end"] ?? 0, count: row["ev_count"] ?? 0,
                                   baseline: row["ev_baseline"] ?? 0, ratio: row["ev_ratio"] ?? 0,
                                   threshold: row["ev_threshold"] ?? 0, pValue: row["ev_p_value"], cusum: row["ev_cusum"],
                                   authors: row["ev_authors"] ?? 0, late: row["ev_late"] ?? 0,
                                   examples: JSONIDList.split(examples))
        }
        return TransitionRow(id: row["id"], topic: row["topic"], from: row["from_state"], to: row["to_state"], at: row["at"],
                             incident: row["incident"], severity: row["severity"], cause: row["cause"], command: row["command"],
                             by: row["by_name"], rejected: row["rejected"], isReminder: (row["reminder"] as Int? ?? 0) != 0,
                             evidence: evidence, json: row["record"])
    }

    public func posts(topic: String, ids: [String]) throws -> [StoredPost] {
        guard !ids.isEmpty else { return [] }
        try expandReviewJournal()   // a batch screen's evidence posts are in its journal rows
        return try database.read { db in
            var found: [String: StoredPost] = [:]
            for id in Set(ids) {
                // The newest post of that id in the topic (an id can come back in a later run).
                if let row = try Row.fetchOne(db, sql: """
                    SELECT * FROM post WHERE topic = ? AND record_id = ? ORDER BY id DESC LIMIT 1
                    """, arguments: [topic, id]) {
                    found[id] = StoredPost(recordID: row["record_id"], topic: row["topic"], at: row["at"],
                                           decision: row["decision"], record: row["record"], verdict: row["verdict"])
                }
            }
            return ids.compactMap { found[$0] }
        }
    }

    public func escalationState() throws -> EscalationStateRow? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT lines, snapshot FROM escalation_state WHERE id = 1").map { row in
                EscalationStateRow(lines: row["lines"], snapshot: [UInt8](row["snapshot"] as Data))
            }
        }
    }
}

/// Record ids kept as a JSON array of ids as JSON (`[17,"a-17"]`), split back into
/// each id's own JSON text exactly as it was written (no re-encoding).
public enum JSONIDList {
    public static func split(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return [] }
        var ids: [String] = []
        var start = 1, inString = false, escaped = false
        for index in 1..<(bytes.count - 1) {
            let byte = bytes[index]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: ",") {
                ids.append(String(decoding: bytes[start..<index], as: UTF8.self))
                start = index + 1
            }
        }
        if start < bytes.count - 1 { ids.append(String(decoding: bytes[start..<(bytes.count - 1)], as: UTF8.self)) }
        return ids
    }
}
