// Where something in a rule file came from, so every diagnostic can say file:line:col.

/// A position in a rule or policy file (line and column start at 1; 0 means unknown).
public struct FileLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`, the form editors and CI annotations understand.
    public var description: String { "\(file):\(line):\(column)" }
}

/// A problem found while loading or linting rules.
public struct RuleDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Level: String, Sendable { case error, warning }
    public var location: FileLocation
    public var level: Level
    public var message: String

    public init(_ level: Level, _ message: String, at location: FileLocation) {
        self.level = level
        self.message = message
        self.location = location
    }

    /// `file:line:col: error: message`.
    public var description: String { "\(location): \(level.rawValue): \(message)" }
}

/// Thrown when rules cannot be used; carries every problem found, not just the first.
public struct RuleLoadFailure: Error, Sendable {
    public var diagnostics: [RuleDiagnostic]
    public init(_ diagnostics: [RuleDiagnostic]) { self.diagnostics = diagnostics }
}
