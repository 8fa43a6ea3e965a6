// PostgresStore: what the overview and timeline pages read — topics, bucket series,
// transitions with their evidence, example posts, the saved escalation state.
import Foundation
import PostgresNIO
import VigilEngine
import VigilStore

extension PostgresStore {
    public func topics() throws -> [TopicRow] {
        SQLiteStore.sorted(try link.withSession { s in try s.rows("SELECT * FROM topic").map(Self.topicRow) })
    }

    public func topic(_ name: String) throws -> TopicRow? {
        try link.withSession { s in try s.rows("SELECT * FROM topic WHERE name = $1", [.text(name)]).first.map(Self.topicRow) }
    }

    static func topicRow(_ row: PostgresRandomAccessRow) throws -> TopicRow {
        TopicRow(topic: try row.string("name"), state: try row.string("state"), severity: try row.optionalString("severity"),
                 incident: try row.optionalString("incident"), since: try row.int("since"), updatedAt: try row.int("updated_at"))
    }

    public func buckets(topic: String, from: Int64, to: Int64) throws -> [BucketPoint] {
        try link.withSession { s in
            try s.rows("SELECT * FROM bucket WHERE topic = $1 AND start_at >= $2 AND start_at < $3 ORDER BY start_at, signal",
                       [.text(topic), .int(from), .int(to)]).map { row in
                BucketPoint(topic: try row.string("topic"), signal: try row.string("signal"), start: try row.int("start_at"),
                            end: try row.int("end_at"), count: Int(try row.int("count")), baseline: try row.double("baseline"),
                            threshold: try row.double("threshold"))
            }
        }
    }

    public func transitions(topic: String, from: Int64, to: Int64) throws -> [TransitionRow] {
        try link.withSession { s in
            try s.rows("SELECT * FROM transition WHERE topic = $1 AND at >= $2 AND at < $3 ORDER BY at, id",
                       [.text(topic), .int(from), .int(to)]).map(Self.transitionRow)
        }
    }

    public func transitions(after: Int64, limit: Int) throws -> [TransitionRow] {
        try link.withSession { s in
            try s.rows("SELECT * FROM transition WHERE id > $1 ORDER BY id LIMIT $2", [.int(after), .int(Int64(limit))])
                .map(Self.transitionRow)
        }
    }

    static func transitionRow(_ row: PostgresRandomAccessRow) throws -> TransitionRow {
        var evidence: EscalationEvidence?
        if let signal = try row.optionalString("ev_signal") {
            let test = try row.optionalString("ev_test").flatMap(EscalationTest.init(rawValue:)) ?? .spike
            evidence = EscalationEvidence(signal: signal, test: test, windowStart: try row.optionalInt("ev_window_start") ?? 0,
                                          windowEnd: try row.optionalInt("ev_window_end") ?? 0,
                                          count: Int(try row.optionalInt("ev_count") ?? 0),
                                          baseline: try row.optionalDouble("ev_baseline") ?? 0, ratio: try row.optionalDouble("ev_ratio") ?? 0,
                                          threshold: try row.optionalDouble("ev_threshold") ?? 0, pValue: try row.optionalDouble("ev_p_value"),
                                          cusum: try row.optionalDouble("ev_cusum"), authors: Int(try row.optionalInt("ev_authors") ?? 0),
                                          late: Int(try row.optionalInt("ev_late") ?? 0),
                                          examples: JSONIDList.split(try row.optionalString("ev_examples") ?? "[]"))
        }
        return TransitionRow(id: try row.int("id"), topic: try row.string("topic"), from: try row.string("from_state"),
                             to: try row.string("to_state"), at: try row.int("at"), incident: try row.optionalString("incident"),
                             severity: try row.optionalString("severity"), cause: try row.string("cause"),
                             command: try row.optionalString("command"), by: try row.optionalString("by_name"),
                             rejected: try row.optionalString("rejected"), isReminder: (try row.optionalInt("reminder") ?? 0) != 0,
                             evidence: evidence, json: try row.string("record"))
    }

    public func posts(topic: String, ids: [String]) throws -> [StoredPost] {
        guard !ids.isEmpty else { return [] }
        return try link.withSession { s in
            var found: [String: StoredPost] = [:]
            for id in Set(ids) {
                if let row = try s.rows("SELECT * FROM post WHERE topic = $1 AND record_id = $2 ORDER BY id DESC LIMIT 1",
                                        [.text(topic), .text(id)]).first {
                    found[id] = StoredPost(recordID: try row.string("record_id"), topic: try row.string("topic"), at: try row.int("at"),
                                           decision: try row.string("decision"), record: try row.string("record"),
                                           verdict: try row.string("verdict"))
                }
            }
            return ids.compactMap { found[$0] }
        }
    }

    public func escalationState() throws -> EscalationStateRow? {
        try link.withSession { s in
            try s.rows("SELECT lines, snapshot FROM escalation_state WHERE id = 1").first.map { row in
                EscalationStateRow(lines: Int(try row.int("lines")), snapshot: [UInt8](try row["snapshot"].decode(Data.self)))
            }
        }
    }

    public func latestBucketEnd() throws -> Int64? {
        try link.withSession { s in try s.rows("SELECT end_at FROM bucket ORDER BY start_at DESC LIMIT 1").first?.int("end_at") }
    }

    public func sparklines(from: Int64, to: Int64, slot: Int64, excluding: [String]) throws
        -> [String: [(slot: Int, count: Int, baseline: Double)]] {
        let placeholders = excluding.indices.map { "$\($0 + 5)" }.joined(separator: ",")
        var values: [SQLValue] = [.int(from), .int(slot), .int(from), .int(to)]
        for name in excluding { values.append(.text(name)) }
        let sql = """
            SELECT topic, (start_at - $1) / $2 AS slot, SUM(count)::BIGINT AS count, SUM(baseline) AS baseline FROM bucket
            WHERE start_at >= $3 AND start_at < $4\(excluding.isEmpty ? "" : " AND signal NOT IN (\(placeholders))")
            GROUP BY topic, slot
            """
        return try link.withSession { s in
            var out: [String: [(slot: Int, count: Int, baseline: Double)]] = [:]
            for row in try s.rows(sql, values) {
                out[try row.string("topic"), default: []].append((Int(try row.int("slot")), Int(try row.int("count")), try row.double("baseline")))
            }
            return out
        }
    }
}
