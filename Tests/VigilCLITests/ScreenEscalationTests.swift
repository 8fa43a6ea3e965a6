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
        let main = records.filter { $0["type"] as? String != "escalation" }
        #expect(main.map { $0["line"] as? Int ?? 0 } == Array(1...lines(sample).count))
        // Every escalation's example ids were already printed before it.
        var seen = Set<Int>()
        for record in records {
            if let id = record["id"] as? Int { seen.insert(id) }
            for example in ((record["evidence"] as? [String: Any])?["examples"] as? [Int]) ?? [] { #expect(seen.contains(example)) }
        }
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
            #expect(a.stdout + b.stdout == full.stdout, "cut after line \(cut)")
            #expect(b.stderr.contains("after \(cut) input lines"))
        }
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
