// `vigil serve --shadow-rules PATH`: a candidate rule set screened beside the live one on
// every request. Answers still come from the live set; each record on which the two
// decide differently is counted (`vigil_shadow_disagreements_total{from,to}` in
// /metrics) and kept among the latest 1,000 (GET /v1/shadow), so a rule change can be
// watched on real traffic before `POST /v1/reload?promote=shadow` makes it live.
import Foundation
import Synchronization
import VigilEngine

/// One record the two rule sets decided differently.
struct ShadowDisagreement: Sendable {
    var at: Double
    var endpoint: String
    var idJSON: String
    var from: Decision
    var to: Decision
    var liveRules: [String]
    var shadowRules: [String]
    var text: String
}

/// The candidate rule set and what it disagreed on.
final class ShadowRules: Sendable {
    /// How many disagreements GET /v1/shadow keeps.
    static let recentLimit = 1000

    private struct State {
        var engine: Engine?
        var counts: [String: Int] = [:]   // "from,to"
        var recent: [ShadowDisagreement] = []
        var next = 0                      // ring position once `recent` is full
        var compared = 0
    }

    private let state: Mutex<State>
    /// Loads the candidate again (on reload), or nil without --shadow-rules.
    let load: (@Sendable () throws(RuleLoadFailure) -> Engine)?

    init(engine: Engine?, load: (@Sendable () throws(RuleLoadFailure) -> Engine)?) {
        state = Mutex(State(engine: engine))
        self.load = load
    }

    /// The candidate engine, when there is one.
    var engine: Engine? { state.withLock { $0.engine } }

    /// Takes the candidate away (it has been promoted to live).
    func clear() -> Engine? {
        state.withLock { state in
            defer { state.engine = nil }
            return state.engine
        }
    }

    /// Loads the candidate again from its paths; the old one stays on failure.
    func reload() -> [RuleDiagnostic] {
        guard let load else { return [] }
        do throws(RuleLoadFailure) {
            let engine = try load()
            state.withLock { $0.engine = engine }
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Records the comparison of one record.
    func record(_ disagreement: ShadowDisagreement?) {
        state.withLock { state in
            state.compared += 1
            guard let disagreement else { return }
            state.counts["\(disagreement.from.rawValue),\(disagreement.to.rawValue)", default: 0] += 1
            if state.recent.count < ShadowRules.recentLimit {
                state.recent.append(disagreement)
            } else {
                state.recent[state.next] = disagreement
                state.next = (state.next + 1) % ShadowRules.recentLimit
            }
        }
    }

    /// Compares the live verdict of `line` (an input line as the endpoint got it) with the
    /// candidate's; `live` is the live verdict.
    func compare(line: UnsafeBufferPointer<UInt8>, format: InputFormat, defaultKind: DefaultKind, live: Verdict,
                 idJSON: String, endpoint: String, screener: RecordScreener) {
        guard load != nil, let shadow = engine else { return }
        var writer = JSONWriter(capacity: 256)
        _ = screener.screen(line, lineNumber: 1, format: format, engine: shadow, defaultKind: defaultKind, into: &writer)
        guard let candidate = screener.lastVerdict else { return }
        guard candidate.decision != live.decision else { record(nil); return }
        var text = String(decoding: line, as: UTF8.self)
        var parser = JSONLineParser()
        if format == .jsonl, case .success = parser.parse(line) { text = String(decoding: parser.text, as: UTF8.self) }
        record(ShadowDisagreement(at: Date().timeIntervalSince1970, endpoint: endpoint, idJSON: idJSON,
                                  from: live.decision, to: candidate.decision,
                                  liveRules: Array(Set(live.hits.map(\.rule))).sorted(),
                                  shadowRules: Array(Set(candidate.hits.map(\.rule))).sorted(), text: text))
    }

    /// The Prometheus lines of the shadow set.
    func metrics() -> String {
        state.withLock { state in
            guard state.engine != nil || state.compared > 0 else { return "" }
            var out = "# HELP vigil_shadow_compared_total Records screened with both the live and the shadow rules.\n"
            out += "# TYPE vigil_shadow_compared_total counter\nvigil_shadow_compared_total \(state.compared)\n"
            out += "# HELP vigil_shadow_disagreements_total Records the shadow rules decided differently, by live (from) and shadow (to) decision.\n"
            out += "# TYPE vigil_shadow_disagreements_total counter\n"
            for (key, count) in state.counts.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: ",")
                out += "vigil_shadow_disagreements_total{from=\"\(parts[0])\",to=\"\(parts[1])\"} \(count)\n"
            }
            return out
        }
    }

    /// GET /v1/shadow: the latest disagreements, newest first, with the counts.
    func json() -> [UInt8] {
        state.withLock { state in
            var writer = JSONWriter(capacity: 4096)
            writer.beginObject()
            writer.key("shadow"); writer.bool(state.engine != nil)
            writer.key("compared"); writer.int(state.compared)
            writer.key("disagreements")
            writer.beginObject()
            for (key, count) in state.counts.sorted(by: { $0.key < $1.key }) {
                writer.key(key.replacingOccurrences(of: ",", with: "→")); writer.int(count)
            }
            writer.endObject()
            let ordered = state.recent.count < ShadowRules.recentLimit ? state.recent : Array(state.recent[state.next...] + state.recent[..<state.next])
            writer.key("recent")
            writer.beginArray()
            for item in ordered.reversed() {
                writer.beginObject()
                writer.key("at"); writer.double(item.at)
                writer.key("endpoint"); writer.string(item.endpoint)
                writer.key("id"); writer.raw(item.idJSON)
                writer.key("from"); writer.string(item.from.rawValue)
                writer.key("to"); writer.string(item.to.rawValue)
                writer.key("live_rules"); writer.beginArray(); for rule in item.liveRules { writer.string(rule) }; writer.endArray()
                writer.key("shadow_rules"); writer.beginArray(); for rule in item.shadowRules { writer.string(rule) }; writer.endArray()
                writer.key("text"); writer.string(item.text)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
            writer.bytes.append(0x0A)
            return writer.bytes
        }
    }
}
