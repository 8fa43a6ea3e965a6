// PostgresStore: the review queue (listing, deciding with a first and a second review)
// and the audit log. A decision locks its item's row (SELECT … FOR UPDATE), so two
// instances deciding the same item at once give one decision and one 409.
import PostgresNIO
import VigilStore

extension PostgresStore {
    public func reviewItems(_ filter: ReviewFilter) throws -> [ReviewItem] {
        var conditions: [String] = []
        var values: [SQLValue] = []
        func add(_ condition: String, _ value: SQLValue) {
            values.append(value)
            conditions.append(condition.replacingOccurrences(of: "?", with: "$\(values.count)"))
        }
        if let status = filter.status { add("status = ?", .text(status)) }
        if let topic = filter.topic { add("topic = ?", .text(topic)) }
        if let category = filter.category { add("strpos(categories, ?) > 0", .text(ReviewCategories.quoted(category))) }
        if let before = filter.before { add("id < ?", .int(before)) }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        values.append(.int(Int64(max(0, filter.limit))))
        return try link.withSession { s in
            try s.rows("SELECT * FROM review_item \(whereClause) ORDER BY id DESC LIMIT $\(values.count)", values)
                .map { try Self.reviewItem($0, s) }
        }
    }

    public func reviewItem(id: Int64) throws -> ReviewItem? {
        try link.withSession { s in try Self.reviewItem(id: id, s) }
    }

    static func reviewItem(id: Int64, _ s: PostgresSession, lock: Bool = false) throws -> ReviewItem? {
        try s.rows("SELECT * FROM review_item WHERE id = $1\(lock ? " FOR UPDATE" : "")", [.int(id)]).first.map { try reviewItem($0, s) }
    }

    static func reviewItem(_ row: PostgresRandomAccessRow, _ s: PostgresSession) throws -> ReviewItem {
        let id = try row.int("id")
        let categories = ReviewCategories.decode(try row.string("categories"))
        let reviews = try s.rows("SELECT * FROM review_decision WHERE item_id = $1 ORDER BY step", [.int(id)]).map { r in
            ReviewDecision(step: Int(try r.int("step")), action: ReviewAction(rawValue: try r.string("action")) ?? .remove,
                           by: try r.string("by_name"), note: try r.string("note"), at: try r.int("at"))
        }
        var top: ReviewHit?
        if let rule = try row.optionalString("top_rule") {
            top = ReviewHit(rule: rule, category: try row.optionalString("top_category") ?? "", message: try row.optionalString("top_message") ?? "",
                            basis: try row.optionalString("top_basis"), suggestion: try row.optionalString("top_suggestion"))
        }
        return ReviewItem(id: id, createdAt: try row.int("created_at"), source: ReviewSource(rawValue: try row.string("source")) ?? .batch,
                          kind: try row.string("kind"), topic: try row.string("topic"), categories: categories,
                          recordID: try row.string("record_id"), record: try row.string("record"), verdict: try row.string("verdict"),
                          top: top, status: try row.string("status"), requiredReviews: Int(try row.int("required_reviews")),
                          reviews: reviews)
    }

    public func reviewCounts() throws -> (open: Int, done: Int) {
        try link.withSession { s in
            let row = try s.rows("""
                SELECT COUNT(*) FILTER (WHERE status = 'open') AS open, COUNT(*) FILTER (WHERE status = 'done') AS done FROM review_item
                """).first
            return (Int(try row?.int("open") ?? 0), Int(try row?.int("done") ?? 0))
        }
    }

    public func decide(review id: Int64, action: ReviewAction, by: String, note: String, at: Int64) throws -> ReviewOutcome {
        try link.transaction { s in
            guard let item = try Self.reviewItem(id: id, s, lock: true) else { return .notFound }
            guard item.status == "open" else { return .alreadyDecided(item) }
            if let first = item.reviews.first, first.by == by { return .sameReviewer(item) }
            let step = item.reviews.count + 1
            let done = action == .remove || step >= item.requiredReviews
            try s.execute("INSERT INTO review_decision (item_id, step, action, by_name, note, at) VALUES ($1, $2, $3, $4, $5, $6)",
                          [.int(id), .int(Int64(step)), .text(action.rawValue), .text(by), .text(note), .int(at)])
            if done {
                try s.execute("UPDATE review_item SET status = 'done', decided_at = $1 WHERE id = $2", [.int(at), .int(id)])
            }
            let stepName = item.requiredReviews > 1 ? (step == 1 ? " (first review)" : " (second review)") : ""
            _ = try Self.insertAudit(AuditEntry(at: at, kind: .review, actor: by, subject: "review/\(id)", action: action.rawValue + stepName,
                                                note: note, outcome: done ? "done" : "waiting for a second review"), s)
            return .applied(try Self.reviewItem(id: id, s) ?? item)
        }
    }

    // MARK: Audit

    public func auditEntries(after: Int64, limit: Int) throws -> [AuditEntry] {
        try link.withSession { s in
            try s.rows("SELECT * FROM audit WHERE id > $1 ORDER BY id LIMIT $2", [.int(after), .int(Int64(max(0, limit)))]).map { row in
                AuditEntry(id: try row.int("id"), at: try row.int("at"), kind: AuditKind(rawValue: try row.string("kind")) ?? .command,
                           actor: try row.string("actor"), subject: try row.string("subject"), action: try row.string("action"),
                           note: try row.string("note"), outcome: try row.string("outcome"))
            }
        }
    }

    public func lastAuditID() throws -> Int64 {
        try link.withSession { s in try s.rows("SELECT MAX(id) AS id FROM audit").first?.optionalInt("id") ?? 0 }
    }

    public func appendAudit(_ entry: AuditEntry) throws -> AuditEntry {
        var entry = entry
        entry.id = try link.transaction { s in try Self.insertAudit(entry, s) }
        return entry
    }
}
