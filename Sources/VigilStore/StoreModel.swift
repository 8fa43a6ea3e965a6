// The values the console's store hands out and takes in. Plain data, independent of the
// database behind it, so the SQLite store and a later PostgreSQL store answer with the
// same types. Times are milliseconds since the epoch (UTC); JSON documents (an input
// record, a verdict, a transition record) are kept and returned as their JSON text.
import VigilEngine

/// One topic's escalation state as the overview shows it.
public struct TopicRow: Sendable, Equatable {
    public var topic: String
    /// `monitoring`, `early_warning`, … (EscalationState raw values).
    public var state: String
    /// `sev1`…`sev4`; nil when no incident is open.
    public var severity: String?
    /// `topic#n`; nil in monitoring.
    public var incident: String?
    /// When the current state was entered (ms); 0 for a topic never out of monitoring.
    public var since: Int64
    /// Time of the latest transition stored for the topic (ms); 0 when none.
    public var updatedAt: Int64

    public init(topic: String, state: String, severity: String?, incident: String?, since: Int64, updatedAt: Int64 = 0) {
        self.topic = topic
        self.state = state
        self.severity = severity
        self.incident = incident
        self.since = since
        self.updatedAt = updatedAt
    }
}

/// One closed bucket of one signal of one topic: what the timeline plots.
public struct BucketPoint: Sendable, Equatable {
    public var topic: String
    /// Signal name (`complaint`, …, and the derived `authors`, `review`, `block`); the
    /// pseudo-signal `volume` counts every record of the topic.
    public var signal: String
    /// Bucket [start, end) in ms.
    public var start: Int64
    public var end: Int64
    /// Records of the signal in the bucket (after the per-author cap).
    public var count: Int
    /// Expected count from the baseline learned before the bucket.
    public var baseline: Double
    /// The count a spike alarm needed in this bucket; 0 while the topic warms up.
    public var threshold: Double

    public init(topic: String, signal: String, start: Int64, end: Int64, count: Int, baseline: Double, threshold: Double) {
        self.topic = topic
        self.signal = signal
        self.start = start
        self.end = end
        self.count = count
        self.baseline = baseline
        self.threshold = threshold
    }
}

/// One stored transition (or reminder) of a topic's machine.
public struct TransitionRow: Sendable, Equatable {
    /// Store-wide sequence number, increasing in the order transitions were stored.
    public var id: Int64
    public var topic: String
    public var from: String
    public var to: String
    public var at: Int64
    public var incident: String?
    public var severity: String?
    /// `evidence`, `quiet` or `command`.
    public var cause: String
    public var command: String?
    public var by: String?
    /// Why a command was rejected; nil when applied.
    public var rejected: String?
    public var isReminder: Bool
    public var evidence: EscalationEvidence?
    /// The record exactly as `vigil screen` wrote it (one JSON line, no newline).
    public var json: String

    public init(id: Int64 = 0, topic: String, from: String, to: String, at: Int64, incident: String?, severity: String?,
                cause: String, command: String? = nil, by: String? = nil, rejected: String? = nil, isReminder: Bool = false,
                evidence: EscalationEvidence? = nil, json: String) {
        self.id = id
        self.topic = topic
        self.from = from
        self.to = to
        self.at = at
        self.incident = incident
        self.severity = severity
        self.cause = cause
        self.command = command
        self.by = by
        self.rejected = rejected
        self.isReminder = isReminder
        self.evidence = evidence
        self.json = json
    }
}

/// A screened post kept so the console can show it: its input record and its verdict
/// (whose hits carry the spans to highlight).
public struct StoredPost: Sendable, Equatable {
    /// The record's id as JSON (`17`, `"a-17"`), as in verdicts and evidence examples.
    public var recordID: String
    public var topic: String
    /// Event time (ms) when the record had `ts`, else when it was stored.
    public var at: Int64
    /// `allow`, `review` or `block`.
    public var decision: String
    /// The input record (JSON; for plain-text input, `{"text":…}`).
    public var record: String
    /// The verdict record (JSON), with hits, spans, messages, legal basis, suggestions.
    public var verdict: String

    public init(recordID: String, topic: String, at: Int64, decision: String, record: String, verdict: String) {
        self.recordID = recordID
        self.topic = topic
        self.at = at
        self.decision = decision
        self.record = record
        self.verdict = verdict
    }
}
