// Reading a post from an argument, a file or stdin, and making it valid UTF-8:
// invalid sequences become U+FFFD and the verdict says so (SPEC §3).
import ArgumentParser
import Foundation

struct InputText {
    var text: String
    var warnings: [String] = []

    /// Decodes bytes, replacing invalid UTF-8 and noting it.
    init(bytes: Data) {
        if let valid = String(validating: bytes, as: UTF8.self) {
            text = valid
        } else {
            text = String(decoding: bytes, as: UTF8.self)
            warnings.append("input was not valid UTF-8: invalid bytes were replaced with U+FFFD")
        }
        if text.utf8.contains(0) { warnings.append("input contains NUL bytes (treated as separators)") }
        if text.isEmpty { warnings.append("input is empty") }
    }

    /// Reads the whole file at `path`; exits 66 when it is missing and 74 when unreadable.
    static func file(_ path: String) throws -> InputText {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail(ExitStatus.noInput, "cannot open \(path): no such file")
        }
        if isDirectory.boolValue { throw fail(ExitStatus.noInput, "cannot read \(path): it is a folder") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw fail(ExitStatus.noInput, "cannot open \(path): permission denied")
        }
        defer { try? handle.close() }
        do {
            return InputText(bytes: try handle.readToEnd() ?? Data())
        } catch {
            throw fail(ExitStatus.ioError, "cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// Reads standard input to its end.
    static func standardInput() throws -> InputText {
        do {
            return InputText(bytes: try FileHandle.standardInput.readToEnd() ?? Data())
        } catch {
            throw fail(ExitStatus.ioError, "cannot read standard input: \(error.localizedDescription)")
        }
    }
}
