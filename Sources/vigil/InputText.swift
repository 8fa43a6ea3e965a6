// Reading a post from an argument, a file or stdin, and making it valid UTF-8:
// invalid sequences become U+FFFD and the verdict says so (docs/reference/records.md).
import ArgumentParser
import Foundation
import VigilEngine

struct InputText {
    var text: String
    var warnings: [String] = []
    /// The input was not valid UTF-8 (or not valid in its `--input-encoding`): the
    /// verdict is at least `review`.
    var unreadable = false

    /// Decodes bytes (from `encoding` first, when it is not UTF-8), replacing invalid
    /// UTF-8 and noting it.
    init(bytes: Data, encoding: InputEncoding = .utf8) {
        var bytes = bytes.withUnsafeBytes { Transcoder.decode($0, from: encoding) }.map { Data($0) } ?? bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }   // a byte-order mark
        if let valid = String(validating: bytes, as: UTF8.self) {
            text = valid
        } else {
            text = String(decoding: bytes, as: UTF8.self)
            unreadable = true
            warnings.append(encoding == .utf8
                ? "input was not valid UTF-8: invalid bytes were replaced with U+FFFD, so the post is held for review"
                : "input was not valid \(encoding.rawValue): undecodable bytes were replaced with U+FFFD, so the post is held for review")
        }
        if text.utf8.contains(0) { warnings.append("input contains NUL bytes (treated as separators)") }
        if text.isEmpty { warnings.append("input is empty") }
    }

    /// Reads the whole file at `path`; exits 66 when it is missing and 74 when unreadable.
    static func file(_ path: String, encoding: InputEncoding = .utf8) throws -> InputText {
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
            return InputText(bytes: try handle.readToEnd() ?? Data(), encoding: encoding)
        } catch {
            throw fail(ExitStatus.ioError, "cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// Reads standard input to its end.
    static func standardInput(encoding: InputEncoding = .utf8) throws -> InputText {
        do {
            return InputText(bytes: try FileHandle.standardInput.readToEnd() ?? Data(), encoding: encoding)
        } catch {
            throw fail(ExitStatus.ioError, "cannot read standard input: \(error.localizedDescription)")
        }
    }
}

extension InputText {
    /// The post given as an argument. The argument parser sees it with invalid UTF-8
    /// already replaced; the raw bytes are found again among the process's arguments so
    /// that a post that cannot be read is noticed (and decoded from `encoding`).
    static func argument(_ text: String, encoding: InputEncoding) -> InputText {
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let raw = Data(bytes: pointer, count: strlen(pointer))
            if String(decoding: raw, as: UTF8.self) == text { return InputText(bytes: raw, encoding: encoding) }
        }
        return InputText(bytes: Data(text.utf8), encoding: encoding)
    }
}
