// The `vigil` command line (docs/reference/commands.md): a thin layer over VigilEngine that reads input,
// loads rules, prints results and maps failures to the documented exit codes.
import ArgumentParser

@main
struct Vigil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Rules-based moderation and risk engine for a brand's social-media posts and comments.",
        discussion: "Exit codes: check gives 0 allow, 1 review, 2 block. Errors: 64 usage, 65 unreadable input data, 66 input file missing, 74 I/O error, 78 invalid rules or policy.",
        subcommands: [CheckCommand.self, ScreenCommand.self, ServeCommand.self, RulesCommand.self, BenchCommand.self, EvaluateCommand.self, LearnCommand.self, ReportCommand.self]
    )
}
