// A throwaway PostgreSQL cluster for the tests of the PostgreSQL store, started by
// tools/postgres/throwaway.sh (initdb in a temporary folder on a free port, as the
// `postgres` user when the tests run as root) and stopped when the test class ends.
// Without PostgreSQL installed the tests skip, saying so, unless VIGIL_REQUIRE_POSTGRES=1
// (CI sets it), which makes them fail instead. A target of its own: the store's tests
// and the shared `vigil serve` tests both use it.
import Foundation
import Glibc
import XCTest

public final class PostgresTestCluster: @unchecked Sendable {
    public let directory: String
    public let url: String

    private init(directory: String, url: String) {
        self.directory = directory
        self.url = url
    }

    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var script: String { root.appendingPathComponent("tools/postgres/throwaway.sh").path }

    /// Starts a cluster; nil with the reason when it cannot.
    public static func start() -> (cluster: PostgresTestCluster?, failure: String?) {
        let (status, output) = run([script, "start"])
        let parts = output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard status == 0, parts.count == 2 else {
            return (nil, "cannot start a throwaway PostgreSQL cluster (tools/postgres/throwaway.sh start exited \(status)): \(output)")
        }
        return (PostgresTestCluster(directory: parts[0], url: parts[1]), nil)
    }

    public func stop() { _ = Self.run([Self.script, "stop", directory]) }
    public func pause() { _ = Self.run([Self.script, "pause", directory]) }
    public func resume() { _ = Self.run([Self.script, "resume", directory]) }

    /// A fresh database of the cluster, for one test.
    public func database(_ name: String) -> String {
        let server = url[..<(url.lastIndex(of: "/") ?? url.endIndex)]
        _ = Self.run(["psql", "-w", server + "/postgres", "-q", "-c", "DROP DATABASE IF EXISTS \(name)", "-c", "CREATE DATABASE \(name)"])
        return server + "/\(name)"
    }

    /// Runs a command through /bin/sh with posix_spawn and waitpid, its output in a
    /// temporary file: the cluster's server outlives the command, and Foundation's
    /// Process waited for ever on it here.
    @discardableResult
    public static func run(_ arguments: [String]) -> (Int32, String) {
        let output = NSTemporaryDirectory() + "vigil-pg-run-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let command = "\(quoted) </dev/null >'\(output)' 2>&1"
        var pid: pid_t = 0
        let strings: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { return (127, "cannot run /bin/sh") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return ((status >> 8) & 0xff, text)
    }

    /// Skips (or, with VIGIL_REQUIRE_POSTGRES=1, fails) when there is no cluster.
    public static func require(_ cluster: PostgresTestCluster?, _ failure: String?) throws -> PostgresTestCluster {
        if let cluster { return cluster }
        let message = failure ?? "no PostgreSQL cluster"
        if ProcessInfo.processInfo.environment["VIGIL_REQUIRE_POSTGRES"] == "1" {
            XCTFail("VIGIL_REQUIRE_POSTGRES=1 but \(message)")
            throw XCTSkip("failed above")
        }
        throw XCTSkip("PostgreSQL tests skipped: \(message). Install postgresql (Debian) to run them.")
    }
}
