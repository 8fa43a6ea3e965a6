// Escalation through `vigil serve`: checks and screen bodies feed the per-topic machines,
// GET /v1/escalations shows their state and transitions, POST /v1/commands drives them,
// and `--state` carries them across a restart.
import Foundation
import Testing
@testable import vigil

/// A topic with three quiet hours of complaints (one every 20 minutes), then half an hour
/// of 40 complaints a bucket from distinct authors, then one last record that closes the
/// burst's buckets: enough for early_warning and rapid_response under any sane policy.
func incidentStream(topic: String = "Acme") -> [String] {
    var lines: [String] = []
    let start = 1_717_200_000   // 2024-06-01T00:00:00Z
    var id = 0
    func record(_ seconds: Int, _ text: String, _ author: String) {
        id += 1
        lines.append(#"{"id":\#(id),"ts":\#(start + seconds),"topic":"\#(topic)","author":"\#(author)","text":"\#(text)"}"#)
    }
    for minute in stride(from: 0, to: 180, by: 20) { record(minute * 60, "I want a refund now", "calm\(minute)") }
    for second in stride(from: 0, to: 1800, by: 7) { record(180 * 60 + second, "I want a refund now, worst service ever", "angry\(second)") }
    record(215 * 60, "hello", "late")
    return lines
}

@Suite(.serialized)
struct ServeEscalationTests {
    @Test func checksFeedTheMachinesAndCommandsDriveThem() async throws {
        let server = try await TestServer.start()
        for line in incidentStream() {
            #expect(try await postJSON(server.port, "/v1/check", line).status == 200)
        }
        let status = try await http(server.port, "GET", "/v1/escalations")
        #expect(status.status == 200)
        let topics = status.json["topics"] as? [[String: Any]] ?? []
        let acme = topics.first { $0["topic"] as? String == "Acme" }
        #expect(acme?["state"] as? String == "rapid_response")
        #expect(acme?["incident"] as? String == "Acme#1")
        #expect(status.json["records"] as? Int == incidentStream().count)
        let transitions = status.json["transitions"] as? [[String: Any]] ?? []
        #expect(transitions.map { $0["to"] as? String } == ["early_warning", "rapid_response"])
        #expect(transitions.allSatisfy { $0["type"] as? String == "escalation" })
        let last = status.json["last"] as? Int ?? 0
        let none = try await http(server.port, "GET", "/v1/escalations?after=\(last)").json["transitions"] as? [Any]
        #expect(none != nil && none!.isEmpty)
        #expect(try await http(server.port, "GET", "/v1/escalations?after=x").status == 400)

        // An accepted command: 200, its record and the transition.
        let ack = try await postJSON(server.port, "/v1/commands", #"{"type":"command","command":"ack","topic":"Acme","ts":1717213000,"by":"ops"}"#)
        #expect(ack.status == 200)
        #expect((ack.json["command"] as? [String: Any])?["accepted"] as? Bool == true)
        #expect((ack.json["transitions"] as? [[String: Any]])?.first?["to"] as? String == "assessment")
        // A command that does not fit the state: 409 with the reason, nothing changes. (It
        // carries the stream's time: without `ts` it would be stamped with today's clock.)
        let misfit = try await postJSON(server.port, "/v1/commands", #"{"type":"command","command":"strategy_approved","topic":"Acme","ts":1717213100,"by":"ops"}"#)
        #expect(misfit.status == 409)
        #expect((misfit.json["error"] as? String)?.hasPrefix("command rejected") == true)
        #expect((misfit.json["command"] as? [String: Any])?["accepted"] as? Bool == false)
        // Bad commands are refused before they reach a machine.
        for (body, status) in [
            (#"{"type":"command","command":"launch","topic":"Acme"}"#, 400),
            (#"{"type":"command","topic":"Acme"}"#, 400),
            (#"{"command":"ack","topic":"Acme"}"#, 400),
            (#"{"text":"a post"}"#, 400),
            ("{oops", 400),
        ] {
            let reply = try await postJSON(server.port, "/v1/commands", body)
            #expect(reply.status == status, "\(body)")
            #expect(reply.json["error"] is String, "\(body)")
        }
        #expect(try await http(server.port, "POST", "/v1/commands", headers: [("Content-Type", "text/plain")], body: [1]).status == 415)
        let after = try await http(server.port, "GET", "/v1/escalations")
        #expect((after.json["topics"] as? [[String: Any]])?.first { $0["topic"] as? String == "Acme" }?["state"] as? String == "assessment")
        try await server.stop()
    }

    @Test func screenWritesTransitionsAfterTheirVerdict() async throws {
        let server = try await TestServer.start()
        let body = incidentStream().joined(separator: "\n") + "\n"
        let reply = try await http(server.port, "POST", "/v1/screen", headers: [("Content-Type", "application/x-ndjson")], body: Array(body.utf8))
        let records = reply.records
        let escalations = records.filter { $0["type"] as? String == "escalation" }
        #expect(escalations.map { $0["to"] as? String } == ["early_warning", "rapid_response"])
        #expect(records.filter { $0["type"] as? String == "verdict" }.count == incidentStream().count)
        var seen = Set<Int>()
        for record in records {
            if let id = record["id"] as? Int { seen.insert(id) }
            for example in ((record["evidence"] as? [String: Any])?["examples"] as? [Int]) ?? [] { #expect(seen.contains(example)) }
        }
        // The same transitions are kept for GET /v1/escalations.
        let kept = try await http(server.port, "GET", "/v1/escalations").json["transitions"] as? [[String: Any]] ?? []
        #expect(kept.map { $0["to"] as? String } == ["early_warning", "rapid_response"])
        try await server.stop()
    }

    @Test func stateSurvivesARestart() async throws {
        let state = temporaryFolder().appendingPathComponent("serve.state").path
        let lines = incidentStream()
        let first = try await TestServer.start(statePath: state)
        for line in lines.prefix(lines.count - 1) { _ = try await postJSON(first.port, "/v1/check", line) }
        let before = try await http(first.port, "GET", "/v1/escalations").json
        try await first.stop()
        #expect(FileManager.default.fileExists(atPath: state))

        let second = try await TestServer.start(statePath: state)
        let restored = try await http(second.port, "GET", "/v1/escalations").json
        #expect(restored["records"] as? Int == lines.count - 1)
        #expect((restored["topics"] as? [[String: Any]])?.map { $0["state"] as? String } == (before["topics"] as? [[String: Any]])?.map { $0["state"] as? String })
        // The last record closes the burst: the restored machines go on exactly where they were.
        _ = try await postJSON(second.port, "/v1/check", lines[lines.count - 1])
        let acme = (try await http(second.port, "GET", "/v1/escalations").json["topics"] as? [[String: Any]])?.first { $0["topic"] as? String == "Acme" }
        #expect(acme?["state"] as? String == "rapid_response")
        #expect(acme?["incident"] as? String == "Acme#1")
        // At the stream's time (without `ts` a command happens at the server's clock, years later).
        #expect(try await postJSON(second.port, "/v1/commands", #"{"type":"command","command":"ack","topic":"Acme","by":"ops","ts":\#(1_717_200_000 + 215 * 60)}"#).status == 200)
        try await second.stop()
    }
}
