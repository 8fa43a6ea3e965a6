// The audit log's values: every operator command, review decision and rule reload, who
// did it, when, and the note. The log is append-only: entries are numbered in order and
// never changed or deleted (retention does not touch it).

/// What kind of action an audit entry records.
public enum AuditKind: String, Sendable, CaseIterable {
    /// An operator command to a topic's machine (ack, assessed, strategy_approved, close).
    case command
    /// A review decision (approve, remove).
    case review
    /// A rule reload (or promotion of shadow rules).
    case reload
}

/// One entry of the audit log.
public struct AuditEntry: Sendable, Equatable {
    /// Increasing, gap-free within one store: `GET /v1/audit?after=N` pages on it.
    public var id: Int64
    public var at: Int64
    public var kind: AuditKind
    /// Who (the `by` of the action; `system` for reloads by SIGHUP).
    public var actor: String
    /// What was acted on: a topic, `review/<id>`, or the rule-set version.
    public var subject: String
    /// The action: `ack`, `assessed sev2`, `approve`, `reload`, …
    public var action: String
    public var note: String
    /// Outcome in words: `applied`, `rejected: …`, `failed: …`.
    public var outcome: String

    public init(id: Int64 = 0, at: Int64, kind: AuditKind, actor: String, subject: String, action: String, note: String,
                outcome: String) {
        self.id = id
        self.at = at
        self.kind = kind
        self.actor = actor
        self.subject = subject
        self.action = action
        self.note = note
        self.outcome = outcome
    }
}

/// The loaded rule set, as GET /rules shows it: recorded at start and at each reload.
public struct RuleSetRecord: Sendable, Equatable {
    public struct Pack: Sendable, Equatable {
        public var name: String
        public var rules: Int
        public init(name: String, rules: Int) {
            self.name = name
            self.rules = rules
        }
    }

    public var id: Int64
    public var at: Int64
    public var version: String
    public var packs: [Pack]
    public var ruleCount: Int
    /// `start`, `reloaded`, `failed` or `promoted`.
    public var outcome: String
    /// Diagnostics of the load, one line each (empty when clean).
    public var diagnostics: [String]

    public init(id: Int64 = 0, at: Int64, version: String, packs: [Pack], ruleCount: Int, outcome: String, diagnostics: [String]) {
        self.id = id
        self.at = at
        self.version = version
        self.packs = packs
        self.ruleCount = ruleCount
        self.outcome = outcome
        self.diagnostics = diagnostics
    }
}
