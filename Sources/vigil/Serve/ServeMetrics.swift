// What GET /metrics reports (Prometheus text format 0.0.4): requests by endpoint and
// status, request latencies as histograms, decisions and hits per category, input
// errors, reloads, the rule-set version and the escalation states. Counting takes one
// short lock per request.
import Foundation
import Synchronization
import VigilEngine

/// Counters and histograms of one server.
final class ServeMetrics: Sendable {
    /// Upper bounds (seconds) of the latency histogram buckets.
    static let latencyBounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Histogram {
        /// Per bucket (not cumulative); the last one is +Inf.
        var counts = [Int](repeating: 0, count: ServeMetrics.latencyBounds.count + 1)
        var sum = 0.0
        var count = 0

        mutating func observe(_ seconds: Double) {
            var index = 0
            while index < ServeMetrics.latencyBounds.count && seconds > ServeMetrics.latencyBounds[index] { index += 1 }
            counts[index] += 1
            sum += seconds
            count += 1
        }
    }

    private struct State {
        var requests: [String: [Int: Int]] = [:]
        var latency: [String: Histogram] = [:]
        var decisions: [Decision: Int] = [:]
        var hits: [String: Int] = [:]
        var inputErrors = 0
        var reloads = 0
        var failedReloads = 0
    }

    private let state = Mutex(State())
    let started = Date()

    init() {}

    /// One request answered: its endpoint label, status code and time in the handler.
    func request(endpoint: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[endpoint, default: [:]][status, default: 0] += 1
            state.latency[endpoint, default: Histogram()].observe(seconds)
        }
    }

    /// Screened records: verdicts (their decisions and hits) and unusable lines.
    func screened(verdicts: [Verdict], errors: Int) {
        guard !verdicts.isEmpty || errors > 0 else { return }
        state.withLock { state in
            for verdict in verdicts {
                state.decisions[verdict.decision, default: 0] += 1
                for hit in verdict.hits { state.hits[hit.category, default: 0] += 1 }
            }
            state.decisions[.review, default: 0] += errors
            state.inputErrors += errors
        }
    }

    /// One verdict (the /v1/check path, without an array).
    func screened(_ verdict: Verdict) {
        state.withLock { state in
            state.decisions[verdict.decision, default: 0] += 1
            for hit in verdict.hits { state.hits[hit.category, default: 0] += 1 }
        }
    }

    /// A reload attempt.
    func reload(succeeded: Bool) {
        state.withLock { state in if succeeded { state.reloads += 1 } else { state.failedReloads += 1 } }
    }

    /// The exposition text.
    func render(rules: LoadedRules, escalation: ServeEscalation) -> String {
        let snapshot = state.withLock { $0 }
        let summary = escalation.stateSummary()
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        family("vigil_http_requests_total", "counter", "HTTP requests answered, by endpoint and status code.")
        for endpoint in snapshot.requests.keys.sorted() {
            for (status, count) in snapshot.requests[endpoint]!.sorted(by: { $0.key < $1.key }) {
                out += "vigil_http_requests_total{endpoint=\"\(Self.escape(endpoint))\",status=\"\(status)\"} \(count)\n"
            }
        }
        family("vigil_http_request_duration_seconds", "histogram", "Time in the handler until the response is ready (for /v1/screen, until its last record is written).")
        for endpoint in snapshot.latency.keys.sorted() {
            let histogram = snapshot.latency[endpoint]!
            let label = "endpoint=\"\(Self.escape(endpoint))\""
            var cumulative = 0
            for (index, bound) in Self.latencyBounds.enumerated() {
                cumulative += histogram.counts[index]
                out += "vigil_http_request_duration_seconds_bucket{\(label),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "vigil_http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(histogram.count)\n"
            out += "vigil_http_request_duration_seconds_sum{\(label)} \(histogram.sum)\n"
            out += "vigil_http_request_duration_seconds_count{\(label)} \(histogram.count)\n"
        }
        family("vigil_decisions_total", "counter", "Records screened by /v1/check and /v1/screen, by decision (unusable records count as review).")
        for decision in Decision.allCases {
            out += "vigil_decisions_total{decision=\"\(decision.rawValue)\"} \(snapshot.decisions[decision] ?? 0)\n"
        }
        family("vigil_hits_total", "counter", "Rule hits in verdicts, by category.")
        for (category, count) in snapshot.hits.sorted(by: { $0.key < $1.key }) {
            out += "vigil_hits_total{category=\"\(Self.escape(category))\"} \(count)\n"
        }
        family("vigil_input_errors_total", "counter", "Records that could not be screened (malformed JSON, no text, over the size limit).")
        out += "vigil_input_errors_total \(snapshot.inputErrors)\n"
        family("vigil_rules_version", "gauge", "Version of the rule set in use: 1 at start, +1 per successful reload.")
        out += "vigil_rules_version \(rules.version)\n"
        family("vigil_rules_loaded", "gauge", "Rules in the rule set in use.")
        out += "vigil_rules_loaded \(rules.engine.rules.rules.count)\n"
        family("vigil_rules_loaded_timestamp_seconds", "gauge", "When the rule set in use was loaded.")
        out += "vigil_rules_loaded_timestamp_seconds \(rules.loadedAt)\n"
        family("vigil_rule_reloads_total", "counter", "Reloads (SIGHUP or POST /v1/reload), by result.")
        out += "vigil_rule_reloads_total{result=\"ok\"} \(snapshot.reloads)\n"
        out += "vigil_rule_reloads_total{result=\"failed\"} \(snapshot.failedReloads)\n"
        family("vigil_escalation_topics", "gauge", "Topics held by the escalation machines, by state.")
        for escalationState in EscalationState.allCases {
            out += "vigil_escalation_topics{state=\"\(escalationState.rawValue)\"} \(summary.perState[escalationState] ?? 0)\n"
        }
        family("vigil_escalation_topic_state", "gauge", "1 for each topic out of monitoring, labelled with its state, incident and severity.")
        for topic in summary.active {
            out += "vigil_escalation_topic_state{topic=\"\(Self.escape(topic.topic))\",state=\"\(topic.state.rawValue)\",incident=\"\(Self.escape(topic.incident ?? ""))\",severity=\"\(topic.severity?.name ?? "")\"} 1\n"
        }
        family("vigil_escalation_transitions_total", "counter", "Escalation records produced since start (rejected commands included).")
        out += "vigil_escalation_transitions_total \(summary.transitions)\n"
        family("vigil_uptime_seconds", "gauge", "Seconds since the server started.")
        out += "vigil_uptime_seconds \(Date().timeIntervalSince(started))\n"
        return out
    }

    /// A label value with `\`, `"` and newlines escaped.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
