// Operator commands in every state: accepted where they fit the crisis process,
// rejected (as a record, state unchanged) where they do not; the operator stages,
// severity on `assessed`, and the way back to monitoring through follow_up and recovery.
import Testing
@testable import VigilEngine

@Suite struct EscalationCommandTests {
    typealias F = EscalationFixtures
    static let day = 288

    /// A monitor whose topic "brand" has just reached rapid_response (×10 complaint spike
    /// after a day of 3 a bucket: the hour's window reaches ×3 within half an hour), and
    /// the time of the last record.
    static func inRapidResponse() -> (EscalationMonitor, Int64) {
        let observations = F.complaints(buckets: Self.day + 7, seed: 42) { b in b >= Self.day ? 30 : 3 }
        let monitor = EscalationMonitor(policy: EscalationPolicy())
        let out = F.feed(monitor, observations.enumerated().map { i, o in var o = o; o.line = i + 1; return .observe(o) })
        #expect(out.contains { $0.to == .rapidResponse } && monitor.states().first { $0.topic == "brand" }?.state == .rapidResponse,
                "setup: \(F.json(out))")
        return (monitor, observations.last!.eventTime!)
    }

    static func command(_ name: String, _ time: Int64, topic: String = "brand", severity: String? = nil) -> EscalationCommand {
        EscalationCommand(command: name, topic: topic, eventTime: time, by: "ops", line: 99, severity: severity)
    }

    @Test func theWholeProcess() {
        let (monitor, t0) = Self.inRapidResponse()
        var time = t0
        func run(_ name: String, severity: String? = nil) -> [EscalationTransition] {
            time += 60_000
            return monitor.apply(Self.command(name, time, severity: severity))
        }
        #expect(run("ack").map(\.to) == [.assessment])
        let assessed = run("assessed", severity: "sev2")
        #expect(assessed.map(\.to) == [.strategy])
        #expect(assessed.first?.severity == .sev2)
        #expect(assessed.first?.command == "assessed" && assessed.first?.by == "ops" && assessed.first?.line == 99)
        #expect(run("strategy_approved").map(\.to) == [.execution])
        #expect(run("close").map(\.to) == [.followUp])
        // Quiet for the follow-up and recovery periods: back to monitoring by itself.
        var out: [EscalationTransition] = []
        var rng = SplitMix64(seed: 3)
        for minute in stride(from: 0, to: 40 * 60, by: 1) where rng.below(100) < 60 {
            let t = time + Int64(minute) * F.minute
            out += monitor.observe(EscalationObservation(id: "\(minute)", line: minute, eventTime: t, topic: "brand",
                                                        author: "a\(minute)", signals: ["complaint": 1], decision: .review))
        }
        #expect(out.filter { $0.from != $0.to }.map(\.to) == [.recovery, .monitoring], "\(F.json(out))")
        #expect(out.allSatisfy { $0.incident == "brand#1" })
        #expect(monitor.states().first { $0.topic == "brand" }?.state == .monitoring)
    }

    /// Every command in every state it can be tried in: (state reached by, command, accepted next state or nil).
    @Test func acceptanceTable() {
        let table: [([String], String, EscalationState?)] = [
            ([], "ack", .assessment), ([], "assessed", nil), ([], "strategy_approved", nil), ([], "close", .monitoring),
            (["ack"], "ack", nil), (["ack"], "assessed", .strategy), (["ack"], "strategy_approved", nil), (["ack"], "close", .followUp),
            (["ack", "assessed"], "assessed", nil), (["ack", "assessed"], "strategy_approved", .execution), (["ack", "assessed"], "close", .followUp),
            (["ack", "assessed", "strategy_approved"], "strategy_approved", nil), (["ack", "assessed", "strategy_approved"], "ack", nil),
            (["ack", "assessed", "strategy_approved"], "close", .followUp),
            (["ack", "close"], "close", nil), (["ack", "close"], "ack", nil), (["ack", "close"], "assessed", nil),
        ]
        for (path, name, accepted) in table {
            let (monitor, t0) = Self.inRapidResponse()
            var time = t0
            for step in path { time += 1000; #expect(monitor.apply(Self.command(step, time)).first?.rejected == nil) }
            let before = monitor.states().first { $0.topic == "brand" }!.state
            let out = monitor.apply(Self.command(name, time + 1000))
            #expect(out.count == 1)
            if let accepted {
                #expect(out.first?.rejected == nil && out.first?.to == accepted, "\(path) + \(name): \(F.json(out))")
            } else {
                #expect(out.first?.rejected != nil && out.first?.from == before && out.first?.to == before, "\(path) + \(name): \(F.json(out))")
                #expect(monitor.states().first { $0.topic == "brand" }!.state == before)
            }
        }
    }

    @Test func rapidResponseAndEarlyWarningCommands() {
        let (monitor, t0) = Self.inRapidResponse()
        #expect(monitor.apply(Self.command("assessed", t0)).first?.rejected?.contains("ack") == true)
        #expect(monitor.apply(Self.command("strategy_approved", t0)).first?.rejected != nil)
        let dismissed = monitor.apply(Self.command("close", t0))
        #expect(dismissed.first?.to == .monitoring && dismissed.first?.incident == "brand#1")
        #expect(monitor.apply(Self.command("ack", t0)).first?.rejected == "no open incident to acknowledge")
    }

    @Test func unknownCommandsTopicsAndSeverities() {
        let (monitor, t0) = Self.inRapidResponse()
        let unknown = monitor.apply(Self.command("escalate", t0))
        #expect(unknown.first?.rejected?.contains("unknown command") == true)
        let elsewhere = monitor.apply(Self.command("ack", t0, topic: "never-seen"))
        #expect(elsewhere.first?.rejected != nil && elsewhere.first?.incident == nil && elsewhere.first?.from == .monitoring)
        #expect(monitor.topics["never-seen"] == nil)
        _ = monitor.apply(Self.command("ack", t0))
        let bad = monitor.apply(Self.command("assessed", t0, severity: "critical"))
        #expect(bad.first?.rejected?.contains("sev1") == true)
        #expect(monitor.states().first { $0.topic == "brand" }?.state == .assessment)
    }

    @Test func severityRisesWithEvidenceAndFallsOnAssessed() {
        // A crisis that keeps growing: 3 → 30 → 300 a bucket from many authors.
        let observations = F.complaints(buckets: Self.day + 12, seed: 7) { b in b < Self.day ? 3 : b < Self.day + 4 ? 30 : 300 }
        let monitor = EscalationMonitor(policy: EscalationPolicy())
        let out = F.feed(monitor, observations.enumerated().map { i, o in var o = o; o.line = i + 1; return .observe(o) })
        let severities = out.compactMap(\.severity)
        #expect(severities == severities.sorted(by: <), "severity only rises: \(severities.map(\.name))")
        #expect(severities.last == .sev1)
        let t = observations.last!.eventTime!
        _ = monitor.apply(Self.command("ack", t))
        let assessed = monitor.apply(Self.command("assessed", t, severity: "sev3"))
        #expect(assessed.first?.severity == .sev3)
        // The same level of evidence does not raise it again; only a new peak would.
        let more = F.complaints(buckets: 3, startBucket: Self.day + 12, seed: 8) { _ in 300 }
        let after = F.feed(monitor, more.map { .observe($0) })
        #expect(!after.contains { $0.severity == .sev1 }, "\(F.json(after))")
    }

    @Test func recordsAsJSON() {
        let (monitor, t0) = Self.inRapidResponse()
        let rejected = monitor.apply(EscalationCommand(command: "assessed", topic: "brand", eventTime: t0, by: nil, line: 7))
        let json = F.json(rejected)
        #expect(json.hasPrefix(#"{"type":"escalation","topic":"brand","from":"rapid_response","to":"rapid_response","at":"#))
        #expect(json.contains(#""incident":"brand#1""#) && json.contains(#""cause":"command","command":"assessed","by":null,"line":7,"rejected":"#))
        let (fresh, _) = Self.inRapidResponse()
        _ = fresh
        let observations = F.complaints(buckets: Self.day + 4, seed: 42) { b in b >= Self.day ? 30 : 3 }
        let out = F.run(EscalationPolicy(), observations.map { .observe($0) }, tail: 0)
        let text = F.json(out)
        #expect(text.contains(#""from":"monitoring","to":"early_warning""#))
        #expect(text.contains(#""evidence":{"signal":"#) && text.contains(#""p_value":"#) && text.contains(#""examples":["brand-"#))
    }
}
