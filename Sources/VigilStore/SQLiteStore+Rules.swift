// SQLiteStore: the rule-set history behind GET /rules, and the webhook outbox (the
// deliveries of escalation transitions, kept until they succeed).
import Foundation
import GRDB

extension SQLiteStore {
    public func recordRuleSet(_ record: RuleSetRecord) throws {
        let packs = record.packs.map { ["name": $0.name, "rules": $0.rules] as [String: Any] }
        let packsJSON = String(decoding: try JSONSerialization.data(withJSONObject: packs, options: [.sortedKeys]), as: UTF8.self)
        let diagnostics = String(decoding: try JSONSerialization.data(withJSONObject: record.diagnostics), as: UTF8.self)
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO rule_set (at, version, packs, rule_count, outcome, diagnostics) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [record.at, record.version, packsJSON, record.ruleCount, record.outcome, diagnostics])
        }
    }

    public func ruleSets(limit: Int) throws -> [RuleSetRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM rule_set ORDER BY id DESC LIMIT ?", arguments: [max(0, limit)]).map { row in
                let packsText: String = row["packs"], diagnosticsText: String = row["diagnostics"]
                let packs = (try? JSONSerialization.jsonObject(with: Data(packsText.utf8)) as? [[String: Any]]) ?? []
                let diagnostics = (try? JSONSerialization.jsonObject(with: Data(diagnosticsText.utf8)) as? [String]) ?? []
                return RuleSetRecord(id: row["id"], at: row["at"], version: row["version"],
                                     packs: packs.map { .init(name: $0["name"] as? String ?? "", rules: $0["rules"] as? Int ?? 0) },
                                     ruleCount: row["rule_count"], outcome: row["outcome"], diagnostics: diagnostics)
            }
        }
    }

    // MARK: Outbox

    public func dueDeliveries(now: Int64, limit: Int) throws -> [Delivery] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM delivery WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?
                """, arguments: [now, max(0, limit)]).map { row in
                Delivery(id: row["id"], url: row["url"], payload: row["payload"], key: row["idem_key"], attempts: row["attempts"],
                         nextAttemptAt: row["next_attempt_at"], deliveredAt: row["delivered_at"], lastError: row["last_error"])
            }
        }
    }

    public func finishAttempt(delivery id: Int64, deliveredAt: Int64?, error: String?, retryAt: Int64) throws {
        try database.write { db in
            try db.execute(sql: """
                UPDATE delivery SET attempts = attempts + 1, delivered_at = ?, last_error = ?, next_attempt_at = ? WHERE id = ?
                """, arguments: [deliveredAt, error, retryAt, id])
        }
    }

    public func deliveryCounts() throws -> (delivered: Int, pending: Int) {
        try database.read { db in
            let delivered = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery WHERE delivered_at IS NOT NULL") ?? 0
            let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery WHERE delivered_at IS NULL") ?? 0
            return (delivered, pending)
        }
    }
}
