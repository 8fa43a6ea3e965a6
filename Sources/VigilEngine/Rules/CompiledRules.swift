// The compiled rule set (DESIGN "CompiledRules"): every matcher built once, immutable
// and shared by all worker threads. Evaluating a post reads it and writes only to the
// caller's per-thread `ScanScratch`.

/// What a keyword-automaton pattern stands for. One pattern may serve several entries
/// (the same phrase in two rules, or a rule keyword that is also a regex atom).
public struct KeywordEntry: Sendable {
    public enum Role: Sendable, Equatable {
        /// A keyword of the rule at this index.
        case keyword(rule: Int32)
        /// An `unless` exception phrase of the rule at this index.
        case exception(rule: Int32)
        /// A required literal of the regex at this index in `CompiledRules.regexes`.
        case atom(regex: Int32)
        /// Adjacent character pair `bit` of the collapsed keywords (see `CollapseGate`).
        case collapsePair(bit: Int32)
        /// A keyword-stream form of an `allow` entry: the post may hold allowed text.
        case allowGate
    }
    public var role: Role
    /// Whole-word matching: the characters around the match must not be word characters.
    public var wholeWord: Bool
    /// Byte offsets inside the pattern where the keyword as written had separators
    /// (`refund policy` → [6]): a gap in the text there is expected, not an evasion.
    public var writtenGaps: [Int32]
    /// Index into `CompiledRules.keywordChecks` for keywords of rules with a step subset
    /// (`normalize: [width, case]`), or -1: a match must also be equal under those steps.
    public var check: Int32 = -1
    /// A keyword with Han characters: a hit that cuts through a word of the text around
    /// it is dropped (`ChineseWordBoundaries`).
    public var segmented = false
}

/// The form a keyword must also have under a rule's subset of normalization steps.
/// The automaton finds candidates under the full normalization (which folds at least
/// as much as any subset); this check keeps those that the subset alone makes equal.
public struct KeywordCheck: Sendable {
    /// Index into `CompiledRules.subsetNormalizers`.
    public var normalizer: Int32
    /// Whether repeated characters are collapsed before comparing (`repeats: collapse`).
    public var collapsesRepeats: Bool
    /// The keyword's comparison form (see `Normalizer.appendComparisonForm`).
    public var expected: [UInt8]
}

/// A regex rule ready to run.
public struct RegexMatcher: Sendable {
    public var rule: Int32
    public var regex: CompiledRegex
    /// True when the regex has no atoms and runs on every post.
    public var alwaysRuns: Bool
    /// Runs on the original text (`normalize: false` or `case: sensitive`) instead of the folded text.
    public var onOriginal: Bool
    /// Runs on the folded text of `CompiledRules.subsetNormalizers[subsetView]` (a rule
    /// with a `normalize` step list), or -1 for the fully folded text.
    public var subsetView: Int32 = -1
    /// When set, the regex tries start positions only near its atoms in the subject (RegexWindow).
    public var window: RegexWindow? = nil
}

/// A condition rule (`all`, `any`, `none`, `near`, `count`) with its references resolved.
public struct ConditionMatcher: Sendable {
    public enum Kind: Sendable {
        case all, any, none
        case near(within: Int32)
        case count(atLeast: Int32)
    }
    public var rule: Int32
    public var kind: Kind
    public var references: [Int32]
}

/// A classifier rule ready to run: the model (index into `CompiledRules.classifierModels`)
/// and the lowest logit that is a hit.
public struct ClassifierMatcher: Sendable {
    public var rule: Int32
    public var model: Int32
    public var minimum: Double
    public var minimumLogit: Double
}

/// Static facts about one rule that verdicts and scoring need.
public struct CompiledRule: Sendable {
    public var qualifiedID: String
    public var category: String
    public var categoryIndex: Int32
    public var severity: Severity
    public var weight: Double
    public var message: String
    public var basis: String?
    public var suggest: [String]
    public var isInternal: Bool
    public var signal: String
    public var hasExceptions: Bool
}

/// Every rule compiled into matchers. Immutable and `Sendable`.
public final class CompiledRules: Sendable {
    public let rules: [CompiledRule]
    /// Category names; `CompiledRule.categoryIndex` points here.
    public let categories: [String]
    public let normalizer: Normalizer
    /// All keywords, exception phrases and regex atoms over the keyword stream.
    public let keywordAutomaton: KeywordAutomaton
    /// The automaton's patterns, by pattern index.
    public let keywordPatterns: [[UInt8]]
    /// For pattern p, its entries are `keywordEntries[entryStart[p] ..< entryStart[p + 1]]`.
    public let keywordEntries: [KeywordEntry]
    public let entryStart: [Int32]
    /// Keywords of rules that match the original text (`normalize: false` or `case: sensitive`).
    public let originalAutomaton: KeywordAutomaton?
    /// A cheaper test than `originalAutomaton.mayMatch` when its patterns start with few bytes.
    public let originalPrefilter: StartPairFilter?
    public let originalEntries: [KeywordEntry]
    public let originalEntryStart: [Int32]
    /// For original-text keywords that are case-sensitive: the exact bytes to compare.
    public let originalExactBytes: [[UInt8]?]
    /// Keywords of `repeats: collapse` rules, collapsed, over the collapsed keyword stream.
    public let collapsedAutomaton: KeywordAutomaton?
    public let collapsedEntries: [KeywordEntry]
    public let collapsedEntryStart: [Int32]
    /// Says from the main scan when the collapsed pass cannot match; nil: it always runs.
    public let collapseGate: CollapseGate?
    /// Normalizers of the step subsets rules ask for (`normalize: [width, case]`).
    public let subsetNormalizers: [Normalizer]
    /// Subset checks of keyword entries (`KeywordEntry.check`).
    public let keywordChecks: [KeywordCheck]
    public let regexes: [RegexMatcher]
    /// Whether some regex has no atoms and runs on every post.
    public let someRegexAlwaysRuns: Bool
    public let detectors: [DetectorMatcher]
    /// Condition rules in dependency order: each runs after every rule it references.
    public let conditions: [ConditionMatcher]
    /// Learned models the classifier rules use, each once, and those rules.
    public let classifierModels: [TextClassifierModel]
    public let classifiers: [ClassifierMatcher]
    /// Source rules, for `rules test` and `rules explain`.
    public let ruleSet: RuleSet
    /// The packs' `allow:` entries, or nil when there are none.
    public let allowList: AllowList?
    /// `allowList != nil`, read per post without copying the list.
    let hasAllowList: Bool
    /// Number of distinct keyword patterns, for reports.
    public var keywordPatternCount: Int { keywordAutomaton.patternCount }

    init(rules: [CompiledRule], categories: [String], normalizer: Normalizer,
         keywordAutomaton: KeywordAutomaton, keywordPatterns: [[UInt8]], keywordEntries: [KeywordEntry], entryStart: [Int32],
         originalAutomaton: KeywordAutomaton?, originalPrefilter: StartPairFilter? = nil, originalEntries: [KeywordEntry], originalEntryStart: [Int32],
         originalExactBytes: [[UInt8]?],
         collapsedAutomaton: KeywordAutomaton? = nil, collapsedEntries: [KeywordEntry] = [], collapsedEntryStart: [Int32] = [0],
         collapseGate: CollapseGate? = nil,
         subsetNormalizers: [Normalizer] = [], keywordChecks: [KeywordCheck] = [],
         regexes: [RegexMatcher], detectors: [DetectorMatcher],
         conditions: [ConditionMatcher], classifierModels: [TextClassifierModel] = [], classifiers: [ClassifierMatcher] = [],
         ruleSet: RuleSet, allowList: AllowList? = nil) {
        self.rules = rules
        self.categories = categories
        self.normalizer = normalizer
        self.keywordAutomaton = keywordAutomaton
        self.keywordPatterns = keywordPatterns
        self.keywordEntries = keywordEntries
        self.entryStart = entryStart
        self.originalAutomaton = originalAutomaton
        self.originalPrefilter = originalPrefilter
        self.originalEntries = originalEntries
        self.originalEntryStart = originalEntryStart
        self.originalExactBytes = originalExactBytes
        self.collapsedAutomaton = collapsedAutomaton
        self.collapsedEntries = collapsedEntries
        self.collapsedEntryStart = collapsedEntryStart
        self.collapseGate = collapseGate
        self.subsetNormalizers = subsetNormalizers
        self.keywordChecks = keywordChecks
        self.regexes = regexes
        self.someRegexAlwaysRuns = regexes.contains { $0.alwaysRuns }
        self.detectors = detectors
        self.conditions = conditions
        self.classifierModels = classifierModels
        self.classifiers = classifiers
        self.ruleSet = ruleSet
        self.allowList = allowList
        hasAllowList = allowList != nil
    }

    /// Index of a rule by `pack/id`.
    public func ruleIndex(_ qualifiedID: String) -> Int? {
        rules.firstIndex { $0.qualifiedID == qualifiedID }
    }
}
