// The steps of normalization (docs/normalization.md), each with the name a rule uses to ask for it
// (`normalize: [width, case]`). Every rule gets all of them unless it names a subset;
// `normalize: false` is the empty set: the raw text. See docs/normalization.md.

/// A set of normalization steps.
public struct NormalizationSteps: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Full-width and other compatibility forms to plain ones: `ｆｕｃｋ`, `ⓕⓤⓒⓚ`, `𝐟𝐮𝐜𝐤`, ideographic space.
    public static let width = NormalizationSteps(rawValue: 1 << 0)
    /// Unicode case folding (CaseFolding.txt).
    public static let caseFolding = NormalizationSteps(rawValue: 1 << 1)
    /// Letters lose accents and other combining marks: `fúck`, `f̶u̶c̶k̶`.
    public static let accents = NormalizationSteps(rawValue: 1 << 2)
    /// Cyrillic, Greek, Armenian … look-alikes to Latin letters: `fսck`, `ѕhіt`.
    public static let confusables = NormalizationSteps(rawValue: 1 << 3)
    /// Traditional to simplified Chinese, per character: `媽` → `妈`.
    public static let traditional = NormalizationSteps(rawValue: 1 << 4)
    /// Zero-width characters, variation selectors, soft hyphens and bidi controls are dropped.
    public static let ignorables = NormalizationSteps(rawValue: 1 << 5)
    /// Up to `Normalizer.maximumGap` separators inside a keyword are skipped: `傻 * 逼`, `f.u.c.k`.
    public static let separators = NormalizationSteps(rawValue: 1 << 6)

    /// Every step: the default.
    public static let all: NormalizationSteps = [.width, .caseFolding, .accents, .confusables, .traditional, .ignorables, .separators]

    /// Steps with their rule-file names, in the order they are applied.
    public static let named: [(name: String, step: NormalizationSteps)] = [
        ("width", .width), ("case", .caseFolding), ("accents", .accents), ("confusables", .confusables),
        ("traditional", .traditional), ("ignorables", .ignorables), ("separators", .separators),
    ]

    /// The step called `name` in rule files, if there is one.
    public init?(name: String) {
        guard let entry = Self.named.first(where: { $0.name == name }) else { return nil }
        self = entry.step
    }

    /// Names of the steps in the set, in pipeline order.
    public var names: [String] { Self.named.filter { contains($0.step) }.map(\.name) }

    /// The steps that map one scalar to others (the rest decide roles).
    static let mappingSteps: [NormalizationSteps] = [.width, .accents, .confusables, .caseFolding, .traditional]
}

/// Keyword variants a rule may ask for (`variants: [pinyin, initials]`).
public struct KeywordVariants: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Toneless pinyin of Chinese keywords: 傻逼 → `shabi` (also `sha bi`).
    public static let pinyin = KeywordVariants(rawValue: 1 << 0)
    /// First letters of the pinyin syllables: 傻逼 → `sb`.
    public static let initials = KeywordVariants(rawValue: 1 << 1)

    public static let named: [(name: String, variant: KeywordVariants)] = [("pinyin", .pinyin), ("initials", .initials)]

    public init?(name: String) {
        guard let entry = Self.named.first(where: { $0.name == name }) else { return nil }
        self = entry.variant
    }
}
