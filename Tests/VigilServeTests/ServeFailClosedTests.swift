// `vigil serve` fails closed: text it cannot read is held for review, other charsets are
// decoded, a refused request's connection is closed at once whatever the client sent,
// records without `ts` take the server's clock, the endpoints that change state need
// the token when there is one, and the API description matches the routes.
import Foundation
import Testing
@testable import vigil
import VigilEngine

@Suite(.serialized)
struct ServeFailClosedTests {
    @Test func invalidUTF8IsHeldForReviewAndCharsetsAreDecoded() async throws {
        let server = try await TestServer.start()
        let invalid = Array(#"{"id":1,"text":"hi "#.utf8) + [0xff] + Array(#""}"#.utf8)
        let reply = try await http(server.port, "POST", "/v1/check", headers: [("Content-Type", "application/json")], body: invalid)
        #expect(reply.status == 200)
        #expect(reply.json["decision"] as? String == "review")
        // "你这个傻逼客服" in GBK.
        let gbk = Array(#"{"id":1,"text":""#.utf8) + [0xc4, 0xe3, 0xd5, 0xe2, 0xb8, 0xf6, 0xc9, 0xb5, 0xb1, 0xc6, 0xbf, 0xcd, 0xb7, 0xfe] + Array(#""}"#.utf8)
        let unread = try await http(server.port, "POST", "/v1/check", headers: [("Content-Type", "application/json")], body: gbk)
        #expect(unread.json["decision"] as? String != "allow")
        let decoded = try await http(server.port, "POST", "/v1/check", headers: [("Content-Type", "application/json; charset=gbk")], body: gbk)
        #expect(decoded.status == 200)
        #expect(decoded.json["decision"] as? String == "block")
        let screened = try await http(server.port, "POST", "/v1/screen", headers: [("Content-Type", "application/x-ndjson; charset=GBK")], body: gbk + [0x0a] + gbk)
        #expect(screened.records.map { $0["decision"] as? String } == ["block", "block"])
        let unknown = try await http(server.port, "POST", "/v1/check", headers: [("Content-Type", "application/json; charset=koi8-r")], body: gbk)
        #expect(unknown.status == 415)
        try await server.stop()
    }

    @Test func strictJSONAndByteOrderMarks() async throws {
        let server = try await TestServer.start()
        let twice = try await postJSON(server.port, "/v1/check", #"{"id":2,"text":"傻逼你个垃圾","text":"hi"}"#)
        #expect(twice.status == 400)
        #expect(twice.json["decision"] as? String == "review")
        let bom = try await http(server.port, "POST", "/v1/check", headers: [("Content-Type", "application/json")],
                                 body: [0xef, 0xbb, 0xbf] + Array(#"{"id":1,"text":"hello"}"#.utf8))
        #expect(bom.status == 200)
        let screenBOM = try await http(server.port, "POST", "/v1/screen", headers: [("Content-Type", "application/x-ndjson")],
                                       body: [0xef, 0xbb, 0xbf] + Array(#"{"id":1,"text":"hello"}"#.utf8))
        #expect(screenBOM.records.first?["type"] as? String == "verdict")
        try await server.stop()
    }

    /// A refused request's connection is closed at once: the reply comes and then the
    /// end of the connection, although most of the body was never sent.
    @Test(arguments: [true, false])
    func anOversizedBodyIsRefusedAndTheConnectionClosed(connectionClose: Bool) async throws {
        let server = try await TestServer.start()
        let port = server.port
        let (status, closed) = try await offPool {
            let connection = try HTTPConnection(port: port)
            var headers = [("Content-Type", "application/json"), ("Content-Length", "\(64 << 20)")]
            if connectionClose { headers.append(("Connection", "close")) }
            try connection.sendRequest("POST", "/v1/check", headers: headers, body: Array(repeating: 0x20, count: 65536))
            let reply = try connection.readResponse()
            // The server closes: reading returns the end (or a reset), not a timeout.
            var byte: UInt8 = 0
            let started = Date()
            let count = recv(connection.descriptor, &byte, 1, 0)
            return (reply.status, count <= 0 && Date().timeIntervalSince(started) < 10)
        }
        #expect(status == 413)
        #expect(closed)
        try await server.stop()
    }

    /// A client that sends the whole oversized body before reading (as Python's urllib
    /// does) still reads the 413: the server drains the body before closing, since
    /// closing with unread input would reset the connection and lose the answer.
    @Test func aClientSendingTheWholeBodyFirstStillReadsTheRefusal() async throws {
        let server = try await TestServer.start()
        let port = server.port
        let status = try await offPool { () throws -> Int in
            let connection = try HTTPConnection(port: port)
            try connection.sendRequest("POST", "/v1/check", headers: [("Content-Type", "application/json"), ("Connection", "close")],
                                       body: Array(repeating: 0x20, count: 16 << 20))
            return try connection.readResponse().status
        }
        #expect(status == 413)
        try await server.stop()
    }

    @Test func aRecordWithoutTsHappensWhenItArrives() async throws {
        let server = try await TestServer.start()
        let reply = try await postJSON(server.port, "/v1/commands", #"{"type":"command","command":"ack","topic":"Nobody"}"#)
        #expect(reply.status == 409)
        let transition = (reply.json["transitions"] as? [[String: Any]])?.first
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let at = (transition?["at"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) ?? fractional.date(from: $0) }
        #expect(at.map { abs($0.timeIntervalSinceNow) < 120 } == true, "at: \(transition?["at"] ?? "none")")
        try await server.stop()
    }

    @Test func theTokenGuardsTheEndpointsThatChangeState() async throws {
        let server = try await TestServer.start(token: "s3cret-token")
        let command = Array(#"{"type":"command","command":"ack","topic":"Nobody"}"#.utf8)
        for (path, body) in [("/v1/reload", [UInt8]()), ("/v1/commands", command)] {
            let none = try await http(server.port, "POST", path, headers: [("Content-Type", "application/json")], body: body)
            #expect(none.status == 401)
            #expect(none.json["error"] as? String != nil)
            let wrong = try await http(server.port, "POST", path, headers: [("Content-Type", "application/json"), ("Authorization", "Bearer s3cret-tokem")], body: body)
            #expect(wrong.status == 401)
            let right = try await http(server.port, "POST", path, headers: [("Content-Type", "application/json"), ("Authorization", "Bearer s3cret-token")], body: body)
            #expect(right.status == (path == "/v1/reload" ? 200 : 409))
        }
        let check = try await postJSON(server.port, "/v1/check", #"{"text":"hello"}"#)
        #expect(check.status == 200)
        try await server.stop()
    }

    @Test func theTokenIsComparedWhole() {
        let token = Array("abc".utf8)
        #expect(BearerToken.constantTimeEqual(Array("abc".utf8), token))
        #expect(!BearerToken.constantTimeEqual(Array("abd".utf8), token))
        #expect(!BearerToken.constantTimeEqual(Array("ab".utf8), token))
        #expect(!BearerToken.constantTimeEqual(Array("abcd".utf8), token))
        #expect(!BearerToken.constantTimeEqual([], token))
    }

    /// With `--state`, a record is answered only once the state holds it: when the state
    /// cannot be written (here its temporary file's path is taken by a folder), a check
    /// gets a 503 and a screen no verdict; both are answered again once it can.
    @Test func aStateThatCannotBeSavedIsNotAnsweredWithAVerdict() async throws {
        let folder = temporaryFolder()
        let statePath = folder.appendingPathComponent("esc.state").path
        let server = try await TestServer.start(statePath: statePath)
        let saved = try await postJSON(server.port, "/v1/check", #"{"id":1,"topic":"Acme","text":"hello"}"#)
        #expect(saved.status == 200)
        try FileManager.default.createDirectory(atPath: statePath + ".tmp", withIntermediateDirectories: false)
        let refused = try await postJSON(server.port, "/v1/check", #"{"id":2,"topic":"Acme","text":"hello"}"#)
        #expect(refused.status == 503)
        #expect(refused.json["decision"] == nil)
        // A /v1/screen answer ends before the verdict: the connection is closed.
        let screened = try? await http(server.port, "POST", "/v1/screen", headers: [("Content-Type", "application/x-ndjson")],
                                       body: Array(#"{"id":3,"topic":"Acme","text":"hello"}"#.utf8))
        #expect(screened?.records.isEmpty ?? true)
        try FileManager.default.removeItem(atPath: statePath + ".tmp")
        let again = try await postJSON(server.port, "/v1/check", #"{"id":4,"topic":"Acme","text":"hello"}"#)
        #expect(again.status == 200)
        try await server.stop()
    }

    /// Every route the server has is in docs/openapi.yaml with its method, and every
    /// documented route is served (GET /openapi.json is that document as JSON).
    @Test func theAPIDescriptionMatchesTheRoutes() async throws {
        let server = try await TestServer.start()
        let reply = try await http(server.port, "GET", "/openapi.json")
        #expect(reply.status == 200)
        #expect(reply.json["openapi"] as? String == "3.1.0")
        let paths = try #require(reply.json["paths"] as? [String: [String: Any]])
        let served = Dictionary(uniqueKeysWithValues: ServeEndpoint.allCases.map { ($0.rawValue, $0.method.rawValue.lowercased()) })
        #expect(Set(paths.keys) == Set(served.keys))
        for (path, operations) in paths {
            #expect(Set(operations.keys) == [served[path] ?? "?"], "\(path)")
            let method = served[path]?.uppercased() ?? "GET"
            let answer = try await http(server.port, method, path, headers: [("Content-Type", "application/json")],
                                        body: method == "POST" ? Array(#"{"text":"hi"}"#.utf8) : nil)
            #expect(answer.status != 404, "\(method) \(path)")
            let documented = (operations.values.first as? [String: Any])?["responses"] as? [String: Any] ?? [:]
            #expect(documented.keys.contains(String(answer.status)), "\(method) \(path) answered \(answer.status), not documented")
        }
        try await server.stop()
    }
}
