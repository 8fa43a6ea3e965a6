// PostgresStore: the rule-set history behind GET /rules, and the webhook outbox. A
// delivery is claimed by pushing its next attempt forward in the same statement that
// reads it (FOR UPDATE SKIP LOCKED), so instances sharing the outbox do not all send it.
import Foundation
import PostgresNIO
import VigilStore

extension PostgresStore {
    public func recordRuleSet(_ record: RuleSetRecord) throws {
        let packs = record.packs.map { ["name": $0.name, "rules": $0.rules] as [String: Any] }
        let packsJSON = String(decoding: try JSONSerialization.data(withJSONObject: packs, options: [.sortedKeys]), as: UTF8.self)
        let diagnostics = String(decoding: try JSONSerialization.data(withJSONObject: record.diagnostics), as: UTF8.self)
        try link.withSession { s in
            try s.execute("INSERT INTO rule_set (at, version, packs, rule_count, outcome, diagnostics) VALUES ($1, $2, $3, $4, $5, $6)",
                          [.int(record.at), .text(record.version), .text(packsJSON), .int(Int64(record.ruleCount)), .text(record.outcome),
                           .text(diagnostics)])
        }
    }

    public func ruleSets(limit: Int) throws -> [RuleSetRecord] {
        try link.withSession { s in
            try s.rows("SELECT * FROM rule_set ORDER BY id DESC LIMIT $1", [.int(Int64(max(0, limit)))]).map { row in
                let packsText = try row.string("packs"), diagnosticsText = try row.string("diagnostics")
                let packs = (try? JSONSerialization.jsonObject(with: Data(packsText.utf8)) as? [[String: Any]]) ?? []
                let diagnostics = (try? JSONSerialization.jsonObject(with: Data(diagnosticsText.utf8)) as? [String]) ?? []
                return RuleSetRecord(id: try row.int("id"), at: try row.int("at"), version: try row.string("version"),
                                     packs: packs.map { .init(name: $0["name"] as? String ?? "", rules: $0["rules"] as? Int ?? 0) },
                                     ruleCount: Int(try row.int("rule_count")), outcome: try row.string("outcome"), diagnostics: diagnostics)
            }
        }
    }

    // MARK: Outbox

    /// How long a claimed delivery is left to the instance that claimed it.
    static let claimMilliseconds: Int64 = 30_000

    public func dueDeliveries(now: Int64, limit: Int) throws -> [Delivery] {
        try link.withSession { s in
            try s.rows("""
                UPDATE delivery SET next_attempt_at = $1 WHERE id IN (SELECT id FROM delivery WHERE delivered_at IS NULL
                    AND next_attempt_at <= $2 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING *
                """, [.int(now + Self.claimMilliseconds), .int(now), .int(Int64(max(0, limit)))]).map { row in
                Delivery(id: try row.int("id"), url: try row.string("url"), payload: try row.string("payload"), key: try row.string("idem_key"),
                         attempts: Int(try row.int("attempts")), nextAttemptAt: try row.int("next_attempt_at"),
                         deliveredAt: try row.optionalInt("delivered_at"), lastError: try row.optionalString("last_error"))
            }.sorted { $0.id < $1.id }
        }
    }

    public func finishAttempt(delivery id: Int64, deliveredAt: Int64?, error: String?, retryAt: Int64) throws {
        try link.withSession { s in
            try s.execute("UPDATE delivery SET attempts = attempts + 1, delivered_at = $1, last_error = $2, next_attempt_at = $3 WHERE id = $4",
                          [.int(deliveredAt), .text(error), .int(retryAt), .int(id)])
        }
    }

    public func deliveryCounts() throws -> (delivered: Int, pending: Int) {
        try link.withSession { s in
            let row = try s.rows("""
                SELECT COUNT(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
                    COUNT(*) FILTER (WHERE delivered_at IS NULL) AS pending FROM delivery
                """).first
            return (Int(try row?.int("delivered") ?? 0), Int(try row?.int("pending") ?? 0))
        }
    }
}
