// What the fuzz targets share: the project's rule packs (the files the binary embeds,
// read from rules/ beside this package), compiled once per process, and a way to stop
// with a message when an invariant breaks (libFuzzer then saves the input).
import Foundation
import VigilEngine

public enum FuzzSupport {
    /// The project's `rules/` folder (VIGIL_RULES overrides it).
    public static var rulesFolder: String {
        if let path = ProcessInfo.processInfo.environment["VIGIL_RULES"] { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules").path
    }

    /// The built-in packs and policy, loaded once.
    nonisolated(unsafe) public static let engine: Engine = {
        do {
            return try Engine.load(try RuleSource.disk(paths: [rulesFolder]))
        } catch {
            fatalError("cannot load the rules in \(rulesFolder): \((error as? RuleLoadFailure)?.diagnostics.map { $0.description } ?? [])")
        }
    }()

    /// Stops the process: an invariant does not hold for this input.
    public static func violated(_ message: @autoclosure () -> String) -> Never {
        fatalError("invariant violated: \(message())")
    }

    /// The fuzzer's input as bytes.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: size == 0 ? nil : data, count: size)
    }
}

/// libFuzzer's driver (linked in by `-sanitize=fuzzer`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

extension FuzzSupport {
    /// Runs libFuzzer with the process's arguments on `callback`. SwiftPM links an
    /// executable's entry point as `<module>_main` on Linux, so each target's entry
    /// point calls this instead of relying on libFuzzer's own `main`.
    public static func run(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                           _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments, callback)
    }
}
