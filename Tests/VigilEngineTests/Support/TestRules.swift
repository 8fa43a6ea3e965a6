// Helpers for tests: compile rule packs written inline, and check texts against them.
import Testing
@testable import VigilEngine

enum TestRules {
    /// Compiles the given files (path → YAML) with an optional policy.
    static func compile(_ files: [String: String], policy: String? = nil, companions: [String: String] = [:]) -> (engine: Engine?, diagnostics: [RuleDiagnostic]) {
        let source = RuleSource(
            packFiles: files.map { RuleFile(path: $0.key, contents: $0.value) },
            policyFile: policy.map { RuleFile(path: "policy.yaml", contents: $0) },
            readCompanion: { companions[$0] })
        do {
            let engine = try Engine.load(source)
            return (engine, engine.warnings)
        } catch {
            return (nil, error.diagnostics)
        }
    }

    /// An engine from one inline pack; records a test issue when it does not compile.
    static func engine(_ yaml: String, policy: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Engine? {
        let (engine, diagnostics) = compile(["test.yaml": yaml], policy: policy)
        if engine == nil {
            Issue.record("rules did not compile: \(diagnostics.map(\.description).joined(separator: "; "))", sourceLocation: sourceLocation)
        }
        return engine
    }

    /// Lint diagnostics of one inline pack, as `line:col: level: message` strings.
    static func lint(_ yaml: String, companions: [String: String] = [:]) -> [String] {
        compile(["p.yaml": yaml], companions: companions).diagnostics.map {
            "\($0.location.line):\($0.location.column): \($0.level.rawValue): \($0.message)"
        }
    }
}

extension Engine {
    /// Verdict for a text with fresh scratch.
    func verdict(_ text: String, kind: String? = nil) -> Verdict {
        check(text, kind: kind, scratch: ScanScratch())
    }

    /// Rule ids that hit (internal ones included).
    func ruleIDs(_ text: String) -> Set<String> {
        Set(allHits(text, scratch: ScanScratch()).map(\.hit.rule))
    }
}

extension String {
    /// The substring between code-point offsets [start, end).
    func scalarSlice(_ start: Int, _ end: Int) -> String {
        let scalars = Array(unicodeScalars)
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}
