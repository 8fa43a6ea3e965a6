// The console's JSON endpoints on a live server with a database: the review queue fed
// by /v1/check and /v1/screen, decisions (200, 404, 409, the second review of brand
// posts), the audit log with after=N, the guard on decisions, and what survives a
// restart: decisions, transitions, bucket series, example posts, the escalation state.
import Foundation
import Testing
@testable import vigil
import VigilStore

@Suite(.serialized)
struct ServeConsoleTests {
    static let comment = #"{"id":"c1","kind":"comment","topic":"Acme","text":"call me on 13812345678 for a refund"}"#
    static let post = #"{"id":"p1","topic":"Acme","text":"call me on 13812345678 for a refund"}"#

    /// The review items, once the background writer has stored `count` of them.
    func items(_ port: Int, _ query: String = "", count: Int) async throws -> [[String: Any]] {
        for _ in 0..<200 {
            let reply = try await http(port, "GET", "/v1/review\(query)")
            #expect(reply.status == 200)
            let items = reply.json["items"] as? [[String: Any]] ?? []
            if items.count >= count { return items }
            try await Task.sleep(for: .milliseconds(20))
        }
        return []
    }

    func decide(_ port: Int, _ id: Int, _ action: String, by: String, token: String? = nil) async throws -> HTTPReply {
        var headers = [("Content-Type", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return try await http(port, "POST", "/v1/review/\(id)", headers: headers,
                              body: Array(#"{"action":"\#(action)","by":"\#(by)","note":"checked"}"#.utf8))
    }

    @Test func reviewQueueDecisionsAndAuditSurviveARestart() async throws {
        let database = temporaryFolder().appendingPathComponent("console.sqlite").path
        var server = try await TestServer.start(database: database)
        #expect(try await postJSON(server.port, "/v1/check", Self.post).json["decision"] as? String == "review")
        #expect(try await postJSON(server.port, "/v1/check", Self.comment).json["decision"] as? String == "review")
        let queued = try await items(server.port, count: 2)
        #expect(queued.map { $0["kind"] as? String } == ["comment", "post"])   // newest first
        #expect((queued[0]["record"] as? [String: Any])?["id"] as? String == "c1")
        #expect(((queued[0]["verdict"] as? [String: Any])?["hits"] as? [Any])?.isEmpty == false)
        #expect(queued.map { $0["required_reviews"] as? Int } == [1, 2])
        #expect(try await items(server.port, "?category=pii", count: 2).count == 2)
        #expect(try await http(server.port, "GET", "/v1/review?category=nothing").json["items"] as? [Any] != nil)
        let commentID = try #require(queued[0]["id"] as? Int), postID = try #require(queued[1]["id"] as? Int)

        let applied = try await decide(server.port, commentID, "remove", by: "ana")
        #expect(applied.status == 200)
        #expect(applied.json["status"] as? String == "done")
        #expect(try await decide(server.port, commentID, "approve", by: "bo").status == 409)
        #expect(try await decide(server.port, 999_999, "approve", by: "bo").status == 404)
        #expect(try await http(server.port, "POST", "/v1/review/\(postID)", body: Array(#"{"action":"publish"}"#.utf8)).status == 400)
        // The brand's post: a first review, the same reviewer again (409), a second one.
        #expect(try await decide(server.port, postID, "approve", by: "ana").json["status"] as? String == "open")
        #expect(try await decide(server.port, postID, "approve", by: "ana").status == 409)
        #expect(try await decide(server.port, postID, "approve", by: "bo").json["status"] as? String == "done")

        let audit = try await http(server.port, "GET", "/v1/audit")
        let entries = audit.json["entries"] as? [[String: Any]] ?? []
        #expect(entries.map { $0["action"] as? String } == ["remove", "approve (first review)", "approve (second review)"])
        #expect(entries.allSatisfy { $0["note"] as? String == "checked" })
        let last = try #require(audit.json["last"] as? Int)
        #expect((try await http(server.port, "GET", "/v1/audit?after=\(last)").json["entries"] as? [Any])?.isEmpty == true)
        #expect(try await http(server.port, "GET", "/v1/audit?after=x").status == 400)
        try await server.stop()

        server = try await TestServer.start(database: database)
        #expect(try await items(server.port, count: 0).isEmpty)
        let done = try await items(server.port, "?status=done", count: 2)
        #expect(done.map { ($0["reviews"] as? [Any])?.count } == [1, 2])
        #expect((try await http(server.port, "GET", "/v1/audit?after=0").json["entries"] as? [Any])?.count == 3)
        try await server.stop()
    }

    @Test func decisionsNeedTheTokenAndTheConsoleNeedsADatabase() async throws {
        let guarded = try await TestServer.start(token: "s3cret", database: ":memory:")
        #expect(try await postJSON(guarded.port, "/v1/check", Self.comment).status == 200)
        let id = try #require(try await items(guarded.port, count: 1).first?["id"] as? Int)
        #expect(try await decide(guarded.port, id, "approve", by: "ana").status == 401)
        #expect(try await decide(guarded.port, id, "approve", by: "ana", token: "s3cret").status == 200)
        try await guarded.stop()
        let bare = try await TestServer.start()
        #expect(try await http(bare.port, "GET", "/v1/review").status == 503)
        try await bare.stop()
    }

    @Test func escalationIsStoredWithEvidencePostsAndStateAcrossARestart() async throws {
        let database = temporaryFolder().appendingPathComponent("console.sqlite").path
        var server = try await TestServer.start(database: database)
        let body = Array((incidentStream().joined(separator: "\n") + "\n").utf8)
        #expect(try await http(server.port, "POST", "/v1/screen", headers: [("Content-Type", "application/x-ndjson")], body: body).status == 200)
        let command = #"{"type":"command","command":"ack","topic":"Acme","ts":1717213000,"by":"ops","note":"on it"}"#
        #expect(try await postJSON(server.port, "/v1/commands", command).status == 200)
        try await server.stop()

        let store = try SQLiteStore(path: database)
        let acme = try #require(try store.topic("Acme"))
        #expect(acme.state == "assessment")
        #expect(acme.incident == "Acme#1")
        let transitions = try store.transitions(topic: "Acme", from: 0, to: Int64.max)
        #expect(transitions.map(\.to) == ["early_warning", "rapid_response", "assessment"])
        let evidence = try #require(transitions[1].evidence)
        #expect(evidence.authors > 1)
        let examples = try store.posts(topic: "Acme", ids: evidence.examples)
        #expect(!examples.isEmpty)
        #expect(examples.allSatisfy { $0.record.contains("refund") && $0.verdict.contains("\"hits\"") })
        let series = try store.buckets(topic: "Acme", from: 0, to: Int64.max)
        #expect(series.contains { $0.signal == "complaint" && $0.count >= 20 })
        #expect(series.contains { $0.signal == "volume" })
        let audit = try store.auditEntries(after: 0, limit: 10)
        #expect(audit.contains { $0.kind == .command && $0.action == "ack" && $0.note == "on it" && $0.actor == "ops" })
        #expect(try store.ruleSets(limit: 1).first?.ruleCount ?? 0 > 0)
        #expect(try store.escalationState() != nil)

        // The state comes back from the database (no --state).
        server = try await TestServer.start(database: database)
        let topics = try await http(server.port, "GET", "/v1/escalations").json["topics"] as? [[String: Any]] ?? []
        #expect(topics.first { $0["topic"] as? String == "Acme" }?["state"] as? String == "assessment")
        try await server.stop()
    }
}
