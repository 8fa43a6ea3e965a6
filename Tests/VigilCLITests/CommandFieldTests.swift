// Every field of an operator command record (docs/escalation.md) does what the docs
// say, one test per field, on a topic brought to rapid_response by the generated
// timeline's AuroraAir incident.
import Foundation
import Testing

@Suite(.enabled(if: timeline != nil, "python3 is needed to generate the timeline (corpus/timeline.py)"))
struct CommandFieldTests {
    /// The timeline up to the verdict that raised AuroraAir to rapid_response, and that
    /// record's time plus a minute (a time for commands that follow it).
    static let opened: (input: Data, after: String)? = {
        guard let sample = timeline else { return nil }
        let result = Vigil.run(["screen"], stdin: sample)
        var lastLine = 0
        for record in result.stdout.split(separator: "\n") {
            guard let json = (try? JSONSerialization.jsonObject(with: Data(record.utf8))) as? [String: Any] else { continue }
            if let line = json["line"] as? Int, json["type"] as? String != "escalation" { lastLine = line }
            if json["topic"] as? String == "AuroraAir" && json["to"] as? String == "rapid_response" { break }
        }
        let lines = sample.split(separator: 0x0A).prefix(lastLine)
        let last = (try? JSONSerialization.jsonObject(with: Data(lines.last!))) as? [String: Any]
        let iso = ISO8601DateFormatter()
        guard let ts = last?["ts"] as? String, let time = iso.date(from: ts) else { return nil }
        return (lines.reduce(Data()) { $0 + $1 + Data([0x0A]) }, iso.string(from: time.addingTimeInterval(60)))
    }()

    /// Records of one run with transitions inline (no --events).
    func inline(_ commands: [String]) async throws -> [[String: Any]] {
        let (input, _) = try #require(Self.opened)
        let prefixLines = input.split(separator: 0x0A).count
        let result = await Vigil.runAsync(["screen"], stdin: input + Data(commands.joined(separator: "\n").utf8) + Data([0x0A]))
        #expect(result.status == 0)
        let records = result.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        // From the first record of the commands' lines on.
        guard let start = records.firstIndex(where: { $0["type"] as? String != "escalation" && ($0["line"] as? Int ?? 0) > prefixLines }) else { return [] }
        return Array(records[start...])
    }

    var after: String { Self.opened?.after ?? "" }

    func transitions(_ records: [[String: Any]]) -> [[String: Any]] {
        records.filter { $0["type"] as? String == "escalation" && $0["cause"] as? String == "command" }
    }

    @Test func typeMakesACommand() async throws {
        let records = try await inline([
            #"{"command":"ack","topic":"AuroraAir","ts":"\#(after)"}"#,
            #"{"type":"command","command":"ack","topic":"AuroraAir","ts":"\#(after)"}"#,
        ])
        #expect(records.first?["type"] as? String == "error")   // without type: a post without text
        #expect(records.contains { $0["type"] as? String == "command" && $0["accepted"] as? Bool == true })
    }

    @Test func commandNamesTheStep() async throws {
        let records = try await inline([
            #"{"type":"command","command":"launch","topic":"AuroraAir","ts":"\#(after)"}"#,
            #"{"type":"command","command":"ack","topic":"AuroraAir","ts":"\#(after)"}"#,
        ])
        let own = records.filter { $0["type"] as? String == "command" }
        #expect(own.map { $0["accepted"] as? Bool } == [false, true])
        #expect(transitions(records).last?["to"] as? String == "assessment")
    }

    @Test func topicChoosesTheMachine() async throws {
        let records = try await inline([
            #"{"type":"command","command":"ack","topic":"NoSuchTopic","ts":"\#(after)"}"#,
            #"{"type":"command","command":"ack","topic":"AuroraAir","ts":"\#(after)"}"#,
        ])
        let own = records.filter { $0["type"] as? String == "command" }
        #expect(own.map { $0["topic"] as? String } == ["NoSuchTopic", "AuroraAir"])
        #expect(own.map { $0["accepted"] as? Bool } == [false, true])
    }

    @Test func tsIsTheTimeOfTheTransition() async throws {
        let records = try await inline([#"{"type":"command","command":"ack","topic":"AuroraAir","ts":"\#(after)"}"#])
        #expect(transitions(records).first?["at"] as? String == after)
    }

    @Test func byIsEchoed() async throws {
        let records = try await inline([#"{"type":"command","command":"ack","topic":"AuroraAir","ts":"\#(after)","by":"ops-7"}"#])
        #expect(transitions(records).first?["by"] as? String == "ops-7")
    }

    @Test(arguments: ["sev1", "sev2", "sev4"])
    func severitySetsTheAssessedSeverity(severity: String) async throws {
        let records = try await inline([
            #"{"type":"command","command":"ack","topic":"AuroraAir","ts":"\#(after)"}"#,
            #"{"type":"command","command":"assessed","topic":"AuroraAir","ts":"\#(after)","severity":"\#(severity)"}"#,
        ])
        let assessed = transitions(records).first { $0["to"] as? String == "strategy" }
        #expect(assessed?["severity"] as? String == severity)
    }

    @Test func anUnknownSeverityIsRejected() async throws {
        let records = try await inline([
            #"{"type":"command","command":"ack","topic":"AuroraAir","ts":"\#(after)"}"#,
            #"{"type":"command","command":"assessed","topic":"AuroraAir","ts":"\#(after)","severity":"sev9"}"#,
        ])
        let own = records.filter { $0["type"] as? String == "command" }
        #expect(own.map { $0["accepted"] as? Bool } == [true, false])
    }
}
