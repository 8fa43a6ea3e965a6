// The `--rules` and `--policy` options shared by every command that checks text, and
// the loading that turns invalid rules into exit 78 with every diagnostic printed.
import ArgumentParser
import VigilBuiltinRules
import VigilEngine

struct RuleOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Rule file or folder (every *.yaml below it); repeatable. Default: the packs built into vigil.", valueName: "path"))
    var rules: [String] = []

    @Option(name: .long, help: ArgumentHelp("Scoring policy file (default: policy.yaml among the rules).", valueName: "file"))
    var policy: String?

    func source() throws -> RuleSource { try RuleLoading.source(rules: rules, policy: policy) }
    func engine() throws -> Engine { try RuleLoading.engine(rules: rules, policy: policy) }
}

/// Rule loading for the commands, with failures turned into exit 78.
enum RuleLoading {
    /// The rule files to use: the given paths, or the built-in packs.
    static func source(rules: [String], policy: String?) throws -> RuleSource {
        do {
            return try loadSource(rules: rules, policy: policy)
        } catch {
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            throw ExitCode(ExitStatus.config)
        }
    }

    /// Loads the engine or exits 78 after printing every problem.
    static func engine(rules: [String], policy: String?) throws -> Engine {
        do {
            return try load(rules: rules, policy: policy)
        } catch {
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            let errors = error.diagnostics.filter { $0.level == .error }.count
            printError("vigil: rules not loaded: \(errors) error\(errors == 1 ? "" : "s")")
            throw ExitCode(ExitStatus.config)
        }
    }

    /// The rule files to use, or every problem found reading them; prints nothing.
    static func loadSource(rules: [String], policy: String?) throws(RuleLoadFailure) -> RuleSource {
        var source = rules.isEmpty ? RuleSource.embedded(embeddedRuleFiles, binaries: embeddedBinaryRuleFiles) : try RuleSource.disk(paths: rules)
        if let policy {
            let policySource = try RuleSource.disk(paths: [policy])
            source.policyFile = policySource.policyFile ?? policySource.packFiles.first
        }
        return source
    }

    /// The engine, or every problem found (`file:line:col: error: …`); prints nothing.
    /// `vigil serve` reloads with this and reports the problems in its response.
    static func load(rules: [String], policy: String?) throws(RuleLoadFailure) -> Engine {
        try Engine.load(try loadSource(rules: rules, policy: policy))
    }
}
