// Reloading the rules of a live server: requests in flight finish on the rules they
// started with, none fails, new requests use the new rules, and a reload of broken rule
// files keeps the old ones and returns the lint errors.
import Foundation
import Synchronization
import Testing
@testable import vigil

/// What the client threads share with the test.
final class Shared: Sendable {
    let failures = Mutex<[String]>([])
    let done = Atomic<Bool>(false)
}

@Suite(.serialized)
struct ServeReloadTests {
    @Test func reloadUnderConcurrentRequests() async throws {
        let folder = temporaryFolder()
        try writePack(folder, keyword: "alpha")
        let server = try await TestServer.start(rules: [folder.path])
        let port = server.port
        let shared = Shared()
        // Four clients check "alpha beta" without pause: each rule set gives exactly one hit.
        let clients = (0..<4).map { _ in
            Task {
                try await offPool {
                    var count = 0
                    while !shared.done.load(ordering: .relaxed) || count < 50 {
                        count += 1
                        let connection = try HTTPConnection(port: port)
                        try connection.sendRequest("POST", "/v1/check", headers: [("Content-Type", "application/json")], body: Array(#"{"text":"alpha beta"}"#.utf8))
                        let reply = try connection.readResponse()
                        let hits = (reply.json["hits"] as? [[String: Any]])?.count
                        if reply.status != 200 || hits != 1 { shared.failures.withLock { $0.append("\(reply.status) \(reply.text)") } }
                    }
                    return count
                }
            }
        }
        for (round, keyword) in ["beta", "alpha", "beta"].enumerated() {
            try writePack(folder, keyword: keyword)
            let reload = try await http(port, "POST", "/v1/reload")
            #expect(reload.status == 200)
            #expect(reload.json["rules_version"] as? Int == round + 2)
        }
        shared.done.store(true, ordering: .relaxed)
        var requests = 0
        for client in clients { requests += try await client.value }
        #expect(shared.failures.withLock { $0 } == [])
        #expect(requests >= 200)
        let now = try await postJSON(port, "/v1/check", #"{"text":"only beta here"}"#)
        #expect((now.json["hits"] as? [[String: Any]])?.first?["match"] as? String == "beta")

        // A broken rule file: 422 with file:line:col diagnostics, the old rules stay.
        try "pack: test\nrules:\n  - id: watch\n    keywords: [beta]\n    colour: red\n".write(to: folder.appendingPathComponent("test.yaml"), atomically: true, encoding: .utf8)
        let failed = try await http(port, "POST", "/v1/reload")
        #expect(failed.status == 422)
        #expect(failed.json["reloaded"] as? Bool == false)
        #expect(failed.json["rules_version"] as? Int == 4)
        let diagnostics = failed.json["diagnostics"] as? [String] ?? []
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.contains { $0.contains("test.yaml:5:5: error:") }, "\(diagnostics)")
        let still = try await postJSON(port, "/v1/check", #"{"text":"only beta here"}"#)
        #expect(still.status == 200 && (still.json["hits"] as? [[String: Any]])?.count == 1)
        #expect(try await http(port, "GET", "/healthz").json["rules_version"] as? Int == 4)
        let metrics = try await http(port, "GET", "/metrics").text
        #expect(metrics.contains(#"vigil_rule_reloads_total{result="ok"} 3"#))
        #expect(metrics.contains(#"vigil_rule_reloads_total{result="failed"} 1"#))
        try await server.stop()
    }
}
