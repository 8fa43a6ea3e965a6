// The `escalation:` section of `rules/policy.yaml`: buckets, lateness, baseline,
// spike and shift tests, hysteresis, dwell times, severity, eviction. Every key is
// optional; the defaults are documented in docs/escalation.md and repeated in the
// shipped policy file. Problems are RuleDiagnostics with file:line:col, like the rest
// of the policy.
import Yams
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Settings of the escalation machine (docs/escalation.md). All durations are in
/// milliseconds of event time.
public struct EscalationPolicy: Sendable, Equatable {
    /// The category signals watched when the policy names none.
    public static let defaultSignals = ["complaint", "brand-risk", "abuse", "hate", "pii", "ads-law", "violence"]
    /// Signals derived from whole records rather than from hits: distinct authors of risky
    /// records, and records decided `review` / `block`.
    public static let derivedSignals = ["authors", "review", "block"]

    /// Width of an event-time bucket.
    public var bucket: Int64 = 300_000
    /// Allowed lateness: the watermark is the newest event time seen minus this.
    public var lateness: Int64 = 120_000
    /// Time between records that have no `ts` while no record with one has been seen.
    public var arrivalStep: Int64 = 1_000
    /// Category signals beyond the defaults (from hits' `signal`).
    public var extraSignals: [String] = []
    /// Most records one author adds to one signal in one bucket.
    public var perAuthor = 3
    /// Example record ids kept per signal and bucket, shown in evidence.
    public var examples = 3

    /// EWMA half-life of the baseline.
    public var halfLife: Int64 = 10_800_000
    /// A new topic learns for this long before it can raise anything.
    public var warmup: Int64 = 3_600_000
    /// A bucket is learned into the baseline only this long after it closed, and not at
    /// all when an incident opens before then (so an onset is never learned as normal).
    public var guard_: Int64 = 3_600_000
    /// Half-life of the hour-of-day profile of the baseline (0: none).
    public var season: Int64 = 604_800_000
    /// Floor of the baseline rate per bucket.
    public var minRate = 0.2
    /// The EWMA of a rare signal remembers at least this many records (its half-life
    /// grows up to `max_half_life`), so that its level is known to about ±1/√n.
    public var minRecords = 200.0
    /// Longest half-life `min_records` may stretch the EWMA to.
    public var maxHalfLife: Int64 = 86_400_000
    /// Cap of the quasi-Poisson dispersion (EWMA variance / mean); 1 = pure Poisson.
    public var maxDispersion = 4.0

    /// Spike test: a bucket needs at least this many records of the signal…
    public var spikeMinCount = 5
    /// …and an upper-tail p-value at or below this for a warning,
    public var spikeWarnP = 1e-4
    /// …or at or below this for an alarm.
    public var spikeEnterP = 1e-6

    /// CUSUM design ratio: the shift in rate it is tuned to detect.
    public var shiftRatio = 3.0
    /// CUSUM value for a warning.
    public var shiftWarn = 8.0
    /// CUSUM value for an alarm.
    public var shiftEnter = 12.0
    /// Records of the signal in the CUSUM's current run needed before it counts.
    public var shiftMinCount = 10

    /// M-of-N confirmation: `need` of the last `of` buckets must be elevated.
    public var confirmNeed = 2
    public var confirmOf = 3

    /// Exit test: the last `exitWindow` of every signal, summed, has a p-value above `exitP`.
    public var exitWindow: Int64 = 1_800_000
    public var exitP = 0.01

    /// Minimum time in early_warning before rapid_response.
    public var dwellBeforeRapidResponse: Int64 = 300_000
    /// Sustained quiet (and no alarm) this long before rapid_response steps down to
    /// early_warning, for an incident an operator has acknowledged.
    public var dwellRapidResponse: Int64 = 7_200_000
    /// Sustained quiet (and no warning) this long, and this long in the state, before
    /// early_warning steps down to monitoring.
    public var dwellEarlyWarning: Int64 = 3_600_000
    /// Sustained quiet this long before rapid_response steps down when no operator has
    /// acknowledged the incident (never shorter than `dwellRapidResponse`).
    public var unacknowledgedDwell: Int64 = 21_600_000
    /// While an unacknowledged incident holds rapid_response, a reminder record every
    /// this long (0: none).
    public var reminderInterval: Int64 = 1_800_000
    /// rapid_response needs the signal at this multiple of its hour-of-day baseline over
    /// the last `rapidWindow`…
    public var rapidMinRatio = 3.0
    /// …from at least this many distinct authors over the same window.
    public var rapidMinAuthors = 10
    /// The window of `rapidMinRatio` and `rapidMinAuthors`.
    public var rapidWindow: Int64 = 3_600_000
    /// Over the evidence's excursion, Wald's sequential test of `rapidMinRatio` × the
    /// baseline against `rapidNullRatio` × must decide for the former: the likelihood
    /// ratio reaches 1/`rapidP`. A signal at `rapidNullRatio` × (a bad evening) passes
    /// with probability `rapidP` at most, however long it is looked at.
    public var rapidP = 1e-4
    /// The rate rapid_response must be told apart from, as a multiple of the baseline
    /// (below `rapidMinRatio`).
    public var rapidNullRatio = 2.0
    /// Or the count is improbable (upper-tail p-value at most this) for a signal at
    /// `rapidMinRatio` × itself: a rate clearly above it, such as a short raid, passes
    /// without the long excursion Wald's test needs at modest counts.
    public var rapidAboveP = 0.01
    /// After an incident ends, no new one opens for this long.
    public var dwellMonitoring: Int64 = 1_800_000
    /// Quiet time in follow_up before recovery.
    public var followUp: Int64 = 21_600_000
    /// Quiet time in recovery before monitoring.
    public var recovery: Int64 = 86_400_000

    /// Severity sev2: the evidence signal at this multiple of its baseline…
    public var sev2Ratio = 10.0
    /// …from at least this many distinct authors in the bucket.
    public var sev2Authors = 20
    public var sev1Ratio = 30.0
    public var sev1Authors = 100
    /// Each stretch of this much quiet lowers the severity one level (not below sev4).
    public var severityDecay: Int64 = 21_600_000

    /// A topic in monitoring with no record for this long is forgotten (and starts over
    /// as a new topic, incident numbering aside).
    public var evictAfter: Int64 = 604_800_000

    /// Where the policy came from, for messages.
    public var source = "built-in defaults"

    public init() {}

    /// Every watched signal in evaluation order: defaults, extra categories, then derived.
    public var signals: [String] {
        var names = Self.defaultSignals
        for name in extraSignals where !names.contains(name) { names.append(name) }
        return names + Self.derivedSignals
    }

    /// Whole buckets in a duration, rounded up (at least `minimum`).
    func buckets(_ duration: Int64, minimum: Int = 0) -> Int {
        max(minimum, Int((duration + bucket - 1) / bucket))
    }

    /// EWMA weight per bucket from the half-life.
    var alpha: Double { Self.weight(halfLife: halfLife, bucket: bucket) }

    /// EWMA weight per bucket from `max_half_life`: the least a rare signal learns.
    var minAlpha: Double { min(alpha, Self.weight(halfLife: maxHalfLife, bucket: bucket)) }

    static func weight(halfLife: Int64, bucket: Int64) -> Double {
        let halfLifeBuckets = Double(halfLife) / Double(bucket)
        return halfLifeBuckets <= 0 ? 1 : 1 - pow(2, -1 / halfLifeBuckets)
    }
}

extension EscalationPolicy {
    /// Reads the `escalation:` mapping of a policy file. `path` names the file in diagnostics.
    public static func parse(_ node: Node, path: String) -> (EscalationPolicy, [RuleDiagnostic]) {
        var parser = YAMLFieldReader(path: path)
        var policy = EscalationPolicy()
        policy.source = path
        parser.read(node, into: &policy)
        return (policy, parser.problems)
    }
}

/// The keys of the `escalation:` section, read with the shared YAML field reader.
extension YAMLFieldReader {
    mutating func read(_ node: Node, into p: inout EscalationPolicy) {
        if let scalar = node.scalar, ["", "~", "null"].contains(scalar.string) { return }   // `escalation:` left empty
        let top = ["bucket", "lateness", "arrival_step", "signals", "per_author", "examples", "baseline", "spike",
                   "shift", "confirm", "exit", "dwell", "rapid_response", "unacknowledged_dwell", "reminder_interval",
                   "follow_up", "recovery", "severity", "evict_after"]
        var bucketNode: Node?, confirmNode: Node?, rapidWindowNode: Node?, reminderNode: Node?
        entries(node, "escalation", top) { parser, key, value in
            switch key {
            case "bucket":
                if let v = parser.duration(value, key, positive: true) {
                    if v % 1000 != 0 { parser.fail("`bucket` must be a whole number of seconds", value) } else { p.bucket = v; bucketNode = value }
                }
            case "lateness": if let v = parser.duration(value, key) { p.lateness = v }
            case "arrival_step": if let v = parser.duration(value, key, positive: true) { p.arrivalStep = v }
            case "signals": parser.signals(value, into: &p)
            case "per_author": if let v = parser.integer(value, key, 1...255) { p.perAuthor = v }
            case "examples": if let v = parser.integer(value, key, 0...100) { p.examples = v }
            case "baseline": parser.readBaseline(value, into: &p)
            case "spike": parser.readSpike(value, into: &p)
            case "shift": parser.readShift(value, into: &p)
            case "confirm":
                confirmNode = value
                parser.entries(value, "confirm", ["need", "of"]) { parser, key, value in
                    if let v = parser.integer(value, key, 1...32) { if key == "need" { p.confirmNeed = v } else { p.confirmOf = v } }
                }
            case "exit":
                parser.entries(value, "exit", ["window", "p"]) { parser, key, value in
                    if key == "window" { if let v = parser.duration(value, key, positive: true) { p.exitWindow = v } }
                    else if let v = parser.probability(value, key) { p.exitP = v }
                }
            case "dwell": parser.readDwell(value, into: &p)
            case "rapid_response": parser.readRapidResponse(value, into: &p, windowNode: &rapidWindowNode)
            case "unacknowledged_dwell": if let v = parser.duration(value, key) { p.unacknowledgedDwell = v }
            case "reminder_interval": if let v = parser.duration(value, key) { p.reminderInterval = v; reminderNode = value }
            case "follow_up": if let v = parser.duration(value, key) { p.followUp = v }
            case "recovery": if let v = parser.duration(value, key) { p.recovery = v }
            case "severity": parser.readSeverity(value, into: &p)
            default: if let v = parser.duration(value, key, positive: true) { p.evictAfter = v }
            }
        }
        checkConsistency(p, node, confirmNode: confirmNode, bucketNode: bucketNode, rapidWindowNode: rapidWindowNode, reminderNode: reminderNode)
    }

    /// `baseline`: the expected rate and how it adapts.
    mutating func readBaseline(_ value: Node, into p: inout EscalationPolicy) {
        entries(value, "baseline", ["half_life", "max_half_life", "min_records", "season", "warmup", "guard", "min_rate", "max_dispersion"]) { parser, key, value in
            switch key {
            case "season": if let v = parser.duration(value, key) { p.season = v }
            case "half_life": if let v = parser.duration(value, key, positive: true) { p.halfLife = v }
            case "max_half_life": if let v = parser.duration(value, key, positive: true) { p.maxHalfLife = v }
            case "min_records": if let v = parser.number(value, key, 0...1e9) { p.minRecords = v }
            case "warmup": if let v = parser.duration(value, key) { p.warmup = v }
            case "guard": if let v = parser.duration(value, key) { p.guard_ = v }
            case "min_rate": if let v = parser.number(value, key, 0.001...1e9) { p.minRate = v }
            default: if let v = parser.number(value, key, 1...1000) { p.maxDispersion = v }
            }
        }
    }

    /// `spike`: the Poisson tail test on one bucket.
    mutating func readSpike(_ value: Node, into p: inout EscalationPolicy) {
        entries(value, "spike", ["min_count", "warn_p", "enter_p"]) { parser, key, value in
            switch key {
            case "min_count": if let v = parser.integer(value, key, 1...1_000_000_000) { p.spikeMinCount = v }
            case "warn_p": if let v = parser.probability(value, key) { p.spikeWarnP = v }
            default: if let v = parser.probability(value, key) { p.spikeEnterP = v }
            }
        }
        if p.spikeEnterP > p.spikeWarnP { fail("`enter_p` must not be above `warn_p`: an alarm is rarer than a warning", value) }
    }

    /// `shift`: the test on a change of the rate over several buckets.
    mutating func readShift(_ value: Node, into p: inout EscalationPolicy) {
        entries(value, "shift", ["ratio", "warn", "enter", "min_count"]) { parser, key, value in
            switch key {
            case "ratio":
                if let v = parser.number(value, key, 1...1000) {
                    if v <= 1 { parser.fail("`ratio` must be above 1", value) } else { p.shiftRatio = v }
                }
            case "warn": if let v = parser.number(value, key, 0.1...1e9) { p.shiftWarn = v }
            case "enter": if let v = parser.number(value, key, 0.1...1e9) { p.shiftEnter = v }
            default: if let v = parser.integer(value, key, 0...1_000_000_000) { p.shiftMinCount = v }
            }
        }
        if p.shiftWarn > p.shiftEnter { fail("`warn` must not be above `enter`", value) }
    }

    /// `dwell`: how long each state holds before it may step down.
    mutating func readDwell(_ value: Node, into p: inout EscalationPolicy) {
        entries(value, "dwell", ["before_rapid_response", "rapid_response", "early_warning", "monitoring"]) { parser, key, value in
            guard let v = parser.duration(value, key) else { return }
            switch key {
            case "before_rapid_response": p.dwellBeforeRapidResponse = v
            case "rapid_response": p.dwellRapidResponse = v
            case "early_warning": p.dwellEarlyWarning = v
            default: p.dwellMonitoring = v
            }
        }
    }

    /// `rapid_response`: what entering the rapid-response state needs.
    mutating func readRapidResponse(_ value: Node, into p: inout EscalationPolicy, windowNode: inout Node?) {
        entries(value, "rapid_response", ["min_ratio", "min_authors", "window", "p", "null_ratio", "above_p"]) { parser, key, value in
            switch key {
            case "p": if let v = parser.probability(value, key) { p.rapidP = v }
            case "above_p": if let v = parser.probability(value, key) { p.rapidAboveP = v }
            case "null_ratio": if let v = parser.number(value, key, 0.01...1e9) { p.rapidNullRatio = v }
            case "min_ratio": if let v = parser.number(value, key, 1...1e9) { p.rapidMinRatio = v }
            case "min_authors": if let v = parser.integer(value, key, 0...1_000) { p.rapidMinAuthors = v }
            default: if let v = parser.duration(value, key, positive: true) { p.rapidWindow = v; windowNode = value }
            }
        }
        if p.rapidNullRatio >= p.rapidMinRatio {
            fail("`rapid_response.null_ratio` must be below `min_ratio`: the rate rapid_response is told apart from", value)
        }
    }

    /// `severity`: the evidence for sev2 and sev1, and how severity decays.
    mutating func readSeverity(_ value: Node, into p: inout EscalationPolicy) {
        entries(value, "severity", ["sev2", "sev1", "decay"]) { parser, key, value in
            if key == "decay" { if let v = parser.duration(value, key, positive: true) { p.severityDecay = v }; return }
            parser.entries(value, "severity.\(key)", ["ratio", "authors"]) { parser, field, value in
                if field == "ratio" {
                    if let v = parser.number(value, field, 1...1e9) { if key == "sev2" { p.sev2Ratio = v } else { p.sev1Ratio = v } }
                } else if let v = parser.integer(value, field, 0...1_000_000_000) {
                    if key == "sev2" { p.sev2Authors = v } else { p.sev1Authors = v }
                }
            }
        }
    }

    /// The checks between keys: each names the node the problem is reported at.
    mutating func checkConsistency(_ p: EscalationPolicy, _ node: Node, confirmNode: Node?, bucketNode: Node?,
                                   rapidWindowNode: Node?, reminderNode: Node?) {
        if p.confirmNeed > p.confirmOf, let confirmNode { fail("`need` must not be above `of`", confirmNode) }
        if p.sev1Ratio < p.sev2Ratio || p.sev1Authors < p.sev2Authors {
            fail("sev1 must not ask for less evidence than sev2", node)
        }
        if let bucketNode {
            let windows: [(String, Int64)] = [("baseline.half_life", p.halfLife), ("baseline.max_half_life", p.maxHalfLife)]
            for (name, value) in windows where value < p.bucket {
                fail("`\(name)` (\(EventTime.describe(duration: value))) is shorter than one bucket", bucketNode)
            }
        }
        if p.rapidWindow > 24 * 3_600_000, let rapidWindowNode {
            fail("`rapid_response.window` must not be longer than a day", rapidWindowNode)
        }
        if p.reminderInterval > 0 && p.reminderInterval < p.bucket, let reminderNode {
            fail("`reminder_interval` (\(EventTime.describe(duration: p.reminderInterval))) is shorter than one bucket; 0 turns reminders off", reminderNode)
        }
        if p.evictAfter < p.lateness + p.bucket {
            fail("`evict_after` must be longer than one bucket plus the lateness", node)
        }
    }

    mutating func signals(_ node: Node, into p: inout EscalationPolicy) {
        guard let items = node.sequence else { fail("`signals` must be a list of category names", node); return }
        for item in items {
            guard let name = item.string, !name.isEmpty,
                  name.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 }) else {
                fail("a signal must be a category name of a-z, 0-9, `-` and `_`", item); continue
            }
            if EscalationPolicy.derivedSignals.contains(name) {
                fail("`\(name)` is a derived signal, always watched; it cannot name a category here", item); continue
            }
            if p.extraSignals.contains(name) || EscalationPolicy.defaultSignals.contains(name) { continue }
            if p.extraSignals.count + EscalationPolicy.defaultSignals.count + EscalationPolicy.derivedSignals.count >= 64 {
                fail("at most 64 signals are supported", item); return
            }
            p.extraSignals.append(name)
        }
    }
}
