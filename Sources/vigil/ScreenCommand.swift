// `vigil screen`: streaming screening of stdin (docs/screen.md). One output record per
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
        discussion: "Input is JSONL (records with a \"text\" field) or plain text, one post per line. SIGHUP reloads the rules between batches; a failed reload keeps the old rules. A summary goes to stderr at the end."
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
        if let events {
            eventsDescriptor = try OutputPath.openForAppending(events, what: "events file")
            try escalation.useEvents(descriptor: eventsDescriptor, path: events)
        }
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
