// The exit codes of docs/reference/commands.md (sysexits.h values) and a way to stop with one after
// saying why on stderr.
import ArgumentParser
import Foundation

enum ExitStatus {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let unavailable: Int32 = 69
    static let software: Int32 = 70
    static let cannotCreate: Int32 = 73
    static let noPermission: Int32 = 77
    static let ioError: Int32 = 74
    static let config: Int32 = 78
}

/// Writes a line to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Prints `vigil: message` on stderr and returns the exit code to throw.
func fail(_ code: Int32, _ message: String) -> ExitCode {
    printError("vigil: \(message)")
    return ExitCode(code)
}

/// Writes bytes to stdout, failing with 74 when stdout is gone.
func writeStdout(_ text: String) throws {
    do {
        try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    } catch {
        throw fail(ExitStatus.ioError, "cannot write to standard output: \(error.localizedDescription)")
    }
}
