// `vigil rules diff OLD NEW --corpus FILE`: what a rule change would do before it goes
// live. Every record of the corpus is screened with both rule sets in one pass over the
// file, on all cores; every record whose decision or reported rules changed is listed,
// with counts per rule and per change of decision and example texts per rule.
// Exit 0 when no decision changes, 1 when one does, 78 when a rule set is invalid.
import ArgumentParser
import Dispatch
import Foundation
import VigilEngine

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Screen a corpus with two rule sets and report every record whose verdict changed.",
        discussion: "OLD and NEW are rule paths as --rules takes them (added to the built-in packs), or the word `builtin` for the built-in set. Exit 0 when no decision changes, 1 when one does, 78 when a rule set is invalid."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: ArgumentHelp("The rules in use: a rule file or folder, or `builtin`.", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The candidate rules: a rule file or folder, or `builtin`.", valueName: "new"))
    var new: String

    @Option(name: .long, help: ArgumentHelp("Records to screen: JSONL (docs/reference/records.md) or, with --input text, one post a line.", valueName: "file"))
    var corpus: String

    @Option(name: .long, help: "Input format of the corpus: jsonl or text.")
    var input: InputFormat = .jsonl

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .long, help: ArgumentHelp("Example texts shown per rule.", valueName: "n"))
    var examples = 3

    @Flag(name: .customLong("no-builtin-rules"), help: "OLD and NEW paths alone, without the built-in packs (`builtin` still names them).")
    var noBuiltinRules = false

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if examples < 0 { throw ValidationError("--examples must be 0 or more") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let oldEngine = try RuleLoading.engine(.named(old, builtin: !noBuiltinRules))
        let newEngine = try RuleLoading.engine(.named(new, builtin: !noBuiltinRules))
        let data = try Self.read(corpus)
        let started = ContinuousClock.now
        let result = DiffRun(comparison: RuleSetComparison(old: oldEngine, new: newEngine), format: input, threads: threads).run(data)
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        let report = DiffReport(result: result, examples: examples, bytes: data.count, seconds: seconds)
        try writeStdout(format == .json ? report.json() : report.text())
        printError(report.speedLine)
        if result.decisionChanges > 0 { throw ExitCode(1) }
    }

    /// The corpus file's bytes; exit 66 when it is missing, 74 when unreadable.
    static func read(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw fail(ExitStatus.noInput, "cannot open corpus \(path): no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail(ExitStatus.ioError, "cannot read corpus \(path)")
        }
        return [UInt8](data)
    }
}

/// One changed record.
struct ChangedRecord {
    var line: Int
    /// The id as JSON (the record's id, or the line number).
    var idJSON: String
    var text: String
    var change: RuleSetChange
}

/// The outcome of screening a corpus with both sets.
struct DiffResult {
    var records = 0
    var errors = 0
    var changed: [ChangedRecord] = []
    var decisionChanges: Int { changed.filter { $0.change.before != $0.change.after }.count }
}

/// Splits the corpus into line ranges and screens them on `threads` threads.
struct DiffRun {
    let comparison: RuleSetComparison
    let format: InputFormat
    let threads: Int

    func run(_ data: [UInt8]) -> DiffResult {
        var lineStarts: [Int] = [0]
        for (index, byte) in data.enumerated() where byte == 0x0A { lineStarts.append(index + 1) }
        if lineStarts.last == data.count { lineStarts.removeLast() }
        let chunkCount = max(1, min(lineStarts.count, threads * 8))
        let perChunk = (lineStarts.count + chunkCount - 1) / chunkCount
        let results = UnsafeMutableBufferPointer<DiffResult>.allocate(capacity: chunkCount)
        results.initialize(repeating: DiffResult())
        defer { results.deallocate() }
        let starts = lineStarts
        data.withUnsafeBufferPointer { bytes in
            let shared = SendableBytes(bytes: bytes, results: results)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let first = chunk * perChunk, last = min(starts.count, first + perChunk)
                guard first < last else { return }
                shared.results[chunk] = screen(lines: first..<last, lineStarts: starts, bytes: shared.bytes)
            }
        }
        var total = DiffResult()
        for part in results {
            total.records += part.records
            total.errors += part.errors
            total.changed += part.changed
        }
        return total
    }

    /// Screens lines `range` (indices into `lineStarts`) with both sets.
    func screen(lines range: Range<Int>, lineStarts: [Int], bytes: UnsafeBufferPointer<UInt8>) -> DiffResult {
        var result = DiffResult()
        var parser = JSONLineParser()
        let oldScratch = ScanScratch(), newScratch = ScanScratch()
        var repaired: [UInt8] = []
        for index in range {
            let start = lineStarts[index]
            var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            result.records += 1
            var kind = "comment", idJSON = String(index + 1)
            if format == .jsonl {
                guard case .success(let record) = parser.parse(line) else { result.errors += 1; continue }
                if record.isCommand { result.records -= 1; continue }
                if let given = record.kind {
                    guard comparison.old.policy.knowsKind(given) && comparison.new.policy.knowsKind(given) else { result.errors += 1; continue }
                    kind = given
                }
                if let id = record.idJSON { idJSON = String(decoding: id, as: UTF8.self) }
                repaired = parser.text
            } else {
                repaired = Array(String(decoding: line, as: UTF8.self).utf8)
            }
            let change = repaired.withUnsafeBufferPointer {
                comparison.compare($0, kind: kind, oldScratch: oldScratch, newScratch: newScratch)
            }
            if let change {
                result.changed.append(ChangedRecord(line: index + 1, idJSON: idJSON, text: String(decoding: repaired, as: UTF8.self), change: change))
            }
        }
        return result
    }
}

/// The corpus bytes and the per-chunk results, shared read-only (bytes) and by disjoint
/// index (results) among the worker threads.
struct SendableBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    let results: UnsafeMutableBufferPointer<DiffResult>
}
