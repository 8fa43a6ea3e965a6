// The built `vigil serve` binary as a process: it listens on the port it prints, answers,
// reloads on SIGHUP, and on SIGTERM finishes the request in flight, saves the state and
// exits 0.
import Foundation
import Synchronization
import Testing

/// The `vigil` binary built with this test bundle, beside it in the same build folder
/// (this target depends on `vigil`), or VIGIL_BINARY; never another build's binary.
var vigilBinary: URL {
    if let path = ProcessInfo.processInfo.environment["VIGIL_BINARY"] { return URL(fileURLWithPath: path) }
    #if os(macOS)
    if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
        return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("vigil")
    }
    #endif
    return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("vigil")
}

/// Collects a pipe's output on a thread of its own.
final class PipeText: Sendable {
    private let text = Mutex("")

    init(_ handle: FileHandle) {
        Thread { [self] in
            while case let data = handle.availableData, !data.isEmpty {
                let chunk = String(decoding: data, as: UTF8.self)
                text.withLock { $0 += chunk }
            }
        }.start()
    }

    var value: String { text.withLock { $0 } }

    /// Waits up to `seconds` for `predicate` to hold on the text so far.
    func wait(seconds: Double = 60, until predicate: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if predicate(value) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return predicate(value)
    }
}

@Suite(.serialized)
struct ServeProcessTests {
    @Test func servesReloadsAndShutsDownCleanlyOnSIGTERM() async throws {
        let state = temporaryFolder().appendingPathComponent("serve.state")
        let process = Process()
        process.executableURL = vigilBinary
        process.arguments = ["serve", "--port", "0", "--state", state.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = PipeText(errors.fileHandleForReading)
        defer { if process.isRunning { process.terminate() } }

        #expect(stderr.wait { $0.contains("listening on http://127.0.0.1:") }, "\(stderr.value)")
        let text = stderr.value
        let port = try #require(text.range(of: "127.0.0.1:").flatMap { Int(text[$0.upperBound...].prefix { $0.isNumber }) })

        let check = try await postJSON(port, "/v1/check", #"{"id":1,"topic":"Acme","kind":"comment","text":"I want a refund now"}"#)
        #expect(check.status == 200 && check.json["decision"] as? String == "allow")
        #expect((check.json["hits"] as? [[String: Any]])?.first?["category"] as? String == "complaint")

        kill(process.processIdentifier, SIGHUP)
        #expect(stderr.wait { $0.contains("rules reloaded (version 2") }, "\(stderr.value)")
        #expect(try await http(port, "GET", "/healthz").json["rules_version"] as? Int == 2)

        // A /v1/screen stream is in flight when SIGTERM arrives: it is finished, then the
        // server saves its state and exits 0.
        let pid = process.processIdentifier
        let inFlightReply = try await offPool { () -> HTTPReply in
            let connection = try HTTPConnection(port: port)
            try connection.sendRequest("POST", "/v1/screen", headers: [("Content-Type", "application/x-ndjson"), ("Transfer-Encoding", "chunked")])
            try connection.sendChunk(Array("{\"id\":2,\"topic\":\"Acme\",\"text\":\"one\"}\n".utf8))
            let head = try connection.readHead()
            guard head.status == 200, let first = try connection.readChunk() else { throw HTTPClientError(description: "no first record") }
            kill(pid, SIGTERM)
            Thread.sleep(forTimeInterval: 0.3)
            try connection.sendChunk(Array("{\"id\":3,\"topic\":\"Acme\",\"text\":\"two\"}\n".utf8))
            try connection.sendChunk([])
            var rest: [UInt8] = []
            while let chunk = try connection.readChunk() { rest += chunk }
            return HTTPReply(status: 200, headers: [:], body: first + rest)
        }
        let inFlight = inFlightReply.records
        #expect(inFlight.map { $0["id"] as? Int } == [2, 3])
        let exited = try await offPool { () -> Bool in
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            return !process.isRunning
        }
        #expect(exited)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(stderr.value)")
        let saved = try Data(contentsOf: state)
        #expect(saved.starts(with: Array("VIGILSTATE 1\nlines 3\n".utf8)), "\(String(decoding: saved.prefix(30), as: UTF8.self))")
        #expect(stderr.wait { $0.contains("escalation state saved") })
    }
}
