// A throwaway PostgreSQL cluster for the tests of the PostgreSQL store, started by
// tools/postgres/throwaway.sh (initdb in a temporary folder on a free port, as the
// `postgres` user when the tests run as root) and stopped when the test class ends.
// Without PostgreSQL installed the tests skip, saying so, unless VIGIL_REQUIRE_POSTGRES=1
// (CI sets it), which makes them fail instead.
import Foundation
import XCTest

final class PostgresTestCluster {
    let directory: String
    let url: String

    private init(directory: String, url: String) {
        self.directory = directory
        self.url = url
    }

    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var script: String { root.appendingPathComponent("tools/postgres/throwaway.sh").path }

    /// Starts a cluster; nil with the reason when it cannot.
    static func start() -> (cluster: PostgresTestCluster?, failure: String?) {
        let (status, output) = run([script, "start"])
        let parts = output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard status == 0, parts.count == 2 else {
            return (nil, "cannot start a throwaway PostgreSQL cluster (tools/postgres/throwaway.sh start exited \(status)): \(output)")
        }
        return (PostgresTestCluster(directory: parts[0], url: parts[1]), nil)
    }

    func stop() { _ = Self.run([Self.script, "stop", directory]) }
    func pause() { _ = Self.run([Self.script, "pause", directory]) }
    func resume() { _ = Self.run([Self.script, "resume", directory]) }

    /// A fresh database of the cluster, for one test.
    func database(_ name: String) -> String {
        let base = url.replacingOccurrences(of: "/vigil", with: "/postgres")
        _ = Self.run(["psql", base, "-q", "-c", "DROP DATABASE IF EXISTS \(name)", "-c", "CREATE DATABASE \(name)"])
        return url.replacingOccurrences(of: "/vigil", with: "/\(name)")
    }

    @discardableResult
    static func run(_ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (127, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Skips (or, with VIGIL_REQUIRE_POSTGRES=1, fails) when there is no cluster.
    static func require(_ cluster: PostgresTestCluster?, _ failure: String?) throws -> PostgresTestCluster {
        if let cluster { return cluster }
        let message = failure ?? "no PostgreSQL cluster"
        if ProcessInfo.processInfo.environment["VIGIL_REQUIRE_POSTGRES"] == "1" {
            XCTFail("VIGIL_REQUIRE_POSTGRES=1 but \(message)")
            throw XCTSkip("failed above")
        }
        throw XCTSkip("PostgreSQL tests skipped: \(message). Install postgresql (Debian) to run them.")
    }
}
