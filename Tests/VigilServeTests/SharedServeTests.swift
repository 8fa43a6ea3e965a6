// `vigil serve` instances sharing one PostgreSQL store (a throwaway cluster; skipped
// without PostgreSQL unless VIGIL_REQUIRE_POSTGRES=1): a record resent to another
// instance after a crash counts once, also without an id of its own; a /v1/screen
// stream cut by a database outage ends with a line naming where to resend from, and
// what it answered before is kept; an operator command through any instance is answered
// with its outcome once the topic's owner applied it, or 202 `queued` when the wait runs out,
// and every instance's audit log shows the outcome once the owner applied it.
import Foundation
import PostgresTestSupport
@testable import vigil
import VigilPostgres
import VigilStore
import XCTest

final class SharedServeTests: XCTestCase {
    nonisolated(unsafe) static var cluster: PostgresTestCluster?
    nonisolated(unsafe) static var failure: String?

    override class func setUp() { (cluster, failure) = PostgresTestCluster.start() }
    override class func tearDown() { cluster?.stop() }

    /// A fresh database and `count` instances on it, named a, b, ….
    func instances(_ database: String, count: Int) async throws -> (servers: [TestServer], url: String) {
        let cluster = try PostgresTestCluster.require(Self.cluster, Self.failure)
        let url = cluster.database(database)
        var servers: [TestServer] = []
        for index in 0..<count {
            let name = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(index)))
            servers.append(try await TestServer.start(database: url, shared: SharedSettings(instance: name, partitions: 2, leaseMilliseconds: 3000),
                                                      commandWait: .seconds(3)))
        }
        return (servers, url)
    }

    /// Waits up to `seconds` for `read` to give a value.
    func eventually<T>(_ seconds: Double = 20, _ read: () throws -> T?) async throws -> T? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = try read() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    static let t0 = 1_717_200_000

    func testResentRecordsCountOnceWithOrWithoutAnId() async throws {
        let (servers, url) = try await instances("dedup", count: 2)
        let (a, b) = (servers[0], servers[1])
        let plain = #"{"ts":\#(Self.t0),"topic":"Acme","author":"u1","text":"I want a refund now"}"#
        let reordered = #"{"text":"I want a refund now","author":"u1","topic":"Acme","ts":\#(Self.t0)}"#
        let other = #"{"ts":\#(Self.t0),"topic":"Acme","author":"u1","text":"I want a refund today"}"#
        let withID = #"{"id":"x-1","ts":\#(Self.t0),"topic":"Acme","author":"u2","text":"refund please"}"#
        for server in [a, b] {
            for record in [plain, withID] {
                let reply = try await postJSON(server.port, "/v1/check", record)
                XCTAssertEqual(reply.status, 200)
            }
        }
        // A resend as a client would make it (fields in another order), the same record
        // twice in one body, and a different text at the same second.
        let body = [reordered, plain, other].joined(separator: "\n") + "\n"
        let screened = try await http(b.port, "POST", "/v1/screen", headers: [("Content-Type", "application/x-ndjson")], body: Array(body.utf8))
        XCTAssertEqual(screened.records.count, 3)
        // Records an hour and two later on both instances close the bucket of t0.
        for (offset, server) in [(3600, a), (3600, b), (7200, a), (7200, b)] {
            let closer = #"{"ts":\#(Self.t0 + offset),"topic":"Acme","author":"z","text":"hello"}"#
            let reply = try await postJSON(server.port, "/v1/check", closer)
            XCTAssertEqual(reply.status, 200)
        }
        let store = try PostgresStore(url: PostgresURL(url), connections: 1)
        let from = Int64(Self.t0) * 1000 - 3_600_000, to = Int64(Self.t0) * 1000 + 60_000
        let at = Int64(Self.t0) * 1000
        let volume = try await eventually {
            try store.buckets(topic: "Acme", from: from, to: to).first { $0.signal == "volume" && $0.start <= at && at < $0.end }
        }
        XCTAssertEqual(volume?.count, 3, "plain (sent four times), other and x-1 (sent twice)")
        for server in servers { try await server.stop() }
    }

    /// A line held for review (a phone number), so the store keeps it as a review item.
    static func risky(_ n: Int) -> String {
        #"{"id":"r\#(n)","ts":\#(t0 + n),"topic":"Acme","author":"u\#(n)","text":"call me on 1381234567\#(n % 10)"}"# + "\n"
    }

    func testScreenStreamCutByAnOutageNamesTheLineToResendFrom() async throws {
        let (servers, url) = try await instances("outage", count: 1)
        let server = servers[0]
        let cluster = try XCTUnwrap(Self.cluster)
        let (head, before, after) = try await offPool { () -> (Int, String, String) in
            let connection = try HTTPConnection(port: server.port)
            try connection.sendRequest("POST", "/v1/screen", headers: [("Content-Type", "application/x-ndjson"), ("Transfer-Encoding", "chunked")])
            try connection.sendChunk(Array((1...3).map(Self.risky).joined().utf8))
            let status = try connection.readHead().status
            var text = ""
            while text.filter({ $0 == "\n" }).count < 3, let chunk = try connection.readChunk() { text += String(decoding: chunk, as: UTF8.self) }
            cluster.pause()
            try connection.sendChunk(Array((4...5).map(Self.risky).joined().utf8))
            var rest = ""
            while let chunk = try connection.readChunk() { rest += String(decoding: chunk, as: UTF8.self) }
            return (status, text, rest)
        }
        func records(_ text: String) -> [[String: Any]] {
            text.split(separator: "\n").map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:] }
        }
        let answered = records(before), last = records(after).last ?? [:]
        cluster.resume()
        XCTAssertEqual(head, 200)
        XCTAssertEqual(answered.map { $0["id"] as? String }, ["r1", "r2", "r3"])
        XCTAssertEqual(last["type"] as? String, "refused")
        XCTAssertEqual(last["status"] as? Int, 503)
        XCTAssertEqual(last["resend_from"] as? Int, 4, "\(last)")
        let store = try PostgresStore(url: PostgresURL(url), connections: 1)
        XCTAssertEqual(try store.reviewItems(ReviewFilter()).map(\.recordID).sorted(), ["\"r1\"", "\"r2\"", "\"r3\""],
                       "the lines answered are kept, the refused ones are not")
        // The client resends from line 4 once the database is back.
        var resent: HTTPReply?
        for _ in 0..<100 where resent == nil {
            let reply = try await http(server.port, "POST", "/v1/screen", headers: [("Content-Type", "application/x-ndjson")],
                                       body: Array((4...5).map(Self.risky).joined().utf8))
            if reply.records.count == 2, reply.records.allSatisfy({ $0["type"] as? String == "verdict" }) { resent = reply }
            else { try await Task.sleep(for: .milliseconds(200)) }
        }
        XCTAssertNotNil(resent)
        XCTAssertEqual(try store.reviewItems(ReviewFilter()).count, 5)
        for server in servers { try await server.stop() }
    }

    /// Three quiet hours of complaints on Acme, then half an hour of a burst from many
    /// authors (early warning, then rapid response).
    static var burst: [String] {
        var lines: [String] = []
        func record(_ seconds: Int, _ text: String, _ author: String) {
            lines.append(#"{"id":\#(lines.count + 1),"ts":\#(t0 + seconds),"topic":"Acme","author":"\#(author)","text":"\#(text)"}"#)
        }
        for minute in stride(from: 0, to: 180, by: 20) { record(minute * 60, "I want a refund now", "calm\(minute)") }
        for second in stride(from: 0, to: 1800, by: 7) { record(180 * 60 + second, "I want a refund now, worst service ever", "angry\(second)") }
        record(215 * 60, "hello", "late")
        return lines
    }

    func testCommandsAreAnsweredWithTheirOutcomeOrQueued() async throws {
        let (servers, _) = try await instances("commands", count: 2)
        let (a, b) = (servers[0], servers[1])
        // Alternate lines to the two instances, then a later record on each moves both watermarks.
        for (index, server) in [a, b].enumerated() {
            let lines = Self.burst.enumerated().filter { $0.offset % 2 == index }.map(\.element)
            let reply = try await http(server.port, "POST", "/v1/screen", headers: [("Content-Type", "application/x-ndjson")],
                                       body: Array((lines.joined(separator: "\n") + "\n").utf8))
            XCTAssertEqual(reply.records.count, lines.count)
            let later = #"{"ts":\#(Self.t0 + 250 * 60),"topic":"Nimbus","author":"z","text":"hello"}"#
            let accepted = try await postJSON(server.port, "/v1/check", later)
            XCTAssertEqual(accepted.status, 200)
        }
        let ack = #"{"type":"command","command":"ack","topic":"Acme","ts":\#(Self.t0 + 240 * 60),"by":"ana"}"#
        let applied = try await postJSON(b.port, "/v1/commands", ack)
        XCTAssertEqual(applied.status, 200, applied.text)
        let own = applied.json["command"] as? [String: Any] ?? [:]
        XCTAssertEqual(own.keys.sorted(), ["accepted", "command", "line", "topic", "type"], "the record one instance writes")
        XCTAssertEqual(own["accepted"] as? Bool, true)
        let transitions = applied.json["transitions"] as? [[String: Any]] ?? []
        XCTAssertEqual(transitions.last?["command"] as? String, "ack", applied.text)
        XCTAssertEqual(transitions.last?["from"] as? String, "rapid_response", applied.text)
        // A second ack is rejected by the machine, through the other instance: 409 as on one instance.
        let again = #"{"type":"command","command":"ack","topic":"Acme","ts":\#(Self.t0 + 241 * 60),"by":"bo"}"#
        let rejected = try await postJSON(a.port, "/v1/commands", again)
        XCTAssertEqual(rejected.status, 409, rejected.text)
        XCTAssertEqual((rejected.json["command"] as? [String: Any])?["accepted"] as? Bool, false)
        // A command without `ts` (as the console sends) is applied at the owner's next round.
        let floating = #"{"type":"command","command":"assessed","severity":"sev2","topic":"Acme","by":"ana"}"#
        let assessed = try await postJSON(b.port, "/v1/commands", floating)
        XCTAssertTrue([200, 409].contains(assessed.status), assessed.text)
        XCTAssertNotNil((assessed.json["command"] as? [String: Any])?["accepted"] as? Bool, assessed.text)
        XCTAssertEqual((assessed.json["transitions"] as? [[String: Any]])?.last?["command"] as? String, "assessed", assessed.text)
        // A command no watermark has passed yet waits for the owner in vain: 202, queued.
        let future = #"{"type":"command","command":"close","topic":"Acme","ts":\#(Self.t0 + 900 * 60),"by":"ana"}"#
        let queued = try await postJSON(a.port, "/v1/commands", future)
        XCTAssertEqual(queued.status, 202, queued.text)
        XCTAssertEqual((queued.json["command"] as? [String: Any])?["queued"] as? Bool, true)
        // Every instance's audit log has each command as `queued`, then, once its owner
        // applied it, a second entry with what it did.
        for server in servers {
            let entries = try await http(server.port, "GET", "/v1/audit").json["entries"] as? [[String: Any]] ?? []
            func outcomes(_ action: String, _ by: String) -> [String] {
                entries.filter { $0["subject"] as? String == "Acme" && $0["action"] as? String == action && $0["by"] as? String == by }
                    .map { String(($0["outcome"] as? String ?? "").prefix { $0 != ":" }) }
            }
            XCTAssertEqual(outcomes("ack", "ana"), ["queued", "applied"], "\(entries)")
            XCTAssertEqual(outcomes("ack", "bo"), ["queued", "rejected"], "\(entries)")
            XCTAssertEqual(outcomes("assessed sev2", "ana").count, 2, "\(entries)")
            XCTAssertEqual(outcomes("close", "ana"), ["queued"], "not applied yet")
        }
        for server in servers { try await server.stop() }
    }
}
