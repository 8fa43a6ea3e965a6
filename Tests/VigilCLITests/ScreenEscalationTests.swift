// Escalation through `vigil screen`: transition records after the verdict that caused
// them, `--events`, operator commands, and an exact resume from `--state`.
import Foundation
import Testing

/// Two days of generated brand traffic with known incidents (corpus/timeline.py), or
/// nil when python3 is not installed.
let timeline: Data? = {
    let output = Vigil.temporaryFolder().appendingPathComponent("timeline.jsonl")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", Vigil.packageRoot.appendingPathComponent("corpus/timeline.py").path, "--days", "2", "-o", output.path]
    guard (try? process.run()) != nil else { return nil }
    process.waitUntilExit()
    return process.terminationStatus == 0 ? try? Data(contentsOf: output) : nil
}()

@Suite(.enabled(if: timeline != nil, "python3 is needed to generate the timeline (corpus/timeline.py)"))
struct ScreenEscalationTests {
    let sample = timeline ?? Data()

    func lines(_ data: Data) -> [Data] {
        data.split(separator: 0x0A).map { Data($0) }
    }

    @Test func sampleIncidentEscalatesAndRecordsFollowTheirVerdict() throws {
        let result = Vigil.run(["screen"], stdin: sample)
        #expect(result.status == 0)
        let records = result.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let escalations = records.filter { $0["type"] as? String == "escalation" }
        // The timeline's two incidents (AuroraAir complaints ×10 from 14:00, a LumaBank
        // abuse raid from 20:30 on the second day) reach rapid response.
        for topic in ["AuroraAir", "LumaBank"] {
            #expect(escalations.contains { $0["to"] as? String == "rapid_response" && $0["topic"] as? String == topic })
        }
        // One verdict or error per input line, in order, escalations in between.
        let main = records.filter { !["escalation", "escalation_reminder"].contains($0["type"] as? String) }
        #expect(main.map { $0["line"] as? Int ?? 0 } == Array(1...lines(sample).count))
        // Every escalation's example ids were already printed before it.
        var seen = Set<Int>()
        for record in records {
            if let id = record["id"] as? Int { seen.insert(id) }
            for example in ((record["evidence"] as? [String: Any])?["examples"] as? [Int]) ?? [] { #expect(seen.contains(example)) }
        }
    }

    /// `timeline.py --seed seed --days 4` with its incidents, and a heartbeat an hour
    /// past the end so the last buckets close.
    static func generatedTimeline(seed: Int) throws -> (Data, [[String: Any]]) {
        let folder = Vigil.temporaryFolder()
        let output = folder.appendingPathComponent("timeline-\(seed).jsonl"), truth = folder.appendingPathComponent("truth-\(seed).json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Vigil.packageRoot.appendingPathComponent("corpus/timeline.py").path, "--days", "4",
                             "--seed", "\(seed)", "-o", output.path, "--truth", truth.path]
        try process.run()
        process.waitUntilExit()
        let heartbeat = #"{"type":"command","command":"heartbeat","topic":"-","ts":"2024-06-05T01:00:00Z"}"# + "\n"
        let incidents = try JSONSerialization.jsonObject(with: Data(contentsOf: truth)) as! [[String: Any]]
        return (try Data(contentsOf: output) + Data(heartbeat.utf8), incidents)
    }

    /// With the built-in packs and policy: every known incident of ×5 or more reaches
    /// rapid_response within two hours of its start, the ×3 shift at least
    /// early_warning (rapid_response asks for 3× over an hour: a ×3 shift reaches it
    /// only when its noise runs high), and nothing else reaches rapid_response. Seeds 7 and 25 once
    /// raised false alarms (a baseline fooled by a quiet night; a topic whose daily
    /// profile never became ready because incidents kept freezing one hour of it).
    @Test(arguments: [7, 25, 3])
    func builtInPacksRaiseTheIncidentsAndNothingElse(seed: Int) throws {
        let (input, incidents) = try Self.generatedTimeline(seed: seed)
        let events = Vigil.temporaryFolder().appendingPathComponent("events-\(seed).jsonl")
        let result = Vigil.run(["screen", "--events", events.path], stdin: input)
        #expect(result.status == 0)
        let transitions = try String(contentsOf: events, encoding: .utf8).split(separator: "\n")
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let iso = ISO8601DateFormatter()
        func window(_ incident: [String: Any]) -> ClosedRange<Date> {
            iso.date(from: incident["start"] as! String)!...iso.date(from: incident["end"] as! String)!.addingTimeInterval(7200)
        }
        let raised = transitions.filter { $0["to"] as? String == "rapid_response" && $0["cause"] as? String == "evidence" && $0["from"] as? String != "rapid_response" }
        let opened = transitions.filter { $0["to"] as? String == "early_warning" && $0["from"] as? String == "monitoring" }
        for record in raised {
            let at = iso.date(from: record["at"] as! String)!
            let explained = incidents.contains { $0["topic"] as? String == record["topic"] as? String && window($0).contains(at) }
            #expect(explained, "seed \(seed): rapid_response outside every incident: \(record)")
        }
        for incident in incidents {
            let start = iso.date(from: incident["start"] as! String)!
            let strong = (incident["factor"] as? Double ?? 0) >= 5
            // An incident of the topic may still be held open from before (a ×3 shift's
            // unacknowledged hold of 6 h): then it is found already.
            let before = transitions.last { $0["topic"] as? String == incident["topic"] as? String
                && iso.date(from: $0["at"] as! String)! < start && $0["from"] as? String != $0["to"] as? String }
            let stateAtStart = before?["to"] as? String ?? "monitoring"
            let already = strong ? stateAtStart == "rapid_response" : stateAtStart != "monitoring"
            let found = already || (strong ? raised : opened).contains {
                guard $0["topic"] as? String == incident["topic"] as? String, let at = iso.date(from: $0["at"] as! String) else { return false }
                return at >= start && at <= start.addingTimeInterval(7200)
            }
            #expect(found, "seed \(seed): \(incident["what"] ?? "") not in \(strong ? "rapid_response" : "early_warning") within 2 h")
        }
    }

    /// The storm and the bad evening of `timeline.py --scenarios all`, seed 1, through the
    /// real binary: the storm is held as one incident through its thin hours (with
    /// reminders while rapid_response waits for an ack), the evening never calls the
    /// crisis team, and a screen stopped mid-storm and resumed from `--state` writes the
    /// events of the uninterrupted one.
    @Test func aThinStormHoldsAndABadEveningStaysAWarning() async throws {
        let folder = Vigil.temporaryFolder()
        let output = folder.appendingPathComponent("storm.jsonl"), truth = folder.appendingPathComponent("storm-truth.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Vigil.packageRoot.appendingPathComponent("corpus/timeline.py").path, "--days", "6",
                             "--seed", "1", "--scenarios", "all", "-o", output.path, "--truth", truth.path]
        try process.run()
        process.waitUntilExit()
        let heartbeat = #"{"type":"command","command":"heartbeat","topic":"-","ts":"2024-06-07T01:00:00Z"}"# + "\n"
        let input = try Data(contentsOf: output) + Data(heartbeat.utf8)
        let incidents = try JSONSerialization.jsonObject(with: Data(contentsOf: truth)) as! [[String: Any]]
        let events = folder.appendingPathComponent("storm-events.jsonl")
        let screened = await Vigil.runAsync(["screen", "--events", events.path], stdin: input)
        #expect(screened.status == 0)
        let whole = try Data(contentsOf: events)
        let records = whole.split(separator: 0x0A).map { try! JSONSerialization.jsonObject(with: Data($0)) as! [String: Any] }
        let iso = ISO8601DateFormatter()
        func span(_ topic: String) -> (Date, Date) {
            let incident = incidents.first { $0["topic"] as? String == topic }!
            return (iso.date(from: incident["start"] as! String)!, iso.date(from: incident["end"] as! String)!)
        }
        // Time out of monitoring over [from, to).
        func held(_ topic: String, _ from: Date, _ to: Date) -> Double {
            var state = "monitoring", since = from, inside = 0.0
            for r in records where r["type"] as? String == "escalation" && r["topic"] as? String == topic && r["from"] as? String != r["to"] as? String {
                let at = iso.date(from: r["at"] as! String)!
                guard at < to else { break }
                if at > from && state != "monitoring" { inside += at.timeIntervalSince(max(since, from)) }
                state = r["to"] as! String
                since = max(at, from)
            }
            if state != "monitoring" { inside += to.timeIntervalSince(since) }
            return inside / to.timeIntervalSince(from)
        }
        let (stormStart, stormEnd) = span("GaleAir")
        #expect(held("GaleAir", stormStart.addingTimeInterval(3 * 3600), stormEnd) >= 0.95)
        let (eveningStart, eveningEnd) = span("CedarHotel")
        let evening = records.filter {
            guard $0["topic"] as? String == "CedarHotel", let at = ($0["at"] as? String).flatMap(iso.date(from:)) else { return false }
            return at >= eveningStart && at <= eveningEnd.addingTimeInterval(7200)
        }
        #expect(evening.contains { $0["to"] as? String == "early_warning" }, "the evening is worth a warning")
        #expect(!evening.contains { $0["to"] as? String == "rapid_response" }, "\(evening)")
        for reminder in records where reminder["type"] as? String == "escalation_reminder" {
            #expect(reminder["state"] as? String == "rapid_response" && reminder["since"] is String && reminder["incident"] is String)
        }
        // Stopped in the middle of the storm, resumed from the state file.
        let all = input.split(separator: 0x0A)
        let cut = all.firstIndex { $0.range(of: Data("2024-06-04T02:".utf8)) != nil }!
        let state = folder.appendingPathComponent("storm-state.bin")
        let first = folder.appendingPathComponent("storm-events-1.jsonl"), second = folder.appendingPathComponent("storm-events-2.jsonl")
        _ = await Vigil.runAsync(["screen", "--state", state.path, "--events", first.path], stdin: all[..<cut].reduce(Data()) { $0 + $1 + Data([0x0A]) })
        _ = await Vigil.runAsync(["screen", "--state", state.path, "--events", second.path], stdin: all[cut...].reduce(Data()) { $0 + $1 + Data([0x0A]) })
        // The resumed run numbers its lines from 1 (a command record names its line).
        let resumed = try String(contentsOf: first, encoding: .utf8)
            + Self.renumbered(String(contentsOf: second, encoding: .utf8), by: cut)
        #expect(resumed == String(decoding: whole, as: UTF8.self))
    }

    @Test func eventsFileTakesTheTransitions() throws {
        let events = Vigil.temporaryFolder().appendingPathComponent("events.jsonl")
        let result = Vigil.run(["screen", "--events", events.path], stdin: sample)
        #expect(!result.stdout.contains("\"type\":\"escalation\""))
        let written = try String(contentsOf: events, encoding: .utf8)
        #expect(written.contains("\"to\":\"rapid_response\""))
    }

    @Test func resumingFromStateGivesTheUninterruptedOutput() throws {
        let all = lines(sample)
        let full = Vigil.run(["screen", "--threads", "2"], stdin: sample)
        for cut in [1, 5_000, 11_000, 13_400, all.count - 1] {
            let state = Vigil.temporaryFolder().appendingPathComponent("state.bin")
            let first = all[..<cut].reduce(Data()) { $0 + $1 + Data([0x0A]) }
            let rest = all[cut...].reduce(Data()) { $0 + $1 + Data([0x0A]) }
            let a = Vigil.run(["screen", "--state", state.path], stdin: first)
            let b = Vigil.run(["screen", "--state", state.path, "--threads", "1"], stdin: rest)
            // The resumed run numbers its lines from 1; everything else is the same.
            #expect(a.stdout + Self.renumbered(b.stdout, by: cut) == full.stdout, "cut after line \(cut)")
            #expect(b.stderr.contains("after \(cut) input lines"))
        }
    }

    /// `output` with the first `"line":N` of every record raised by `offset`.
    static func renumbered(_ output: String, by offset: Int) -> String {
        output.split(separator: "\n", omittingEmptySubsequences: false).map { record -> String in
            guard let range = record.range(of: #""line":[0-9]+"#, options: .regularExpression) else { return String(record) }
            let number = Int(record[range].dropFirst(7))! + offset
            return record.replacingCharacters(in: range, with: "\"line\":\(number)")
        }.joined(separator: "\n")
    }

    @Test func commandsGetARecordAndMisfitsAreRejected() {
        let input = Data("""
            {"type":"command","command":"assessed","topic":"Quiet","ts":"2024-06-01T00:00:00Z","by":"ops"}
            {"type":"command","command":"launch","topic":"Quiet"}
            {"id":1,"text":"hello","topic":"Quiet","ts":"2024-06-01T00:01:00Z"}

            """.utf8)
        let result = Vigil.run(["screen"], stdin: input)
        let records = result.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let commands = records.filter { $0["type"] as? String == "command" }
        #expect(commands.count == 2)
        #expect(commands.allSatisfy { $0["accepted"] as? Bool == false })
        #expect(records.filter { $0["type"] as? String == "verdict" }.count == 1)
    }

    @Test func corruptStateIsRefused() throws {
        let state = Vigil.temporaryFolder().appendingPathComponent("state.bin")
        try Data("garbage".utf8).write(to: state)
        let result = Vigil.run(["screen", "--state", state.path], stdin: sample)
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("not a vigil escalation state file"))
    }
}
