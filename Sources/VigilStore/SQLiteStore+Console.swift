// SQLiteStore: the overview's reads of the bucket series — the end of the newest
// closed bucket (one indexed lookup, bucket_start) and every topic's sparkline: the kept
// 15-minute slots (SQLiteStore+Sparkline), or one aggregate query over the buckets for
// other slots.
import GRDB

extension SQLiteStore {
    public func latestBucketEnd() throws -> Int64? {
        try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT end_at FROM bucket ORDER BY start_at DESC LIMIT 1")
        }
    }
}

extension SQLiteStore {
    public func sparklines(from: Int64, to: Int64, slot: Int64, excluding: [String]) throws
        -> [String: [(slot: Int, count: Int, baseline: Double)]] {
        let placeholders = excluding.map { _ in "?" }.joined(separator: ",")
        var arguments: StatementArguments = [from, slot, from, to]
        for name in excluding { arguments += [name] }
        let sql = """
            SELECT topic, (start_at - ?) / ? AS slot, SUM(count) AS count, SUM(baseline) AS baseline FROM bucket
            WHERE start_at >= ? AND start_at < ?\(excluding.isEmpty ? "" : " AND signal NOT IN (\(placeholders))")
            GROUP BY topic, slot
            """
        return try database.read { db in
            if let kept = try Self.keptSparklines(from: from, to: to, slot: slot, excluding: excluding, db) { return kept }
            var out: [String: [(slot: Int, count: Int, baseline: Double)]] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                out[row["topic"], default: []].append((row["slot"], row["count"], row["baseline"]))
            }
            return out
        }
    }
}
