// `vigil screen`: streaming screening of stdin (SPEC §1–3). One output record per
// input line, in input order, on stdout; bad lines become error records; the process
// exits 0 at the end of its input whatever it found. SIGHUP reloads the rules.
import ArgumentParser
import Foundation
import Glibc
import VigilEngine

struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen a stream of posts on stdin: one JSON record per input line on stdout.",
        discussion: "Input is JSONL (records with a \"text\" field, SPEC §2) or plain text, one post per line. SIGHUP reloads the rules between batches; a failed reload keeps the old rules. A summary goes to stderr at the end."
    )

    @Option(name: .long, help: "Input format: jsonl (records) or text (one post per line).")
    var input: InputFormat = .jsonl

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: ArgumentHelp("Longest line accepted; longer lines get an error record and are skipped.", valueName: "bytes"))
    var maxLineBytes: Int = 1 << 20

    @Option(name: .long, help: ArgumentHelp("Escalation state file: restored at start when it exists, saved periodically and at the end.", valueName: "file"))
    var state: String?

    @Option(name: .long, help: ArgumentHelp("Write escalation records to this file instead of stdout.", valueName: "file"))
    var events: String?

    @Option(name: .long, help: ArgumentHelp("Encoding of the input: utf-8, gb18030, gbk, big5, utf-16 (BOM, else big-endian), utf-16le, utf-16be.", valueName: "name"))
    var inputEncoding: InputEncoding = .utf8

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        try storeOptions.validateStore(databaseGiven: storeOptions.database != nil)
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if maxLineBytes < 1 { throw ValidationError("--max-line-bytes must be at least 1") }
    }

    func run() throws {
        let engine = try ruleOptions.engine()
        signal(SIGPIPE, SIG_IGN)
        ReloadSignal.install()
        ReloadSignal.blockOnThisThread()   // threads started from here inherit this; the reader unblocks it
        let store = try storeOptions.database.map { try ScreenStore(path: $0, options: storeOptions, format: input) }
        let escalation = try store?.stage(policy: engine.policy.escalation, statePath: state)
            ?? EscalationStage(policy: engine.policy.escalation, statePath: state)
        var eventsDescriptor: Int32 = 1
        if let events { eventsDescriptor = try OutputPath.openForAppending(events, what: "events file") }
        let inputDescriptor = inputEncoding == .utf8 ? 0 : try DecodedInput.start(from: 0, encoding: inputEncoding)
        let session = ScreenSession(engine: engine, format: input, threads: threads, maximumLineBytes: maxLineBytes,
                                    input: inputDescriptor, escalation: escalation, eventsDescriptor: eventsDescriptor, store: store,
                                    reload: { [ruleOptions] in try Engine.load(ruleOptions.source()) })
        let totals = try session.run()
        printError(totals.summary())
    }
}

extension InputFormat: ExpressibleByArgument {}
extension InputEncoding: ExpressibleByArgument {}

/// One run of the screen pipeline over stdin.
final class ScreenSession: @unchecked Sendable {
    // Safety: `engine` and the reader state are used by the reader thread only after
    // `run` starts it; totals and output belong to the calling (writer) thread.
    private var engine: Engine
    let format: InputFormat
    let threads: Int
    let maximumLineBytes: Int
    let reload: @Sendable () throws -> Engine
    private var reader: LineReader
    private var reloads = 0
    private let stdout: OutputStream
    private let escalation: EscalationStage?
    /// `--database`: what the batch produced goes to the console's store.
    private let store: ScreenStore?
    /// Where escalation records go: stdout, or the `--events` file.
    private let events: OutputStream?
    /// The state is saved after this many written batches, and at the end.
    let batchesBetweenSaves = 64

    /// Reads lines from `input` and writes records to `output` (file descriptors).
    init(engine: Engine, format: InputFormat, threads: Int, maximumLineBytes: Int,
         input: Int32 = 0, output: Int32 = 1, escalation: EscalationStage? = nil, eventsDescriptor: Int32 = 1,
         store: ScreenStore? = nil, reload: @escaping @Sendable () throws -> Engine) {
        self.store = store
        self.engine = engine
        self.format = format
        self.threads = threads
        self.maximumLineBytes = maximumLineBytes
        self.reload = reload
        self.escalation = escalation
        reader = LineReader(descriptor: input, maximumLineBytes: maximumLineBytes)
        stdout = OutputStream(descriptor: output)
        events = eventsDescriptor == output ? nil : OutputStream(descriptor: eventsDescriptor)
    }

    func run() throws -> ScreenTotals {
        let exchange = BatchExchange(maximumInFlight: threads * 2 + 2)
        let started = ContinuousClock.now
        let finished = DispatchGroup()
        finished.enter()
        Thread { [self] in
            readAll(into: exchange)
            finished.leave()
        }.start()
        for _ in 0..<threads {
            finished.enter()
            Thread { [format] in
                let screener = RecordScreener()
                while let batch = exchange.takeWork() {
                    batch.screen(with: screener, format: format)
                    exchange.complete(batch)
                }
                finished.leave()
            }.start()
        }
        var totals = ScreenTotals()
        var sequence = 0
        var linesWritten = 0
        while let batch = exchange.takeResult(sequence) {
            do {
                let transitionsBefore = escalation?.transitions ?? 0, commandsBefore = totals.commands
                try write(batch, &totals)
                linesWritten += batch.lineCount
                if let store, let escalation {
                    store.finishBatch(escalation, linesWritten: linesWritten,
                                      saveState: (sequence + 1) % batchesBetweenSaves == 0 || escalation.transitions != transitionsBefore
                                        || totals.commands != commandsBefore)
                }
                if (sequence + 1) % batchesBetweenSaves == 0 {
                    try escalation?.save(afterLines: linesWritten)
                } else if let escalation, escalation.transitions != transitionsBefore || totals.commands != commandsBefore {
                    // Transitions (or commands) were written: save at once, so that a screen
                    // killed from here on resumes after them and does not write them again.
                    try escalation.save(afterLines: linesWritten, sync: false)
                }
            } catch {
                try stopAfterWriteFailure(error, linesWritten: linesWritten)
            }
            exchange.release(batch)
            sequence += 1
        }
        finished.wait()
        if let escalation {
            do {
                try writeEscalation(escalation.finish())
                store?.close(escalation, linesWritten: linesWritten)
                try stdout.flush()
                try events?.flush()
                try escalation.save(afterLines: linesWritten)
            } catch {
                try stopAfterWriteFailure(error, linesWritten: linesWritten)
            }
        }
        totals.transitions = escalation?.transitions ?? 0
        if let failure = reader.failure { throw fail(ExitStatus.ioError, failure) }
        totals.bytes = reader.bytesRead
        totals.reloads = reloads
        totals.seconds = seconds(ContinuousClock.now - started)
        return totals
    }

    /// Stops the screen after `error`. A closed stdout (its reader is gone, as with
    /// `vigil screen | head`) ends the screen quietly with 0, like any Unix filter, after
    /// saving the escalation state; any other failure is reported (the messages of
    /// failures already reported are not repeated) and exits non-zero.
    private func stopAfterWriteFailure(_ error: any Error, linesWritten: Int) throws -> Never {
        if let output = error as? OutputError, output.code == EPIPE, output.descriptor == stdout.descriptor {
            try? events?.flush()
            try? escalation?.save(afterLines: linesWritten)
            exit(0)
        }
        if let exit = error as? ExitCode { throw exit }
        throw fail(ExitStatus.ioError, "cannot write output: \(error)")
    }

    /// Reader thread: batches until the end of input, reloading rules on SIGHUP.
    private func readAll(into exchange: BatchExchange) {
        ReloadSignal.receiveOnThisThread()
        reading: while true {
            if ReloadSignal.consume() { reloadRules() }
            if reader.spare == nil { reader.spare = exchange.takeSpare() }
            switch reader.nextBatch(engine: engine) {
            case .batch(let batch): exchange.submit(batch)
            case .interrupted: continue
            case .endOfInput: break reading
            }
        }
        exchange.finishInput()
    }

    private func reloadRules() {
        do {
            engine = try reload()
            reloads += 1
            printError("vigil: rules reloaded (\(engine.rules.rules.count) rules)")
        } catch let failure as RuleLoadFailure {
            for diagnostic in failure.diagnostics { printError(diagnostic.description) }
            printError("vigil: reload failed; still using the previous rules")
        } catch {
            printError("vigil: reload failed (\(error)); still using the previous rules")
        }
    }

    /// Writer: a batch's records in order.
    private func write(_ batch: InputBatch, _ totals: inout ScreenTotals) throws {
        var start = 0
        // Counted here and added to the totals once per batch (not a dictionary update per line).
        var allowed = 0, reviewed = 0, blocked = 0
        defer {
            if allowed > 0 { totals.decisions[.allow, default: 0] += allowed }
            if reviewed > 0 { totals.decisions[.review, default: 0] += reviewed }
            if blocked > 0 { totals.decisions[.block, default: 0] += blocked }
        }
        // Read once: each access to a batch property is a dynamic exclusivity check here.
        let screened = batch.screened, recordEnds = batch.recordEnds, output = batch.output.bytes
        // The batch's records are written a run at a time: up to `start`, everything
        // from `written` on is still to be written, and a run is only cut where
        // something else (a command's record, escalation records) comes between.
        var written = 0
        func writeRecords(upTo end: Int) throws {
            if end > written { try output.withUnsafeBufferPointer { try stdout.write(UnsafeBufferPointer(rebasing: $0[written..<end])) } }
            written = end
        }
        // The lines are read in place through a buffer pointer (and handed to the
        // escalation stage by address), never copied out of the array: a copy of a line
        // retains and releases each of its strings.
        // The stage is called through an unretained reference: `self.escalation`, a
        // constant, holds it for the whole call, and binding the optional for each line
        // retained and released it for every line.
        let stage = escalation.map { Unmanaged.passUnretained($0) }
        let storeHook = store.map { Unmanaged.passUnretained($0) }
        try screened.withUnsafeBufferPointer { screened in
            for index in screened.indices {
                let kind = screened[index].kind
                let end = recordEnds[index]
                totals.records += 1
                switch kind {
                case .verdict:
                    switch screened[index].decision {
                    case .allow: allowed += 1
                    case .review: reviewed += 1
                    case .block: blocked += 1
                    }
                case .error: totals.errors += 1; reviewed += 1
                case .command: totals.commands += 1
                }
                if kind == .command {
                    // A command has no record in the batch output: skip its range.
                    try writeRecords(upTo: start)
                    written = end
                }
                if let stage {
                    let produced = stage._withUnsafeGuaranteedRef({ $0.feed(screened.baseAddress! + index) })
                    if let storeHook, kind == .verdict, screened[index].decision == .review || stage._withUnsafeGuaranteedRef({ $0.monitor.lastRecordIsExample }) {
                        let example = stage._withUnsafeGuaranteedRef { $0.monitor.lastRecordIsExample }
                        storeHook._withUnsafeGuaranteedRef { $0.note(batch, index, screened.baseAddress! + index, example: example) }
                    }
                    if produced {
                        let escalation = stage.takeUnretainedValue()
                        try writeRecords(upTo: end)
                        if let own = escalation.ownRecord { try stdout.write(own) }
                        try writeEscalation(escalation.transitionRecords)
                    }
                } else if kind == .command {
                    try stdout.write(commandRecord(screened[index]))
                }
                start = end
            }
        }
        try writeRecords(upTo: start)
        try stdout.flush()
        try events?.flush()
    }

    private func writeEscalation(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try (events ?? stdout).write(bytes)
    }

    private func commandRecord(_ line: ScreenedLine) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("type"); writer.string("command")
        writer.key("line"); writer.int(line.line)
        writer.key("command"); writer.string(line.command ?? "")
        writer.key("topic"); writer.string(line.topic)
        writer.key("accepted"); writer.bool(false)
        writer.key("reason"); writer.string("escalation is off in this run")
        writer.endObject()
        writer.bytes.append(0x0A)
        return writer.bytes
    }
}

extension ScreenTotals {
    func summary() -> String {
        let mb = Double(bytes) / 1e6
        let rate = seconds > 0 ? mb / seconds : 0
        var text = "vigil screen: \(records) records (\(Decision.allCases.map { "\($0.rawValue) \(decisions[$0] ?? 0)" }.joined(separator: ", ")))"
        text += ", \(errors) error\(errors == 1 ? "" : "s")"
        if transitions > 0 { text += ", \(transitions) escalation record\(transitions == 1 ? "" : "s")" }
        if commands > 0 { text += ", \(commands) commands" }
        if reloads > 0 { text += ", \(reloads) reload\(reloads == 1 ? "" : "s")" }
        text += String(format: "; %.1f MB in %.2f s (%.1f MB/s)", mb, seconds, rate)
        return text
    }
}

/// Buffered writes to a file descriptor, retrying short writes.
final class OutputStream {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        // A large block (a batch's records) goes straight to the descriptor, uncopied.
        if bytes.count >= Self.directWriteBytes {
            try flush()
            try writeAll(UnsafeRawBufferPointer(bytes))
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Blocks at least this long skip the buffer.
    static let directWriteBytes = 64 << 10

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try write($0) }
    }

    func flush() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        try buffer.withUnsafeBytes { try writeAll($0) }
    }

    /// Writes all of `bytes`, resuming after partial writes and interrupted calls.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputError(message: String(cString: strerror(errno)), code: errno, descriptor: descriptor)
            }
            offset += written
        }
    }
}

struct OutputError: Error, CustomStringConvertible {
    var message: String
    var code: Int32 = 0
    var descriptor: Int32 = -1
    var description: String { message }
}
