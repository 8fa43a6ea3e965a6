// Loads the built-in rule packs from the project's `rules/` folder on disk (found
// from this file's path), once for all pack tests, and checks texts against them.
import Foundation
import Testing
import VigilEngine

enum BuiltinPacks {
    /// The project's `rules/` folder.
    static let folder: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Packs
        .deletingLastPathComponent()   // VigilEngineTests
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // project root
        .appendingPathComponent("rules").path

    /// The built-in packs and policy, or the diagnostics that stopped them loading.
    static let loaded: Result<Engine, RuleLoadFailure> = {
        do throws(RuleLoadFailure) {
            let source = try RuleSource.disk(paths: [folder])
            return .success(try Engine.load(source))
        } catch {
            return .failure(error)
        }
    }()

    /// The engine, or nil after recording why it did not load.
    static func engine(sourceLocation: SourceLocation = #_sourceLocation) -> Engine? {
        switch loaded {
        case .success(let engine):
            return engine
        case .failure(let failure):
            let problems = failure.diagnostics.map { "\($0)" }.joined(separator: "\n")
            Issue.record("built-in rules did not load:\n\(problems)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The verdict on `text` (a comment unless `kind` says otherwise).
    static func check(_ text: String, kind: String? = "comment", sourceLocation: SourceLocation = #_sourceLocation) -> Verdict? {
        engine(sourceLocation: sourceLocation).map { $0.check(text, kind: kind, scratch: ScanScratch()) }
    }

    /// The rules (`pack/id`) that hit `text`, internal building blocks left out.
    static func rules(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Set<String> {
        Set(check(text, sourceLocation: sourceLocation)?.hits.map(\.rule) ?? [])
    }
}
