// A transition record as the console reads it (the fields of the escalation record, docs/reference/records.md), with
// public initialisers so a store, a report or a test can build one; the engine's own
// EscalationTransition is made only by the machine.
import VigilEngine

/// The numbers behind a transition.
public struct ConsoleEvidence: Sendable {
    public var signal: String
    public var test: EscalationTest
    public var windowStart: Int64
    public var windowEnd: Int64
    public var count: Int
    public var baseline: Double
    public var ratio: Double
    public var threshold: Double
    public var pValue: Double?
    public var cusum: Double?
    /// Distinct authors over the same window as `count`.
    public var authors: Int
    public var late: Int

    public init(signal: String, test: EscalationTest, windowStart: Int64, windowEnd: Int64, count: Int, baseline: Double,
                ratio: Double, threshold: Double, pValue: Double? = nil, cusum: Double? = nil, authors: Int, late: Int = 0) {
        self.signal = signal; self.test = test; self.windowStart = windowStart; self.windowEnd = windowEnd; self.count = count
        self.baseline = baseline; self.ratio = ratio; self.threshold = threshold; self.pValue = pValue; self.cusum = cusum
        self.authors = authors; self.late = late
    }
}

/// One transition (or reminder, or rejected command) of a topic's machine.
public struct ConsoleTransitionRecord: Sendable {
    public var topic: String
    public var from: EscalationState
    public var to: EscalationState
    public var at: Int64
    public var incident: String?
    public var severity: EscalationSeverity?
    public var cause: EscalationCause
    public var evidence: ConsoleEvidence?
    public var command: String?
    public var by: String?
    public var rejected: String?
    public var isReminder: Bool

    public init(topic: String, from: EscalationState, to: EscalationState, at: Int64, incident: String? = nil,
                severity: EscalationSeverity? = nil, cause: EscalationCause, evidence: ConsoleEvidence? = nil, command: String? = nil,
                by: String? = nil, rejected: String? = nil, isReminder: Bool = false) {
        self.topic = topic; self.from = from; self.to = to; self.at = at; self.incident = incident; self.severity = severity
        self.cause = cause; self.evidence = evidence; self.command = command; self.by = by; self.rejected = rejected
        self.isReminder = isReminder
    }
}
