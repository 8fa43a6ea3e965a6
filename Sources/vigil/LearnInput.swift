// What `vigil learn` reads and writes: the labelled rows (through `vigil evaluate`'s
// readers, so both commands take the same files), with rows that cannot be read
// refused as `file:line` (exit 65); the scripts the texts are written in; and the model
// file, written to a temporary file beside the target and renamed over it, so a failed
// run never leaves a partial model behind.
import Foundation
import VigilEngine

enum LearnInput {
    static func read(_ file: String, data: LabelledDataOptions) throws -> [LabeledRecord] {
        let input = try InputText.file(file)
        if input.warnings.contains(where: { $0.contains("not valid UTF-8") }) {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            throw fail(ExitStatus.dataError, "\(file):\(firstInvalidLine(bytes)): not valid UTF-8; cannot read the row")
        }
        return try data.records(of: input.text, file: file)
    }

    /// The 1-based line holding the first byte that is not valid UTF-8.
    static func firstInvalidLine(_ data: Data) -> Int {
        var line = 1
        for chunk in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(validating: chunk, as: UTF8.self) == nil { return line }
            line += 1
        }
        return line
    }

    /// The scripts that make up 20% or more of the texts' letters (CJK characters against
    /// Latin letters and other alphabets), at least one.
    static func scripts(of texts: [String]) -> NGramFeatures.Scripts {
        var cjk = 0, alphabetic = 0
        for text in texts {
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if (0x3040...0x9FFF).contains(value) || (0xAC00...0xD7AF).contains(value) || value >= 0x20000 && value < 0x40000 { cjk += 1 }
                else if scalar.properties.isAlphabetic { alphabetic += 1 }
            }
        }
        let total = max(1, cjk + alphabetic)
        var scripts: NGramFeatures.Scripts = []
        if cjk * 5 >= total { scripts.insert(.cjk) }
        if alphabetic * 5 >= total { scripts.insert(.latin) }
        return scripts.isEmpty ? [.cjk, .latin] : scripts
    }

    /// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
            try Data(bytes).write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                try? FileManager.default.removeItem(at: temporary)
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            throw fail(ExitStatus.ioError, "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
