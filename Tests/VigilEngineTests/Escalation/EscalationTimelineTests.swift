// End to end on the generated timeline (corpus/timeline.py): posts are scored by an
// engine, their hits become signals, and the escalation machine must find every known
// incident in its own topic and raise nothing anywhere else. Skipped when python3 is
// not installed.
import Foundation
import Testing
@testable import VigilEngine

@Suite struct EscalationTimelineTests {
    static let pack = """
        pack: brand
        rules:
          - id: complaint
            category: complaint
            severity: medium
            keywords: [退款, 投诉, "12315", refund, complaint, worst customer service]
          - id: risk
            category: brand-risk
            severity: medium
            keywords: [召回, recall, 爆炸, lawsuit]
          - id: abuse
            category: abuse
            severity: high
            keywords: [傻逼, 脑残, idiots, moron, 狗东西, 垃圾公司]
        """

    static var python: String? {
        ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the generator; returns (JSONL lines, incidents).
    static func generate(days: Int) throws -> ([String], [[String: Any]]) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized
        let truth = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-timeline-\(getpid()).json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python!)
        process.arguments = [root.appendingPathComponent("corpus/timeline.py").path, "--days", "\(days)", "--commands", "--truth", truth.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: truth) }
        let incidents = try JSONSerialization.jsonObject(with: Data(contentsOf: truth)) as! [[String: Any]]
        return (String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init), incidents)
    }

    @Test(.enabled(if: python != nil, "python3 is needed to run corpus/timeline.py"))
    func findsEveryKnownIncidentAndNothingElse() throws {
        let (lines, incidents) = try Self.generate(days: 4)
        let engine = try #require(TestRules.engine(Self.pack))
        let monitor = EscalationMonitor(policy: EscalationPolicy())
        var out: [EscalationTransition] = []
        let scratch = ScanScratch()
        for (index, line) in lines.enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let time = (object["ts"] as? String).flatMap { EventTime.parse(rfc3339: $0) }
            let topic = object["topic"] as? String ?? "*"
            if object["type"] as? String == "command" {
                out += monitor.apply(EscalationCommand(command: object["command"] as! String, topic: topic, eventTime: time,
                                                       by: object["by"] as? String, line: index + 1, severity: object["severity"] as? String))
                continue
            }
            let verdict = engine.check(object["text"] as! String, kind: object["kind"] as? String, scratch: scratch)
            var signals: [String: Int] = [:]
            for hit in verdict.hits { signals[hit.signal, default: 0] += 1 }
            out += monitor.observe(EscalationObservation(id: "\(object["id"] as! Int)", line: index + 1, eventTime: time, topic: topic,
                                                        author: object["author"] as? String, signals: signals, decision: verdict.decision))
        }
        // Every incident: an escalation in its topic, raised while it lasted.
        var windows: [(topic: String, start: Int64, end: Int64)] = []
        for incident in incidents {
            let topic = incident["topic"] as! String
            let start = EventTime.parse(rfc3339: incident["start"] as! String)!
            let end = EventTime.parse(rfc3339: incident["end"] as! String)!
            let raised = out.first { $0.topic == topic && $0.from == .monitoring && $0.to == .earlyWarning && $0.at >= start }
            // Or an incident of the topic still held open from before (an unacknowledged hold).
            let held = (out.last { $0.topic == topic && $0.from != $0.to && !$0.isReminder && $0.at < start }?.to ?? .monitoring) != .monitoring
            #expect(held || (raised != nil && raised!.at <= end), "\(incident["what"]!): \(raised.map { EventTime.format($0.at) } ?? "not found")")
            // rapid_response for the strong ones; a ×3 shift sits at `min_ratio` and may not.
            let rapid = out.first { $0.topic == topic && $0.to == .rapidResponse && $0.at >= start }
            let heldRapid = (out.last { $0.topic == topic && $0.from != $0.to && !$0.isReminder && $0.at < start }?.to) == .rapidResponse
            if (incident["factor"] as? Double ?? 0) >= 5 {
                #expect(heldRapid || (rapid != nil && rapid!.at <= end), "\(incident["what"]!): no rapid_response while it lasted")
            }
            if ProcessInfo.processInfo.environment["VIGIL_ESCALATION_REPORT"] != nil {
                print("\(incident["what"]!): early_warning after \(((raised?.at ?? end) - start) / 60_000) min, rapid_response after \(((rapid?.at ?? end) - start) / 60_000) min")
            }
            windows.append((topic, start, end))
        }
        // Nothing raised outside the incidents.
        for t in out where t.from == .monitoring && t.to == .earlyWarning {
            #expect(windows.contains { $0.topic == t.topic && t.at >= $0.start && t.at <= $0.end }, "false alarm: \(EscalationFixtures.json([t]))")
        }
        // The operator commands for the first incident were all accepted.
        #expect(out.filter { $0.cause == .command }.allSatisfy { $0.rejected == nil }, "\(EscalationFixtures.json(out.filter { $0.cause == .command }))")
    }
}
