// The console's pages in a live `vigil serve`: every page answers HTML, the stylesheet
// and script are served, the check form gives a verdict, an operator action without a
// name is refused, the token guard applies to forms, and pages that need a store say so.
import Foundation
import Testing
@testable import vigil
import VigilEngine

@Suite(.serialized) struct ServeConsolePagesTests {
    /// A server with the built-in rules and, when `database` is given, the console's store.
    static func start(database: String?, token: String? = nil) async throws -> TestServer {
        var settings = ServeSettings()
        settings.port = 0
        settings.databasePath = database
        settings.token = token.map { Array($0.utf8) }
        let server = try VigilServer(settings: settings, engine: builtinEngine,
                                     reload: { () throws(RuleLoadFailure) -> Engine in builtinEngine })
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run(handleSignals: false) { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw HTTPClientError(description: "server did not start") }
        return TestServer(server: server, port: port, task: task)
    }

    @Test func pagesAnswerHTMLAndTheCheckFormGivesAVerdict() async throws {
        let folder = temporaryFolder()
        let server = try await Self.start(database: folder.appendingPathComponent("console.sqlite").path)
        for path in ["/", "/review", "/audit", "/rules", "/check"] {
            let reply = try await http(server.port, "GET", path)
            #expect(reply.status == 200, "\(path)")
            #expect(reply.headers["content-type"] == "text/html; charset=utf-8", "\(path)")
            #expect(reply.text.contains("<main id=\"main\""), "\(path)")
        }
        #expect(try await http(server.port, "GET", "/console.css").text.contains(".badge"))
        #expect(try await http(server.port, "GET", "/console.js").text.contains("data-refresh-region"))
        let form = "text=" + "我要退款 refund".addingPercentEncoding(withAllowedCharacters: .alphanumerics)! + "&kind=comment"
        let checked = try await http(server.port, "POST", "/check", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                     body: Array(form.utf8))
        #expect(checked.status == 200)
        #expect(checked.text.contains("class=\"verdict verdict-"))
        #expect(checked.text.contains("<mark"))
        #expect(try await http(server.port, "GET", "/topics/nosuch").status == 404)
        try await server.stop()
    }

    @Test func actionsNeedANameANoteAndTheToken() async throws {
        let folder = temporaryFolder()
        let server = try await Self.start(database: folder.appendingPathComponent("console.sqlite").path, token: "s3cret")
        let headers = [("Content-Type", "application/x-www-form-urlencoded")]
        let noToken = try await http(server.port, "POST", "/topics/AuroraAir/actions", headers: headers,
                                     body: Array("command=ack&by=Mei&note=on+it".utf8))
        #expect(noToken.status == 303)
        #expect(noToken.headers["location"]?.contains("failed=") == true)
        let noNote = try await http(server.port, "POST", "/topics/AuroraAir/actions", headers: headers,
                                    body: Array("command=ack&by=Mei&token=s3cret".utf8))
        #expect(noNote.headers["location"]?.contains("give%20your%20name%20and%20a%20note") == true)
        // A valid ack of a topic in monitoring is rejected by the machine and audited.
        let rejected = try await http(server.port, "POST", "/topics/AuroraAir/actions", headers: headers,
                                      body: Array("command=ack&by=Mei&note=on+it&token=s3cret".utf8))
        #expect(rejected.headers["location"]?.contains("rejected") == true)
        let audit = try await http(server.port, "GET", "/audit")
        #expect(audit.text.contains("Mei") && audit.text.contains("on it") && audit.text.contains("rejected"))
        try await server.stop()
    }

    @Test func pagesWithoutAStoreSaySo() async throws {
        let server = try await Self.start(database: nil)
        let reply = try await http(server.port, "GET", "/")
        #expect(reply.status == 503)
        #expect(reply.text.contains("--database"))
        #expect(try await http(server.port, "GET", "/check").status == 200)
        try await server.stop()
    }
}
