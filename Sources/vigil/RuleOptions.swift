// The `--rules`, `--no-builtin-rules` and `--policy` options shared by every command that
// checks text, and the loading that turns invalid rules into exit 78 with every
// diagnostic printed (a rules path that does not exist is exit 66).
import ArgumentParser
import Foundation
import VigilBuiltinRules
import VigilEngine

struct RuleOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Rule file or folder (every *.yaml below it) added to the built-in packs; repeatable. A pack named like a built-in one replaces it; a policy.yaml among them replaces the built-in policy.", valueName: "path"))
    var rules: [String] = []

    @Flag(name: .customLong("no-builtin-rules"), help: "Start from no rules and no policy instead of the packs built into vigil.")
    var noBuiltinRules = false

    @Option(name: .long, help: ArgumentHelp("Scoring policy file (default: a policy.yaml among --rules, else the built-in policy).", valueName: "file"))
    var policy: String?

    var selection: RuleSelection { RuleSelection(paths: rules, builtin: !noBuiltinRules, policy: policy) }
    func source() throws -> RuleSource { try RuleLoading.source(selection) }
    func engine() throws -> Engine { try RuleLoading.engine(selection) }
}

/// Which rules a command uses: the built-in packs or not, paths added, a policy file.
struct RuleSelection: Sendable {
    var paths: [String]
    var builtin = true
    var policy: String?

    /// The selection a `rules diff` argument names: `builtin`, or rule paths added to the built-ins.
    static func named(_ argument: String, builtin: Bool) -> RuleSelection {
        argument == "builtin" ? RuleSelection(paths: [], builtin: true) : RuleSelection(paths: [argument], builtin: builtin)
    }
}

/// Rule loading for the commands, with failures turned into exit 66 or 78.
enum RuleLoading {
    /// The rule files to use, or exit 66 (a path missing) or 78 (unreadable).
    static func source(_ selection: RuleSelection) throws -> RuleSource {
        try requireExisting(selection)
        do {
            return try loadSource(selection)
        } catch {
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            throw ExitCode(ExitStatus.config)
        }
    }

    /// Loads the engine or exits 78 after printing every problem (66 for a missing path).
    static func engine(_ selection: RuleSelection) throws -> Engine {
        try requireExisting(selection)
        do {
            return try load(selection)
        } catch {
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            let errors = error.diagnostics.filter { $0.level == .error }.count
            printError("vigil: rules not loaded: \(errors) error\(errors == 1 ? "" : "s")")
            throw ExitCode(ExitStatus.config)
        }
    }

    /// Exit 66, naming the path, when a rules or policy path does not exist.
    static func requireExisting(_ selection: RuleSelection) throws {
        for path in selection.paths + (selection.policy.map { [$0] } ?? []) where !FileManager.default.fileExists(atPath: path) {
            throw fail(ExitStatus.noInput, "cannot open rules path \(path): no such file or folder")
        }
    }

    /// The built-in rule files.
    static let builtinSource = RuleSource.embedded(embeddedRuleFiles, binaries: embeddedBinaryRuleFiles)

    /// The rule files to use, or every problem found reading them; prints nothing.
    static func loadSource(_ selection: RuleSelection) throws(RuleLoadFailure) -> RuleSource {
        var source: RuleSource
        if selection.builtin {
            source = builtinSource
            if !selection.paths.isEmpty { source = source.adding(try RuleSource.disk(paths: selection.paths)) }
        } else {
            source = selection.paths.isEmpty ? RuleSource(packFiles: [], policyFile: nil, readCompanion: { _ in nil })
                                             : try RuleSource.disk(paths: selection.paths)
        }
        if let policy = selection.policy {
            let policySource = try RuleSource.disk(paths: [policy])
            source.policyFile = policySource.policyFile ?? policySource.packFiles.first
        }
        return source
    }

    /// The engine, or every problem found (`file:line:col: error: …`); prints nothing.
    /// `vigil serve` reloads with this and reports the problems in its response.
    static func load(_ selection: RuleSelection) throws(RuleLoadFailure) -> Engine {
        try Engine.load(try loadSource(selection))
    }
}
