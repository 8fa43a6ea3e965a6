// What a pack says about rules beyond its own: built-in rules it turns off (`disable`),
// the severity or weight it gives another rule (`override`), and the text it declares
// harmless for every rule (`allow`). An operations team adds a pack with these on top
// of the built-in packs instead of copying and editing them.

/// A change of another rule's severity or weight (`override: {pack/id: {severity: …}}`).
public struct RuleOverride: Sendable {
    public var target: RuleReference
    public var severity: Severity?
    public var weight: Double?
}

/// One entry of an `allow:` list: text that is never a finding, whatever rule hits it.
public struct AllowEntry: Sendable {
    public enum Pattern: Sendable, Equatable {
        /// Matched on the folded text (every normalization step but separators).
        case exact(String)
        /// A PCRE2 pattern, run on the folded text, caseless.
        case regex(String)
    }
    public var pattern: Pattern
    public var location: FileLocation

    /// The entry as it is shown: the text, or the pattern.
    public var text: String {
        switch pattern {
        case .exact(let text), .regex(let text): return text
        }
    }
}

/// The pack-level settings besides `defaults`.
public struct PackSettings: Sendable {
    /// Rules (usually built-in ones) this pack turns off: never scored or reported.
    public var disable: [RuleReference] = []
    public var overrides: [RuleOverride] = []
    public var allow: [AllowEntry] = []
    public init() {}
}
