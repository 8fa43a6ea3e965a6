// What the console shows, as plain values: topics, their bucket series and transitions,
// review items, audit entries and the rule set. Whoever feeds the console (the store of
// `vigil serve`, `vigil report`, a test) fills these; the pages never query anything.
import VigilEngine

/// One topic's current escalation status.
public struct ConsoleTopic: Sendable {
    public var name: String
    public var state: EscalationState
    public var severity: EscalationSeverity?
    public var incident: String?
    /// Event time (ms since the epoch) the topic entered its state.
    public var since: Int64
    /// The topic's signal counts, one series per signal, for the sparkline and timeline.
    public var series: [ConsoleSeries]

    public init(name: String, state: EscalationState, severity: EscalationSeverity? = nil, incident: String? = nil,
                since: Int64, series: [ConsoleSeries] = []) {
        self.name = name; self.state = state; self.severity = severity
        self.incident = incident; self.since = since; self.series = series
    }
}

/// Counts of one signal per bucket, with the expected count (baseline) of each bucket.
public struct ConsoleSeries: Sendable {
    public var signal: String
    /// Start of the first bucket, ms since the epoch.
    public var start: Int64
    /// Bucket length in ms.
    public var bucket: Int64
    public var counts: [Int]
    /// Expected count per bucket; empty when unknown (no baseline line is drawn).
    public var baseline: [Double]
    /// The count a spike alarm needed per bucket (0 while warming up); empty: computed
    /// from the baseline and the policy.
    public var threshold: [Double]

    public init(signal: String, start: Int64, bucket: Int64, counts: [Int], baseline: [Double] = [], threshold: [Double] = []) {
        self.signal = signal; self.start = start; self.bucket = bucket; self.counts = counts
        self.baseline = baseline; self.threshold = threshold
    }

    /// End of the last bucket.
    public var end: Int64 { start + bucket * Int64(counts.count) }
}

/// A highlighted span of a text: code-point offsets, end exclusive.
public struct ConsoleSpan: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var label: String

    public init(start: Int, end: Int, label: String) { self.start = start; self.end = end; self.label = label }
}

/// An example post behind a transition's evidence.
public struct ConsoleExample: Sendable {
    public var id: String
    public var text: String
    public var spans: [ConsoleSpan]

    public init(id: String, text: String, spans: [ConsoleSpan] = []) { self.id = id; self.text = text; self.spans = spans }
}

/// A transition record with the texts of its example posts.
public struct ConsoleTransition: Sendable {
    public var transition: EscalationTransition
    public var examples: [ConsoleExample]

    public init(_ transition: EscalationTransition, examples: [ConsoleExample] = []) {
        self.transition = transition; self.examples = examples
    }
}

/// One hit of a verdict as a reviewer reads it.
public struct ConsoleHit: Sendable {
    public var rule: String
    public var category: String
    public var severity: String
    /// Code-point offsets into the text, end exclusive.
    public var start: Int
    public var end: Int
    public var message: String
    public var basis: String?
    public var suggest: [String]

    public init(rule: String, category: String, severity: String, start: Int, end: Int, message: String,
                basis: String? = nil, suggest: [String] = []) {
        self.rule = rule; self.category = category; self.severity = severity; self.start = start; self.end = end
        self.message = message; self.basis = basis; self.suggest = suggest
    }

    /// The console's view of an engine hit.
    public init(_ hit: Hit) {
        self.init(rule: hit.rule, category: hit.category, severity: hit.severity.rawValue, start: hit.start, end: hit.end,
                  message: hit.message, basis: hit.basis, suggest: hit.suggest)
    }
}

/// One decision recorded on a review item.
public struct ConsoleReview: Sendable {
    public var by: String
    public var action: String
    public var note: String
    public var at: Int64

    public init(by: String, action: String, note: String, at: Int64) { self.by = by; self.action = action; self.note = note; self.at = at }
}

/// A post whose decision was `review`, with its verdict and what reviewers did.
public struct ConsoleReviewItem: Sendable {
    public var id: Int64
    public var receivedAt: Int64
    /// Where it came from: /v1/check, /v1/screen, screen.
    public var source: String
    public var recordID: String?
    public var topic: String?
    public var kind: String?
    public var text: String
    public var score: Double
    public var hits: [ConsoleHit]
    /// open or done.
    public var status: String
    public var reviews: [ConsoleReview]
    /// Reviews needed before the item is done: 2 for a brand post under second review.
    public var requiredReviews: Int

    public init(id: Int64, receivedAt: Int64, source: String, recordID: String? = nil, topic: String? = nil, kind: String? = nil,
                text: String, score: Double, hits: [ConsoleHit], status: String = "open", reviews: [ConsoleReview] = [],
                requiredReviews: Int = 1) {
        self.id = id; self.receivedAt = receivedAt; self.source = source; self.recordID = recordID; self.topic = topic
        self.kind = kind; self.text = text; self.score = score; self.hits = hits; self.status = status
        self.reviews = reviews; self.requiredReviews = requiredReviews
    }
}

/// One line of the append-only audit log.
public struct ConsoleAuditEntry: Sendable {
    public var number: Int64
    public var at: Int64
    public var who: String
    /// What happened: `ack`, `approve`, `reload`, …
    public var action: String
    /// What it applied to: a topic, a review item, the rules.
    public var subject: String
    public var note: String
    /// The outcome when it is not plain success (a rejected command, a failed reload).
    public var outcome: String?

    public init(number: Int64, at: Int64, who: String, action: String, subject: String, note: String, outcome: String? = nil) {
        self.number = number; self.at = at; self.who = who; self.action = action; self.subject = subject
        self.note = note; self.outcome = outcome
    }
}

/// The rule set in use and its last reload.
public struct ConsoleRuleSet: Sendable {
    public var version: Int
    public var loadedAt: Int64
    public var packs: [(name: String, rules: Int, description: String)]
    public var warnings: [String]
    /// The last reload: when, whether the new rules loaded, and what lint said.
    public var lastReload: (at: Int64, loaded: Bool, diagnostics: [String])?

    public init(version: Int, loadedAt: Int64, packs: [(name: String, rules: Int, description: String)], warnings: [String] = [],
                lastReload: (at: Int64, loaded: Bool, diagnostics: [String])? = nil) {
        self.version = version; self.loadedAt = loadedAt; self.packs = packs; self.warnings = warnings; self.lastReload = lastReload
    }
}
