// The rule language (docs/rules.md) as plain values: what a rule file says, with the
// location of each part kept for diagnostics. Loading fills it; linting checks it;
// compiling turns it into matchers.

/// How bad a hit is; each level has a default weight.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case low, medium, high, critical

    /// Default contribution of one rule's hits to its category score (docs/rules.md).
    public var defaultWeight: Double {
        switch self {
        case .low: return 10
        case .medium: return 30
        case .high: return 60
        case .critical: return 100
        }
    }

    /// The order of severities, low first: a plain switch, cheap enough for the
    /// per-post path (the review summary compares every reported hit's severity).
    public var rank: Int {
        switch self {
        case .low: return 1
        case .medium: return 2
        case .high: return 3
        case .critical: return 4
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A reference to another rule as written (`id` in the same pack, or `pack/id`).
public struct RuleReference: Sendable, Hashable {
    public var name: String
    public var location: FileLocation
}

/// What a rule matches: exactly one per rule.
public enum RuleMatcher: Sendable {
    /// Literal phrases matched by the shared keyword automaton.
    case keywords([Located<String>])
    /// A PCRE2 pattern.
    case regex(Located<String>)
    /// A built-in validated detector (docs/packs.md).
    case detector(Located<String>)
    /// Every referenced rule hit.
    case all([RuleReference])
    /// At least one referenced rule hit.
    case any([RuleReference])
    /// None of the referenced rules hit.
    case none([RuleReference])
    /// Every referenced rule hit within `within` code points of each other.
    case near([RuleReference], within: Int)
    /// The referenced rule hit at least `atLeast` times.
    case count(RuleReference, atLeast: Int)
    /// A learned model's probability for the post is at least `minimum`.
    case classifier(ClassifierSpec)

    /// Rules this matcher depends on.
    public var references: [RuleReference] {
        switch self {
        case .keywords, .regex, .detector, .classifier: return []
        case .all(let r), .any(let r), .none(let r), .near(let r, _): return r
        case .count(let r, _): return [r]
        }
    }
}

/// `classifier: {model: NAME, min: P}`: the model as named and where its file was found.
public struct ClassifierSpec: Sendable {
    public var model: Located<String>
    /// The model file's path (resolved against the rule file).
    public var path: String
    /// The lowest probability that is a hit, in (0, 1).
    public var minimum: Double
    /// The model, when its file was read and accepted.
    public var loaded: TextClassifierModel?
}

/// A value with the place it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: FileLocation
    public init(_ value: Value, at location: FileLocation) {
        self.value = value
        self.location = location
    }
}

/// A rule's embedded test cases, run by `vigil rules test`.
public struct RuleExamples: Sendable {
    public var match: [Located<String>] = []
    public var noMatch: [Located<String>] = []
}

/// One rule of a pack.
public struct Rule: Sendable {
    /// `pack/id`.
    public var qualifiedID: String
    public var id: String
    public var pack: String
    public var location: FileLocation
    public var category: String
    public var severity: Severity
    /// Contribution to the category score, 0–100.
    public var weight: Double
    public var matcher: RuleMatcher
    public var message: String
    public var basis: String?
    public var suggest: [String]
    public var unless: [Located<String>]
    /// Whole-word matching for keywords; nil means the default (on for ASCII-alphanumeric keywords).
    public var word: Bool?
    /// Normalization steps applied before matching (docs/normalization.md): all by default, none for
    /// `normalize: false` (the raw text), or the subset a `normalize: [steps]` list names.
    public var normalization: NormalizationSteps
    /// `repeats: collapse`: runs of one repeated character count as one (`fuuuck`).
    public var collapseRepeats: Bool = false
    /// `variants: [pinyin, initials]`: Latin variants of Chinese keywords (`shabi`, `sb`).
    public var variants: KeywordVariants = []
    /// False: match the raw text instead of the normalized text (`normalize: false`).
    public var normalize: Bool { !normalization.isEmpty }
    public var caseSensitive: Bool
    /// Whether the rule's keywords and regexes match the normalized, caseless views;
    /// otherwise they match the original text.
    var matchesNormalizedText: Bool { normalize && !caseSensitive }
    /// Whether the rule's regex runs over a view made with the case-folding step, where no
    /// ASCII capital, `ſ` or Kelvin sign is left (the atom analysis relies on it).
    var regexSubjectIsCaseFolded: Bool { matchesNormalizedText && normalization.contains(.caseFolding) }
    /// A building block: never scored or reported on its own.
    public var isInternal: Bool
    /// Escalation signal fed by hits; defaults to the category.
    public var signal: String
    public var examples: RuleExamples
    /// How many of `unless`'s phrases (the first ones) come from `defaults` or the pack.
    public var inheritedUnlessCount = 0
    /// Whether `message` was written (otherwise it is the rule's id).
    public var hasMessage = true
}

/// One rule file.
public struct RulePack: Sendable {
    public var name: String
    public var description: String
    public var file: String
    public var rules: [Rule]
    /// `disable`, `override` and `allow` (PackSettings).
    public var settings = PackSettings()
    /// Loaded from the packs built into the binary.
    public var isBuiltin = false
}

/// Every pack loaded from a set of rule files.
public struct RuleSet: Sendable {
    public var packs: [RulePack]
    /// Every rule of every pack, in file order.
    public var rules: [Rule] { packs.flatMap(\.rules) }
}
