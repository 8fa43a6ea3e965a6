// The endpoints of `vigil serve` on a live server: /v1/check gives the record `vigil
// screen` writes, /v1/screen streams, and every error path answers with a JSON error
// and the documented status.
import Foundation
import Testing
@testable import vigil
import VigilEngine

@Suite(.serialized)
struct ServeEndpointTests {
    /// What `vigil screen` writes for `line` as line 1, with the same engine.
    func screenRecord(_ line: String) -> String {
        let screener = RecordScreener()
        var writer = JSONWriter()
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBufferPointer { screener.screen(UnsafeBufferPointer($0), lineNumber: 1, format: .jsonl, engine: builtinEngine, into: &writer) }
        return writer.string
    }

    @Test func checkAnswersWhatScreenWrites() async throws {
        let server = try await TestServer.start()
        let posts = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../corpus/sample.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(40).map(String.init)
        for post in posts {
            let reply = try await postJSON(server.port, "/v1/check", post)
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"] == "application/json")
            #expect(reply.text == screenRecord(post))
        }
        // Without Content-Type the body is taken as JSON; parameters are allowed.
        let bare = try await http(server.port, "POST", "/v1/check", body: Array(#"{"text":"hello"}"#.utf8))
        #expect(bare.status == 200 && bare.json["decision"] as? String == "allow")
        let charset = try await http(server.port, "POST", "/v1/check", headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(#"{"text":"加微信 vip_28742 领内部价"}"#.utf8))
        #expect(charset.status == 200 && charset.json["decision"] as? String == "review")
        try await server.stop()
    }

    @Test func checkRejectsBadInput() async throws {
        let server = try await TestServer.start(maxBodyBytes: 1000)
        let cases: [(String, Int, String)] = [
            (#"{"text": "unterminated"#, 400, "invalid JSON"),
            ("not json at all", 400, "invalid JSON"),
            ("[1,2]", 400, "not a JSON object"),
            ("42", 400, "not a JSON object"),
            (#"{"id":7}"#, 400, "missing \"text\""),
            (#"{"text":42}"#, 400, "text"),
            ("", 400, "blank"),
            (#"{"text":"a"}{"text":"b"}"#, 400, "after the object"),
            (#"{"type":"command","command":"ack","topic":"x"}"#, 400, "/v1/commands"),
        ]
        for (body, status, message) in cases {
            let reply = try await postJSON(server.port, "/v1/check", body)
            #expect(reply.status == status, "\(body)")
            #expect((reply.json["error"] as? String)?.contains(message) == true, "\(body): \(reply.text)")
        }
        // Malformed records fail closed like screen's error records.
        #expect(try await postJSON(server.port, "/v1/check", "[").json["decision"] as? String == "review")
        // Oversized: by Content-Length, and by a chunked body that grows past the limit.
        let big = Array(#"{"text":"\#(String(repeating: "x", count: 2000))"}"#.utf8)
        let oversized = try await http(server.port, "POST", "/v1/check", headers: [("Content-Type", "application/json")], body: big)
        #expect(oversized.status == 413)
        #expect((oversized.json["error"] as? String)?.contains("limit of 1000 bytes") == true)
        let chunked = try await offPool {
            let connection = try HTTPConnection(port: server.port)
            try connection.sendRequest("POST", "/v1/check", headers: [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")])
            for _ in 0..<5 { try connection.sendChunk(Array(repeating: UInt8(ascii: " "), count: 400)) }
            try connection.sendChunk([])
            return try connection.readResponse()
        }
        #expect(chunked.status == 413 && chunked.json["status"] as? Int == 413)
        // Wrong content types.
        for type in ["text/plain", "application/x-www-form-urlencoded", "application/x-ndjson"] {
            let reply = try await http(server.port, "POST", "/v1/check", headers: [("Content-Type", type)], body: Array(#"{"text":"a"}"#.utf8))
            #expect(reply.status == 415, "\(type)")
            #expect((reply.json["error"] as? String)?.contains("Content-Type") == true)
        }
        // Invalid UTF-8 is replaced and warned, not rejected.
        let invalid = try await http(server.port, "POST", "/v1/check", headers: [("Content-Type", "application/json")], body: Array(#"{"text":"a"#.utf8) + [0xFF] + Array(#""}"#.utf8))
        #expect(invalid.status == 200 && !(invalid.json["warnings"] as? [String] ?? []).isEmpty)
        // The server is still fine after all that.
        #expect(try await http(server.port, "GET", "/healthz").status == 200)
        try await server.stop()
    }

    @Test func unknownRoutesAndMethods() async throws {
        let server = try await TestServer.start()
        let missing = try await http(server.port, "GET", "/v2/nothing")
        #expect(missing.status == 404 && (missing.json["error"] as? String)?.contains("no such endpoint") == true)
        let wrongMethod = try await http(server.port, "GET", "/v1/check")
        #expect(wrongMethod.status == 405 && wrongMethod.headers["allow"] == "POST" && wrongMethod.json["status"] as? Int == 405)
        let deleteHealth = try await http(server.port, "DELETE", "/healthz")
        #expect(deleteHealth.status == 405 && deleteHealth.headers["allow"] == "GET")
        // A broken request line closes the connection with 400, and the server goes on.
        let garbage = try await offPool {
            let connection = try HTTPConnection(port: server.port)
            try connection.send("NOT HTTP AT ALL\r\n\r\n")
            return try connection.readResponse()
        }
        #expect(garbage.status == 400)
        #expect(try await http(server.port, "GET", "/healthz").status == 200)
        try await server.stop()
    }

    @Test func stalledConnectionsAreClosedAndOthersServed() async throws {
        let server = try await TestServer.start(idleTimeout: .seconds(1))
        // One client stops in the middle of its body, another never sends a request.
        let (closedAfter, idleClosedAfter) = try await offPool { () throws -> (Double, Double) in
            let stalled = try HTTPConnection(port: server.port)
            try stalled.send("POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\":")
            let idle = try HTTPConnection(port: server.port)
            func secondsUntilClosed(_ connection: HTTPConnection) -> Double {
                let start = Date()
                var byte: UInt8 = 0
                while true {
                    let count = recv(connection.descriptor, &byte, 1, 0)
                    if count == 0 { return Date().timeIntervalSince(start) }          // closed by the server
                    if count < 0 && errno != EINTR { return .infinity }               // our 60 s receive timeout
                }
            }
            return (secondsUntilClosed(stalled), secondsUntilClosed(idle))
        }
        #expect(closedAfter < 10, "a stalled request was kept open \(closedAfter) s")
        #expect(idleClosedAfter < 10, "an idle connection was kept open \(idleClosedAfter) s")
        #expect(try await http(server.port, "GET", "/healthz").status == 200)
        try await server.stop()
    }

    @Test func screenStreamsOneRecordPerLineInOrder() async throws {
        let server = try await TestServer.start(maxBodyBytes: 200)
        let body = [
            #"{"id":"a","text":"hello"}"#,
            "",
            "not json",
            #"{"id":"b","text":"加微信 vip_28742 领内部价"}"#,
            #"{"text":"\#(String(repeating: "y", count: 300))"}"#,
            #"{"id":"c","text":"crlf line"}"# + "\r",
            #"{"id":"d","text":"no newline at the end"}"#,
        ].joined(separator: "\n")
        let reply = try await http(server.port, "POST", "/v1/screen", headers: [("Content-Type", "application/x-ndjson")], body: Array(body.utf8))
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "application/x-ndjson")
        let records = reply.records
        #expect(records.map { $0["line"] as? Int } == Array(1...7))
        #expect(records.map { $0["type"] as? String } == ["verdict", "error", "error", "verdict", "error", "verdict", "verdict"])
        #expect(records[3]["decision"] as? String == "review")
        #expect((records[4]["error"] as? String)?.contains("over the limit") == true)
        #expect(records[5]["id"] as? String == "c")
        // Plain text: one post per line.
        let text = try await http(server.port, "POST", "/v1/screen", headers: [("Content-Type", "text/plain")], body: Array("hello\n加微信 vip_28742 领内部价\n".utf8))
        #expect(text.records.map { $0["decision"] as? String } == ["allow", "review"])
        // Other content types are refused.
        #expect(try await http(server.port, "POST", "/v1/screen", headers: [("Content-Type", "application/xml")], body: [1]).status == 415)
        // An empty body gives an empty stream.
        let empty = try await http(server.port, "POST", "/v1/screen", headers: [("Content-Type", "application/jsonl")], body: [])
        #expect(empty.status == 200 && empty.body.isEmpty)
        try await server.stop()
    }

    @Test func screenAnswersBeforeTheBodyEnds() async throws {
        let server = try await TestServer.start()
        let (early, late) = try await offPool { () -> (HTTPReply, HTTPReply) in
            let connection = try HTTPConnection(port: server.port)
            try connection.sendRequest("POST", "/v1/screen", headers: [("Content-Type", "application/x-ndjson"), ("Transfer-Encoding", "chunked")])
            // Two whole lines and half of a third.
            try connection.sendChunk(Array("{\"id\":1,\"text\":\"one\"}\n{\"id\":2,\"text\":\"two\"}\n{\"id\":3,".utf8))
            let head = try connection.readHead()
            guard head.status == 200 else { throw HTTPClientError(description: "status \(head.status)") }
            var early: [UInt8] = []
            while early.filter({ $0 == 10 }).count < 2, let chunk = try connection.readChunk() { early += chunk }
            try connection.sendChunk(Array("\"text\":\"three\"}\n".utf8))
            try connection.sendChunk([])
            var late: [UInt8] = []
            while let chunk = try connection.readChunk() { late += chunk }
            return (HTTPReply(status: 200, headers: [:], body: early), HTTPReply(status: 200, headers: [:], body: late))
        }
        let first = early.records, rest = late.records
        #expect(first.map { $0["id"] as? Int } == [1, 2])
        #expect(rest.map { $0["id"] as? Int } == [3])
        try await server.stop()
    }

    @Test func healthAndMetrics() async throws {
        let server = try await TestServer.start()
        let health = try await http(server.port, "GET", "/healthz")
        #expect(health.status == 200 && health.json["status"] as? String == "ok" && health.json["rules_version"] as? Int == 1)
        _ = try await postJSON(server.port, "/v1/check", #"{"text":"加微信 vip_28742 领内部价"}"#)
        _ = try await postJSON(server.port, "/v1/check", #"{"text":"hello"}"#)
        _ = try await postJSON(server.port, "/v1/check", "nope")
        let metrics = try await http(server.port, "GET", "/metrics")
        #expect(metrics.status == 200 && metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        for line in [
            #"vigil_http_requests_total{endpoint="/v1/check",status="200"} 2"#,
            #"vigil_http_requests_total{endpoint="/v1/check",status="400"} 1"#,
            #"vigil_http_request_duration_seconds_count{endpoint="/v1/check"} 3"#,
            #"vigil_http_request_duration_seconds_bucket{endpoint="/v1/check",le="+Inf"} 3"#,
            #"vigil_decisions_total{decision="review"} 2"#,
            #"vigil_decisions_total{decision="allow"} 1"#,
            #"vigil_hits_total{category="spam"} 1"#,
            "vigil_input_errors_total 1",
            "vigil_rules_version 1",
            #"vigil_escalation_topics{state="monitoring"} 1"#,
        ] {
            #expect(metrics.text.contains(line + "\n"), "\(line)")
        }
        #expect(metrics.text.contains("# TYPE vigil_http_request_duration_seconds histogram"))
        try await server.stop()
    }
}
