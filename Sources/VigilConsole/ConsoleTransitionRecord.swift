// A transition record as the console reads it (the fields of the escalation record,
// docs/reference/records.md), with a public initialiser so a store, a report or a test
// can build one; the engine's own EscalationTransition is made only by the machine. Its
// evidence is the engine's EscalationEvidence.
import VigilEngine

/// One transition (or reminder, or rejected command) of a topic's machine.
public struct ConsoleTransitionRecord: Sendable {
    public var topic: String
    public var from: EscalationState
    public var to: EscalationState
    public var at: Int64
    public var incident: String?
    public var severity: EscalationSeverity?
    public var cause: EscalationCause
    public var evidence: EscalationEvidence?
    public var command: String?
    public var by: String?
    public var rejected: String?
    public var isReminder: Bool

    public init(topic: String, from: EscalationState, to: EscalationState, at: Int64, incident: String? = nil,
                severity: EscalationSeverity? = nil, cause: EscalationCause, evidence: EscalationEvidence? = nil, command: String? = nil,
                by: String? = nil, rejected: String? = nil, isReminder: Bool = false) {
        self.topic = topic; self.from = from; self.to = to; self.at = at; self.incident = incident; self.severity = severity
        self.cause = cause; self.evidence = evidence; self.command = command; self.by = by; self.rejected = rejected
        self.isReminder = isReminder
    }
}
