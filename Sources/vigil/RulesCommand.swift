// `vigil rules lint|test|explain`: the tools an operations team uses to write rule
// files, check them, run their embedded examples, and see why a text scored as it did.
import ArgumentParser
import VigilBuiltinRules
import VigilEngine

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Lint, test and explain rule files.",
        subcommands: [LintCommand.self, TestCommand.self, ExplainCommand.self]
    )
}

/// Rule paths given as arguments, or the built-in packs when none are.
struct RulePaths: ParsableArguments {
    @Argument(help: ArgumentHelp("Rule files or folders (default: the built-in packs).", valueName: "path"))
    var paths: [String] = []

    func source() throws -> RuleSource { try RuleLoading.source(rules: paths, policy: nil) }
    func engine() throws -> Engine { try RuleLoading.engine(rules: paths, policy: nil) }
}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Validate rule files; every problem as file:line:col: error: message. Exit 78 on any error."
    )

    @OptionGroup var paths: RulePaths

    func run() throws {
        let source = try paths.source()
        var diagnostics = RuleCompiler().compile(source).diagnostics
        if let policy = source.policyFile { diagnostics += Policy.parse(policy).1 }
        for diagnostic in diagnostics { try writeStdout(diagnostic.description + "\n") }
        let errors = diagnostics.filter { $0.level == .error }.count
        let warnings = diagnostics.count - errors
        let files = source.packFiles.count + (source.policyFile == nil ? 0 : 1)
        printError("\(files) file\(files == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        if errors > 0 { throw ExitCode(ExitStatus.config) }
    }
}

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run every rule's embedded examples; exit 1 when any fails."
    )

    @OptionGroup var paths: RulePaths

    func run() throws {
        let engine = try paths.engine()
        let results = RuleExampleRunner(engine: engine).run()
        for failure in results.failures { try writeStdout(failure + "\n") }
        printError("\(results.passed) examples passed, \(results.failures.count) failed, in \(results.rules) rules")
        if !results.failures.isEmpty { throw ExitCode(1) }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show normalization, every hit with its span, and how the score was formed."
    )

    @Argument(help: "The text to explain.")
    var text: String

    @Option(name: .long, help: ArgumentHelp("Record kind (post or comment), selecting policy thresholds.", valueName: "kind"))
    var kind: String?

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let engine = try ruleOptions.engine()
        try writeStdout(Explanation(engine: engine, text: text, kind: kind).render())
    }
}
