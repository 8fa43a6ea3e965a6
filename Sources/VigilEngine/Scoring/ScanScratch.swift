// Per-thread working memory for checking posts: normalization buffers, match lists,
// PCRE2 match data and hit lists, created once per thread and reused for every post
// so the scan itself allocates nothing once warmed up. Never shared between threads.

/// A hit while a post is being evaluated: rule index, original byte span and code-point span.
struct SpanHit: Equatable {
    var rule: Int32
    var byteStart: Int32
    var byteEnd: Int32
    var start: Int32 = 0
    var end: Int32 = 0
}

/// Reusable per-thread state for `Engine.check`.
public final class ScanScratch {
    let normalized = NormalizedText()
    let regexScratch: RegexScratch
    var keywordMatches: [KeywordMatch] = []
    var detectorRanges: [ByteRange] = []
    /// Primitive hits (keywords, regexes, detectors) before exceptions and conditions.
    var primitive: [SpanHit] = []
    /// Exception phrase matches; `rule` is the rule whose `unless` they belong to.
    var exceptions: [SpanHit] = []
    /// Per 8-byte block of the post: the scalars before it (`PostMatcher.assignCodePoints`).
    var scalarsBeforeBlock: [Int32] = []
    /// Regexes whose atom was seen in this post.
    var regexTriggered: [Bool] = []
    var triggeredList: [Int32] = []
    /// Bit i: the main scan found pair i of the collapse gate (set per post by PostMatcher).
    var collapsePairsSeen: UInt64 = 0
    /// Hits per rule after exceptions, with the rules that have any.
    var hitsByRule: [[SpanHit]] = []
    var rulesWithHits: [Int32] = []
    /// Hits a condition produced, before sorting and filing (ConditionEvaluator).
    var conditionHits: [SpanHit] = []
    /// Every condition's references, flattened: condition i's are
    /// `conditionReferences[conditionReferenceStarts[i] ..< conditionReferenceStarts[i + 1]]`.
    var conditionReferences: [Int32] = []
    var conditionReferenceStarts: [Int] = []
    /// Per rule, the conditions that reference it: rule r's are
    /// `conditionsByRule[conditionsByRuleStarts[r] ..< conditionsByRuleStarts[r + 1]]`.
    var conditionsByRule: [Int32] = []
    var conditionsByRuleStarts: [Int] = []
    /// Bit i (of word i / 64) is set when condition i may be true in this post: one of
    /// its references has hits. Cleared as the conditions are evaluated, so all zero
    /// between posts.
    var conditionCandidates: [UInt64] = []
    /// Bit i is set when condition i is a `none`, which is evaluated for every post.
    var noneConditions: [UInt64] = []
    /// Per reference of a `near` condition: its longest hit in code points.
    var longestSpans: [Int32] = []
    var categoryRemaining: [Double] = []
    /// The reported hits of the post, sorted, and its categories with scores (`Engine.score`).
    var reportHits: [SpanHit] = []
    var reportCategories: [(index: Int32, score: Double)] = []
    /// Per rule: the position of its qualified id among all of them (equal ids, equal
    /// ranks), so hits sort by rule id without comparing strings.
    var ruleRanks: [Int32] = []
    /// Per rule: its category index, or -1 for an internal rule (never reported).
    var reportedCategory: [Int32] = []
    /// Per rule: what one of its hits leaves of its category's "remaining" product,
    /// `1 - w/100` with the weight clamped to 0–100 (docs/scoring.md).
    var weightFactors: [Double] = []
    /// Per rule: its escalation signal.
    var ruleSignals: [String] = []
    /// Per detector matcher: what a post must hold for it to run (read once, not
    /// through the existential per post).
    var detectorGates: [DetectorGate] = []
    /// Every trigger some detector matcher runs on, and whether a matcher runs on
    /// every post: a post with none of these triggers skips the matchers' loop.
    var detectorTriggerUnion: DetectorTrigger = []
    var detectorAlwaysRuns = false
    var warnings: [String] = []
    /// The rule set these buffers are sized for.
    private var preparedFor: ObjectIdentifier?

    public init(matchLimit: UInt32 = 100_000, depthLimit: UInt32 = 10_000) {
        regexScratch = RegexScratch(matchLimit: matchLimit, depthLimit: depthLimit)
    }

    /// Sizes the per-rule buffers for `rules` (a no-op when already sized for them).
    func prepare(for rules: CompiledRules) {
        let identity = ObjectIdentifier(rules)
        if preparedFor == identity { return }
        preparedFor = identity
        regexTriggered = [Bool](repeating: false, count: rules.regexes.count)
        hitsByRule = [[SpanHit]](repeating: [], count: rules.rules.count)
        categoryRemaining = [Double](repeating: 1, count: rules.categories.count)
        let ids = Array(Set(rules.rules.map(\.qualifiedID))).sorted()
        let rankOfID = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, Int32($0)) })
        ruleRanks = rules.rules.map { rankOfID[$0.qualifiedID]! }
        reportedCategory = rules.rules.map { $0.isInternal ? -1 : $0.categoryIndex }
        weightFactors = rules.rules.map { 1 - min(max($0.weight, 0), 100) / 100 }
        ruleSignals = rules.rules.map(\.signal)
        detectorGates = rules.detectors.indices.map { DetectorGate(rules.detectors, $0) }
        detectorTriggerUnion = detectorGates.reduce([]) { $0.union($1.trigger) }
        detectorAlwaysRuns = detectorGates.contains { $0.alwaysRuns }
        conditionReferences = rules.conditions.flatMap(\.references)
        conditionReferenceStarts = [0]
        for condition in rules.conditions { conditionReferenceStarts.append(conditionReferenceStarts.last! + condition.references.count) }
        var referencing = [[Int32]](repeating: [], count: rules.rules.count)
        var conditionOfRule = [Int: Int](minimumCapacity: rules.conditions.count)
        for (index, condition) in rules.conditions.enumerated() {
            conditionOfRule[Int(condition.rule)] = index
            for reference in Set(condition.references) {
                // ConditionEvaluator marks later conditions as it goes: it relies on this order.
                precondition(conditionOfRule[Int(reference)].map { $0 < index } ?? true,
                             "conditions must come after the conditions they reference")
                referencing[Int(reference)].append(Int32(index))
            }
        }
        conditionsByRule = referencing.flatMap { $0 }
        conditionsByRuleStarts = [0]
        for list in referencing { conditionsByRuleStarts.append(conditionsByRuleStarts.last! + list.count) }
        conditionCandidates = [UInt64](repeating: 0, count: (rules.conditions.count + 63) / 64)
        noneConditions = conditionCandidates
        for (index, condition) in rules.conditions.enumerated() {
            if case .none = condition.kind { noneConditions[index / 64] |= 1 << UInt64(index % 64) }
        }
        triggeredList.removeAll()
        rulesWithHits.removeAll()
    }

    /// Clears what the previous post left behind.
    func reset() {
        // Most posts leave most lists empty; emptying an empty array is not free.
        if !keywordMatches.isEmpty { keywordMatches.removeAll(keepingCapacity: true) }
        if !primitive.isEmpty { primitive.removeAll(keepingCapacity: true) }
        if !exceptions.isEmpty { exceptions.removeAll(keepingCapacity: true) }
        if !triggeredList.isEmpty {
            // Through buffer pointers: iterating a class's array property retains it.
            triggeredList.withUnsafeBufferPointer { list in
                regexTriggered.withUnsafeMutableBufferPointer { flags in
                    for regex in list { flags[Int(regex)] = false }
                }
            }
            triggeredList.removeAll(keepingCapacity: true)
        }
        if !rulesWithHits.isEmpty {
            rulesWithHits.withUnsafeBufferPointer { rules in
                hitsByRule.withUnsafeMutableBufferPointer { hits in
                    for rule in rules { hits[Int(rule)].removeAll(keepingCapacity: true) }
                }
            }
            rulesWithHits.removeAll(keepingCapacity: true)
        }
        if !warnings.isEmpty { warnings.removeAll() }
    }

    /// Records a hit for a rule; callers add each span once, in start order.
    @inline(__always)
    func addHit(_ hit: SpanHit) {
        let rule = Int(hit.rule)
        if hitsByRule[rule].isEmpty { rulesWithHits.append(hit.rule) }
        hitsByRule[rule].append(hit)
    }
}
