// `vigil check`: the pre-publish check of one post (docs/reference/commands.md). Prints the verdict as
// JSON or as a readable report, and exits 0 / 1 / 2 for allow / review / block.
import ArgumentParser
import VigilEngine

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check one post before it is published.",
        discussion: "The post is TEXT, the contents of --file, or standard input when neither is given. Exit code: 0 allow, 1 review, 2 block."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The post's text.")
    var text: String?

    @Option(name: .long, help: ArgumentHelp("Read the post from this file.", valueName: "path"))
    var file: String?

    @Option(name: .long, help: "Output format: text (for people) or json (the verdict record).")
    var format: Format = .text

    @Option(name: .long, help: ArgumentHelp("Record kind selecting policy thresholds (default: post, the pre-publish check; an unknown kind is exit 64).", valueName: "kind"))
    var kind: String = "post"

    @Option(name: .long, help: ArgumentHelp("Encoding of the post: utf-8, gb18030, gbk, big5, utf-16 (BOM, else big-endian), utf-16le, utf-16be.", valueName: "name"))
    var inputEncoding: InputEncoding = .utf8

    @OptionGroup var ruleOptions: RuleOptions

    func validate() throws {
        if text != nil && file != nil { throw ValidationError("give the post as TEXT or with --file, not both") }
    }

    func run() throws {
        let input: InputText
        if let file { input = try InputText.file(file, encoding: inputEncoding) }
        else if let text { input = InputText.argument(text, encoding: inputEncoding) }
        else { input = try InputText.standardInput(encoding: inputEncoding) }
        let engine = try ruleOptions.engine()
        try KindCheck.require(kind, in: engine.policy)
        var verdict = engine.check(input.text, kind: kind, scratch: ScanScratch())
        verdict.warnings = input.warnings + verdict.warnings
        verdict.decision = verdict.decision.raised(unreadable: input.unreadable)
        switch format {
        case .json:
            var writer = JSONWriter()
            writer.verdict(verdict)
            try writeStdout(writer.string + "\n")
        case .text:
            try writeStdout(TextReport.verdict(verdict, text: input.text, policy: engine.policy, kind: kind))
        }
        throw ExitCode(verdict.decision.exitCode)
    }
}
