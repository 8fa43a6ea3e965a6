// SQLiteStore: the review queue (listing, deciding with a first and a second review)
// and the audit log that records every decision. Each call first expands the review
// journal (a batch screen's items, SQLiteStore+Journal) when it holds rows.
import GRDB

extension SQLiteStore {
    public func reviewItems(_ filter: ReviewFilter) throws -> [ReviewItem] {
        try expandReviewJournal()
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let status = filter.status { conditions.append("status = ?"); arguments += [status] }
        if let topic = filter.topic { conditions.append("topic = ?"); arguments += [topic] }
        if let category = filter.category {
            conditions.append("instr(categories, ?) > 0")
            arguments += [ReviewCategories.quoted(category)]
        }
        if let before = filter.before { conditions.append("id < ?"); arguments += [before] }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [max(0, filter.limit)]
        return try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM review_item \(whereClause) ORDER BY id DESC LIMIT ?", arguments: arguments)
                .map { try Self.reviewItem($0, db) }
        }
    }

    public func reviewItem(id: Int64) throws -> ReviewItem? {
        try expandReviewJournal()
        return try database.read { db in try Self.reviewItem(id: id, db) }
    }

    static func reviewItem(id: Int64, _ db: Database) throws -> ReviewItem? {
        try Row.fetchOne(db, sql: "SELECT * FROM review_item WHERE id = ?", arguments: [id]).map { try reviewItem($0, db) }
    }

    static func reviewItem(_ row: Row, _ db: Database) throws -> ReviewItem {
        let id: Int64 = row["id"]
        let categories = ReviewCategories.decode(row["categories"])
        let reviews = try Row.fetchAll(db, sql: "SELECT * FROM review_decision WHERE item_id = ? ORDER BY step", arguments: [id])
            .map { r in
                ReviewDecision(step: r["step"], action: ReviewAction(rawValue: r["action"]) ?? .remove, by: r["by_name"],
                               note: r["note"], at: r["at"])
            }
        var top: ReviewHit?
        if let rule: String = row["top_rule"] {
            top = ReviewHit(rule: rule, category: row["top_category"] ?? "", message: row["top_message"] ?? "",
                            basis: row["top_basis"], suggestion: row["top_suggestion"])
        }
        return ReviewItem(id: id, createdAt: row["created_at"], source: ReviewSource(rawValue: row["source"]) ?? .batch,
                          kind: row["kind"], topic: row["topic"], categories: categories, recordID: row["record_id"],
                          record: row["record"], verdict: row["verdict"], top: top, status: row["status"],
                          requiredReviews: row["required_reviews"], reviews: reviews)
    }

    public func reviewCounts() throws -> (open: Int, done: Int) {
        try expandReviewJournal()
        return try database.read { db in
            let open = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review_item WHERE status = 'open'") ?? 0
            let done = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review_item WHERE status = 'done'") ?? 0
            return (open, done)
        }
    }

    public func decide(review id: Int64, action: ReviewAction, by: String, note: String, at: Int64) throws -> ReviewOutcome {
        try expandReviewJournal()
        return try database.write { db in
            guard let item = try Self.reviewItem(id: id, db) else { return .notFound }
            guard item.status == "open" else { return .alreadyDecided(item) }
            if let first = item.reviews.first, first.by == by { return .sameReviewer(item) }
            let step = item.reviews.count + 1
            // A removal ends the item at any step; an approval ends it at the last review needed.
            let done = action == .remove || step >= item.requiredReviews
            try db.execute(sql: "INSERT INTO review_decision (item_id, step, action, by_name, note, at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [id, step, action.rawValue, by, note, at])
            if done {
                try db.execute(sql: "UPDATE review_item SET status = 'done', decided_at = ? WHERE id = ?", arguments: [at, id])
            }
            let stepName = item.requiredReviews > 1 ? (step == 1 ? " (first review)" : " (second review)") : ""
            _ = try Self.insertAudit(AuditEntry(at: at, kind: .review, actor: by, subject: "review/\(id)",
                                                action: action.rawValue + stepName, note: note,
                                                outcome: done ? "done" : "waiting for a second review"), db)
            return .applied(try Self.reviewItem(id: id, db) ?? item)
        }
    }

    // MARK: Audit

    public func auditEntries(after: Int64, limit: Int) throws -> [AuditEntry] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE id > ? ORDER BY id LIMIT ?", arguments: [after, max(0, limit)])
                .map { row in
                    AuditEntry(id: row["id"], at: row["at"], kind: AuditKind(rawValue: row["kind"]) ?? .command,
                               actor: row["actor"], subject: row["subject"], action: row["action"], note: row["note"],
                               outcome: row["outcome"])
                }
        }
    }

    public func lastAuditID() throws -> Int64 {
        try database.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM audit") ?? 0 }
    }

    public func appendAudit(_ entry: AuditEntry) throws -> AuditEntry {
        var entry = entry
        entry.id = try database.write { db in try Self.insertAudit(entry, db) }
        return entry
    }
}
