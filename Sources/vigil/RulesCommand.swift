// `vigil rules lint|test|explain`: the tools an operations team uses to write rule
// files, check them, run their embedded examples, and see why a text scored as it did.
import ArgumentParser
import VigilBuiltinRules
import VigilEngine

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Lint, test, explain and compare rule files.",
        subcommands: [LintCommand.self, TestCommand.self, ExplainCommand.self, DiffCommand.self]
    )
}

/// Rule paths given as arguments, loaded beside the built-in packs (which they may
/// refer to, disable or override); without paths, the built-in packs themselves.
struct RulePaths: ParsableArguments {
    @Argument(help: ArgumentHelp("Rule files or folders (default: the built-in packs).", valueName: "path"))
    var paths: [String] = []

    @Flag(name: .customLong("no-builtin-rules"), help: "Load the given files alone, without the built-in packs.")
    var noBuiltinRules = false

    var selection: RuleSelection { RuleSelection(paths: paths, builtin: !noBuiltinRules) }
    func source() throws -> RuleSource { try RuleLoading.source(selection) }
    func engine() throws -> Engine { try RuleLoading.engine(selection) }

    /// Whether a diagnostic or rule of `file` is one the user asked about: every file
    /// without paths, else the files given (not the built-in packs loaded beside them).
    func isSelected(_ file: String, in source: RuleSource) -> Bool {
        if paths.isEmpty || noBuiltinRules { return true }
        return !source.builtinPaths.contains(file)
    }
}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Validate rule files; every problem as file:line:col: error|warning: message. Exit 78 on any error (or warning, with --strict)."
    )

    @OptionGroup var paths: RulePaths

    @Flag(name: .long, help: "Treat warnings as errors (exit 78 when there are any).")
    var strict = false

    func run() throws {
        let source = try paths.source()
        let compilation = RuleCompiler().compile(source)
        var diagnostics = compilation.diagnostics
        var policy = Policy()
        if let file = source.policyFile {
            let (parsed, problems) = Policy.parse(file)
            (policy, diagnostics) = (parsed, diagnostics + problems)
        }
        if let rules = compilation.rules {
            diagnostics += RuleLinter(engine: Engine(rules: rules, policy: policy)).warnings()
        }
        diagnostics = diagnostics.sorted { ($0.location.file, $0.location.line, $0.location.column) < ($1.location.file, $1.location.line, $1.location.column) }
        if strict { diagnostics = diagnostics.map { RuleDiagnostic(.error, $0.message, at: $0.location) } }
        // Warnings about the built-in packs loaded beside the given files are left out;
        // errors never are (a given pack can break a built-in one that refers to it).
        diagnostics = diagnostics.filter { $0.level == .error || paths.isSelected($0.location.file, in: source) }
        for diagnostic in diagnostics { try writeStdout(diagnostic.description + "\n") }
        let errors = diagnostics.filter { $0.level == .error }.count
        let warnings = diagnostics.count - errors
        let files = source.packFiles.filter { paths.isSelected($0.path, in: source) }.count
            + (source.policyFile.map { paths.isSelected($0.path, in: source) ? 1 : 0 } ?? 0)
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
        let source = try paths.source()
        let engine = try RuleLoading.engine(paths.selection)
        let results = RuleExampleRunner(engine: engine).run { paths.isSelected($0.file, in: source) }
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

    @Option(name: .long, help: ArgumentHelp("Record kind selecting policy thresholds (default: post, as `vigil check`).", valueName: "kind"))
    var kind: String = "post"

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let engine = try ruleOptions.engine()
        try KindCheck.require(kind, in: engine.policy)
        try writeStdout(Explanation(engine: engine, text: text, kind: kind).render())
    }
}
