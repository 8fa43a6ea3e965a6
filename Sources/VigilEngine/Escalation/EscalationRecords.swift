// What goes into the escalation machine (one observation per verdict, operator
// commands) and what comes out (transition records, docs/escalation.md, with their evidence).

/// The crisis stages, in process order (docs/escalation.md).
public enum EscalationState: String, Sendable, CaseIterable, Comparable {
    case monitoring, earlyWarning = "early_warning", rapidResponse = "rapid_response", assessment, strategy,
         execution, followUp = "follow_up", recovery

    public static func < (a: EscalationState, b: EscalationState) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The stages an operator owns: detection changes only their severity.
    var isOperatorStage: Bool { self == .assessment || self == .strategy || self == .execution }
}

/// Incident severity, `sev4` (least) to `sev1` (most severe).
public enum EscalationSeverity: Int, Sendable, Comparable, CaseIterable {
    case sev4 = 4, sev3 = 3, sev2 = 2, sev1 = 1

    public var name: String { "sev\(rawValue)" }

    public init?(name: String) {
        guard name.count == 4, name.hasPrefix("sev"), let n = Int(name.dropFirst(3)), let s = EscalationSeverity(rawValue: n) else { return nil }
        self = s
    }

    /// More severe is greater: `.sev1 > .sev4`.
    public static func < (a: EscalationSeverity, b: EscalationSeverity) -> Bool { a.rawValue > b.rawValue }

    /// One level less severe, never below sev4.
    var lowered: EscalationSeverity { EscalationSeverity(rawValue: min(4, rawValue + 1))! }
}

/// What the machine needs from one verdict: no text, nothing it does not use.
public struct EscalationObservation: Sendable {
    /// The record id as pre-encoded JSON (`17` or `"a-17"`), echoed in evidence examples.
    public var id: String
    /// Input line number (1-based); gives the time of records without `ts` (docs/escalation.md).
    public var line: Int
    /// `ts` in milliseconds since the epoch; nil when the record has none.
    public var eventTime: Int64?
    /// Escalation key; `"*"` when the record names none.
    public var topic: String
    public var author: String?
    /// Signal name → hits of that signal in this record (from hits' `signal`). A record
    /// counts once per signal however many hits it has.
    public var signals: [String: Int]
    public var decision: Decision

    public init(id: String, line: Int, eventTime: Int64?, topic: String = "*", author: String? = nil,
                signals: [String: Int] = [:], decision: Decision = .allow) {
        self.id = id
        self.line = line
        self.eventTime = eventTime
        self.topic = topic
        self.author = author
        self.signals = signals
        self.decision = decision
    }
}

/// An operator command (`{"type":"command",…}` input record).
public struct EscalationCommand: Sendable {
    /// `ack`, `assessed`, `strategy_approved` or `close`.
    public var command: String
    public var topic: String
    public var eventTime: Int64?
    /// Who gave the command, echoed in the record.
    public var by: String?
    public var line: Int
    /// With `assessed`: the severity the operator assessed (`sev1`…`sev4`); without it the
    /// severity becomes that of the latest closed bucket's evidence.
    public var severity: String?

    public init(command: String, topic: String = "*", eventTime: Int64? = nil, by: String? = nil, line: Int, severity: String? = nil) {
        self.command = command
        self.topic = topic
        self.eventTime = eventTime
        self.by = by
        self.line = line
        self.severity = severity
    }

    /// The commands the machine knows.
    public static let names = ["ack", "assessed", "strategy_approved", "close"]
}

/// Why a transition happened.
public enum EscalationCause: String, Sendable {
    /// A closed bucket's evidence raised the state or the severity.
    case evidence
    /// Signals stayed quiet long enough to step down or lower the severity.
    case quiet
    /// An operator command (accepted or rejected).
    case command
}

/// The test behind a piece of evidence.
public enum EscalationTest: String, Sendable {
    /// Upper-tail Poisson p-value of one bucket.
    case spike
    /// Poisson CUSUM over the current run of buckets.
    case shift
    /// Window sum against the baseline (the exit test).
    case quiet
    /// rapid_response's magnitude and breadth: the ratio and distinct authors over
    /// `rapid_response.window`.
    case sustained
}

/// The numbers behind a transition (the record's `evidence`).
public struct EscalationEvidence: Sendable, Equatable {
    public var signal: String
    public var test: EscalationTest
    /// Event-time window the count covers, [start, end) in ms.
    public var windowStart: Int64
    public var windowEnd: Int64
    /// Records of the signal in the window (after the per-author cap).
    public var count: Int
    /// Expected count for the window from the baseline.
    public var baseline: Double
    /// `count` over `baseline`.
    public var ratio: Double
    /// spike: the count the window needed; shift: the CUSUM limit; quiet: the most the
    /// window may hold and still be quiet; sustained: `min_ratio` × the baseline.
    public var threshold: Double
    /// spike and quiet: P(X ≥ count | baseline).
    public var pValue: Double?
    /// shift: the CUSUM value.
    public var cusum: Double?
    /// Distinct authors of the signal's records over the window (estimated: AuthorSketch).
    public var authors: Int
    /// Records that arrived after their bucket had closed, since the previous transition
    /// of this topic: counted, never evaluated.
    public var late: Int
    /// Ids (pre-encoded JSON) of records behind the count.
    public var examples: [String]

    /// Also used by the console's store and pages, which read evidence back.
    public init(signal: String, test: EscalationTest, windowStart: Int64, windowEnd: Int64, count: Int, baseline: Double,
                ratio: Double, threshold: Double, pValue: Double? = nil, cusum: Double? = nil, authors: Int, late: Int = 0,
                examples: [String] = []) {
        self.signal = signal; self.test = test; self.windowStart = windowStart; self.windowEnd = windowEnd; self.count = count
        self.baseline = baseline; self.ratio = ratio; self.threshold = threshold; self.pValue = pValue; self.cusum = cusum
        self.authors = authors; self.late = late; self.examples = examples
    }
}

/// One record of `"type":"escalation"`: a change of state or severity, or a rejected
/// command; or, with `isReminder`, one `"type":"escalation_reminder"`: an incident no
/// operator has acknowledged still holds rapid_response (`from` = `to`).
public struct EscalationTransition: Sendable, Equatable {
    public var topic: String
    public var from: EscalationState
    public var to: EscalationState
    /// Event time of the transition: a bucket's end for detection, the command's time for commands.
    public var at: Int64
    /// `topic#n`; nil only for rejected commands on a topic with no incident.
    public var incident: String?
    public var severity: EscalationSeverity?
    public var cause: EscalationCause
    public var evidence: EscalationEvidence?
    /// The command and who gave it, for `cause == .command`.
    public var command: String?
    public var by: String?
    /// Input line of the command.
    public var line: Int?
    /// Why a command was not applied; nil for every applied transition.
    public var rejected: String?
    /// A reminder record rather than a transition.
    public var isReminder = false
    /// For a reminder: when the incident entered rapid_response (ms).
    public var since: Int64?

    /// The machine makes these; the console's store and pages read them back with this.
    public init(topic: String, from: EscalationState, to: EscalationState, at: Int64, incident: String? = nil,
                severity: EscalationSeverity? = nil, cause: EscalationCause, evidence: EscalationEvidence? = nil,
                command: String? = nil, by: String? = nil, line: Int? = nil, rejected: String? = nil,
                isReminder: Bool = false, since: Int64? = nil) {
        self.topic = topic; self.from = from; self.to = to; self.at = at; self.incident = incident; self.severity = severity
        self.cause = cause; self.evidence = evidence; self.command = command; self.by = by; self.line = line
        self.rejected = rejected; self.isReminder = isReminder; self.since = since
    }
}
