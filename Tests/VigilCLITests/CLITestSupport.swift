// Runs the built `vigil` binary as a user would, so the tests cover argument parsing,
// exit codes and output. The binary is the one built with these tests: SwiftPM builds
// the `vigil` target for this test target (Package.swift) into the folder that holds
// the test bundle, in the same configuration, so `swift test` and `swift test -c
// release` always test the current code. VIGIL_BINARY names another binary on purpose.
import Foundation
import Testing

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
    /// stdout parsed as one JSON object, when it is one.
    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
    }
}

enum Vigil {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["VIGIL_BINARY"] { return URL(fileURLWithPath: path) }
        return buildFolder.appendingPathComponent("vigil")
    }

    /// The folder of the build that holds the running test bundle (on Linux the bundle is
    /// an executable, `vigilPackageTests.xctest`; on macOS a bundle loaded by `xctest`).
    static let buildFolder: URL = {
        #if os(macOS)
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        #endif
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent()
    }()

    /// Runs vigil with `arguments`, feeding `stdin`.
    static func run(_ arguments: [String], stdin: Data? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> CommandResult {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            Issue.record("cannot run \(binary.path), the vigil built with these tests: \(error)", sourceLocation: sourceLocation)
            return CommandResult(status: -1, stdout: "", stderr: "")
        }
        // Write and read concurrently so large inputs and outputs cannot deadlock.
        // vigil may exit before reading all its input (e.g. invalid rules): ignore
        // SIGPIPE so that only the write fails, not the test process.
        signal(SIGPIPE, SIG_IGN)
        let writer = Thread {
            if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = ErrorCollector(errors.fileHandleForReading)
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: out, as: UTF8.self),
                             stderr: String(decoding: errorData.finish(), as: UTF8.self))
    }

    /// A fresh temporary folder.
    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Drains a pipe on a background thread.
final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)
    init(_ handle: FileHandle) {
        Thread {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }.start()
    }
    func finish() -> Data {
        done.wait()
        return data
    }
}

extension Vigil {
    /// `run` on a thread of its own: a test waiting for a long vigil run does not hold
    /// one of the few threads of Swift's cooperative pool, which the in-process servers
    /// of VigilServeTests need at the same time.
    static func runAsync(_ arguments: [String], stdin: Data? = nil) async -> CommandResult {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: run(arguments, stdin: stdin)) }.start()
        }
    }
}
