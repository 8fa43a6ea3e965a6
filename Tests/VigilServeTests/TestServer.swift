// Starts a real `vigil serve` server in the test process on a free loopback port (port 0,
// read back when it listens) and stops it gracefully, as SIGTERM would.
import Foundation
@testable import vigil
import VigilEngine

/// The built-in rules, compiled once for all tests.
let builtinEngine: Engine = try! RuleLoading.load(RuleSelection(paths: []))

/// A server running for one test.
struct TestServer: Sendable {
    let server: VigilServer
    let port: Int
    let task: Task<Void, any Error>

    /// Starts a server on 127.0.0.1:0 with the built-in rules, or with `rules` alone (paths,
    /// loaded again on reload, without the built-in packs); `shadow` adds candidate rules
    /// (paths, also without the built-ins).
    static func start(rules: [String] = [], statePath: String? = nil, maxBodyBytes: Int = 1 << 20,
                      idleTimeout: Duration = .seconds(60), shadow: [String]? = nil, token: String? = nil,
                      database: String? = nil, notify: [String] = [], retention: Int64? = nil,
                      pruneInterval: Double? = nil, shared: SharedSettings? = nil,
                      commandWait: Duration? = nil) async throws -> TestServer {
        var settings = ServeSettings()
        if let shared { settings.shared = shared }
        if let commandWait { settings.commandWait = commandWait }
        settings.databasePath = database
        if let retention { settings.retention = retention }
        settings.pruneInterval = pruneInterval
        settings.notify = notify
        settings.token = token.map { Array($0.utf8) }
        settings.port = 0
        settings.idleTimeout = idleTimeout
        settings.statePath = statePath
        settings.maxBodyBytes = maxBodyBytes
        let selection = RuleSelection(paths: rules, builtin: rules.isEmpty)
        let engine = rules.isEmpty ? builtinEngine : try RuleLoading.load(selection)
        var shadowRules = ShadowRules(engine: nil, load: nil)
        if let shadow {
            let shadowSelection = RuleSelection(paths: shadow, builtin: false)
            shadowRules = ShadowRules(engine: try RuleLoading.load(shadowSelection),
                                      load: { () throws(RuleLoadFailure) -> Engine in try RuleLoading.load(shadowSelection) })
        }
        let server = try VigilServer(settings: settings, engine: engine,
                                     reload: { () throws(RuleLoadFailure) -> Engine in try RuleLoading.load(selection) }, shadow: shadowRules)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run(handleSignals: false) { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw HTTPClientError(description: "server did not start") }
        return TestServer(server: server, port: port, task: task)
    }

    /// Graceful shutdown: requests in flight finish, the state is saved.
    func stop() async throws {
        await server.shutdown()
        try await task.value
    }
}

/// A fresh temporary folder.
func temporaryFolder() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-serve-test-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A one-rule pack whose keyword is `keyword` (category complaint).
func writePack(_ folder: URL, keyword: String) throws {
    try """
    pack: test
    rules:
      - id: watch
        category: complaint
        severity: medium
        message: watched phrase
        keywords: [\(keyword)]
    """.write(to: folder.appendingPathComponent("test.yaml"), atomically: true, encoding: .utf8)
}
