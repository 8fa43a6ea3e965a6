// GET /audit: every operator command, review decision and reload — who, when, what,
// on what, and the note — newest first. The log is append-only; the page only reads it.

struct AuditRow {
    let number: Int64
    let at: String
    let atISO: String
    let who: String
    let action: String
    let subject: String
    let note: String
    let outcome: String?
}

struct AuditModel {
    let rows: [AuditRow]
    let empty: Bool
    let last: Int64
}

public extension ConsolePages {
    /// `entries` newest first.
    func audit(_ entries: [ConsoleAuditEntry]) -> String {
        let rows = entries.map { e in
            AuditRow(number: e.number, at: ConsoleFormat.time(e.at), atISO: ConsoleFormat.iso(e.at), who: e.who, action: e.action,
                     subject: e.subject, note: e.note, outcome: e.outcome)
        }
        let model = AuditModel(rows: rows, empty: rows.isEmpty, last: entries.first?.number ?? 0)
        return ConsoleRenderer.page("audit", model, title: "Audit log", section: "/audit", refresh: true)
    }
}
