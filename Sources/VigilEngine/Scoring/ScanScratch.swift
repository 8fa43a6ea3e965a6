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

/// Where one rule's hits are in `ScanScratch.ruleHits`.
struct RuleHitRange {
    var start: Int32 = 0
    var count: Int32 = 0
}

/// Every rule's hits, read in place: `hitsByRule[rule]`.
struct RuleHitLists {
    let hits: UnsafeMutablePointer<SpanHit>
    let ranges: UnsafeMutablePointer<RuleHitRange>

    subscript(rule: Int) -> UnsafeBufferPointer<SpanHit> {
        let range = ranges[rule]
        return UnsafeBufferPointer(start: hits + Int(range.start), count: Int(range.count))
    }
}

/// Reusable per-thread state for `Engine.check`.
public final class ScanScratch {
    let normalized = NormalizedText()
    let regexScratch: RegexScratch
    var keywordMatches: [KeywordMatch] = []
    var detectorRanges: [ByteRange] = []
    // The per-post lists are `ScratchList`s (no reference counting on access), freed in
    // `deinit`; per-rule tables likewise, sized by `prepare(for:)`.
    /// Primitive hits (keywords, regexes, detectors) before exceptions and conditions.
    var primitive = ScratchList<SpanHit>()
    /// Exception phrase matches; `rule` is the rule whose `unless` they belong to.
    var exceptions = ScratchList<SpanHit>()
    /// Per 8-byte block of the post: the scalars before it (`PostMatcher.assignCodePoints`).
    var scalarsBeforeBlock: [Int32] = []
    /// Regexes whose atom was seen in this post.
    var regexTriggered = ScratchList<Bool>()
    var triggeredList = ScratchList<Int32>()
    /// Bit i: the main scan found pair i of the collapse gate (set per post by PostMatcher).
    var collapsePairsSeen: UInt64 = 0
    /// Whether the main scan saw a keyword-stream form of an `allow` entry (AllowList.gates).
    var allowGateSeen = false
    /// Hits after exceptions, each rule's together (`addHit`): rule r's are
    /// `ruleHits[ruleHitRanges[r]]`, as `hitsByRule[r]`.
    var ruleHits = ScratchList<SpanHit>()
    var ruleHitRanges = ScratchList<RuleHitRange>()
    /// The rules that have hits, in the order they got their first.
    var rulesWithHits = ScratchList<Int32>()
    /// Hits a condition produced, before sorting and filing (ConditionEvaluator).
    var conditionHits: [SpanHit] = []
    /// Every condition's references, flattened: condition i's are
    /// `conditionReferences[conditionReferenceStarts[i] ..< conditionReferenceStarts[i + 1]]`.
    var conditionReferences = ScratchList<Int32>()
    var conditionReferenceStarts = ScratchList<Int>()
    /// Per rule, the conditions that reference it: rule r's are
    /// `conditionsByRule[conditionsByRuleStarts[r] ..< conditionsByRuleStarts[r + 1]]`.
    var conditionsByRule = ScratchList<Int32>()
    var conditionsByRuleStarts = ScratchList<Int>()
    /// Bit i (of word i / 64) is set when condition i may be true in this post: one of
    /// its references has hits. Cleared as the conditions are evaluated, so all zero
    /// between posts.
    var conditionCandidates = ScratchList<UInt64>()
    /// Bit i is set when condition i is a `none`, which is evaluated for every post.
    var noneConditions = ScratchList<UInt64>()
    /// Per reference of a `near` condition: its longest hit in code points.
    var longestSpans: [Int32] = []
    var categoryRemaining = ScratchList<Double>()
    /// The reported hits of the post, sorted, and its categories with scores (`Engine.score`).
    var reportHits = ScratchList<SpanHit>()
    var reportCategories = ScratchList<(index: Int32, score: Double)>()
    /// Per rule: the position of its qualified id among all of them (equal ids, equal
    /// ranks), so hits sort by rule id without comparing strings.
    var ruleRanks = ScratchList<Int32>()
    /// Per rule: its category index, or -1 for an internal rule (never reported).
    var reportedCategory = ScratchList<Int32>()
    /// Per rule: what one of its hits leaves of its category's "remaining" product,
    /// `1 - w/100` with the weight clamped to 0–100 (docs/scoring.md).
    var weightFactors = ScratchList<Double>()
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
    /// Allowed stretches of the post (AllowSpans): original byte spans, `rule` = entry index.
    var allowSpans = ScratchList<SpanHit>()
    /// Whether hits dropped by an allow entry are kept in `suppressed` (`rules explain`).
    var recordsSuppressed = false
    var suppressed: [(hit: SpanHit, entry: Int32)] = []
    /// Per classifier model: its logit for the current post (NaN: not worked out yet,
    /// -infinity: the post has no feature the model reads). See ClassifierMatching.
    var classifierLogits = ScratchList<Double>()
    /// The n-grams with a positive weight that the last model scored read, and that model's
    /// index (-1: none yet this post): what a classifier hit's span is found from.
    var classifierContributions = PositiveFeatures()
    var contributionsModel: Int32 = -1
    /// The rule set these buffers are sized for.
    private var preparedFor: ObjectIdentifier?

    public init(matchLimit: UInt32 = 100_000, depthLimit: UInt32 = 10_000) {
        regexScratch = RegexScratch(matchLimit: matchLimit, depthLimit: depthLimit)
    }

    deinit {
        primitive.deallocate(); exceptions.deallocate()
        regexTriggered.deallocate(); triggeredList.deallocate()
        ruleHits.deallocate(); ruleHitRanges.deallocate(); rulesWithHits.deallocate()
        categoryRemaining.deallocate(); reportHits.deallocate(); reportCategories.deallocate()
        ruleRanks.deallocate(); reportedCategory.deallocate(); weightFactors.deallocate()
        conditionReferences.deallocate(); conditionReferenceStarts.deallocate()
        conditionsByRule.deallocate(); conditionsByRuleStarts.deallocate()
        conditionCandidates.deallocate(); noneConditions.deallocate()
        allowSpans.deallocate()
        classifierLogits.deallocate(); classifierContributions.deallocate()
    }

    /// Replaces a per-rule table with one of `values`, freeing the old one.
    private func replace<Element>(_ table: inout ScratchList<Element>, with values: [Element]) {
        table.deallocate()
        table = ScratchList(capacity: values.count)
        values.withUnsafeBufferPointer { table.append(contentsOf: $0) }
    }

    /// Sizes the per-rule buffers for `rules` (a no-op when already sized for them).
    @inline(__always)
    func prepare(for rules: CompiledRules) {
        if preparedFor != ObjectIdentifier(rules) { size(for: rules) }
    }

    /// `prepare(for:)`'s work, once per rule set (kept out of line: the check runs per post).
    @inline(never)
    private func size(for rules: CompiledRules) {
        preparedFor = ObjectIdentifier(rules)
        replace(&regexTriggered, with: [Bool](repeating: false, count: rules.regexes.count))
        replace(&ruleHitRanges, with: [RuleHitRange](repeating: RuleHitRange(), count: rules.rules.count))
        replace(&categoryRemaining, with: [Double](repeating: 1, count: rules.categories.count))
        let ids = Array(Set(rules.rules.map(\.qualifiedID))).sorted()
        let rankOfID = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, Int32($0)) })
        replace(&ruleRanks, with: rules.rules.map { rankOfID[$0.qualifiedID]! })
        replace(&reportedCategory, with: rules.rules.map { $0.isInternal ? -1 : $0.categoryIndex })
        replace(&weightFactors, with: rules.rules.map { 1 - min(max($0.weight, 0), 100) / 100 })
        ruleSignals = rules.rules.map(\.signal)
        detectorGates = rules.detectors.indices.map { DetectorGate(rules.detectors, $0) }
        detectorTriggerUnion = detectorGates.reduce([]) { $0.union($1.trigger) }
        detectorAlwaysRuns = detectorGates.contains { $0.alwaysRuns }
        replace(&conditionReferences, with: rules.conditions.flatMap(\.references))
        var referenceStarts = [0]
        for condition in rules.conditions { referenceStarts.append(referenceStarts.last! + condition.references.count) }
        replace(&conditionReferenceStarts, with: referenceStarts)
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
        replace(&conditionsByRule, with: referencing.flatMap { $0 })
        var byRuleStarts = [0]
        for list in referencing { byRuleStarts.append(byRuleStarts.last! + list.count) }
        replace(&conditionsByRuleStarts, with: byRuleStarts)
        var candidates = [UInt64](repeating: 0, count: (rules.conditions.count + 63) / 64)
        replace(&conditionCandidates, with: candidates)
        for (index, condition) in rules.conditions.enumerated() {
            if case .none = condition.kind { candidates[index / 64] |= 1 << UInt64(index % 64) }
        }
        replace(&noneConditions, with: candidates)
        replace(&classifierLogits, with: [Double](repeating: .nan, count: rules.classifierModels.count))
        triggeredList.removeAll()
        rulesWithHits.removeAll()
        ruleHits.removeAll()
    }

    /// Clears what the previous post left behind.
    func reset() {
        // Most posts leave most lists empty; emptying an empty array is not free.
        if !keywordMatches.isEmpty { keywordMatches.removeAll(keepingCapacity: true) }
        primitive.removeAll()
        exceptions.removeAll()
        for regex in triggeredList { regexTriggered[Int(regex)] = false }
        triggeredList.removeAll()
        for rule in rulesWithHits { ruleHitRanges[Int(rule)] = RuleHitRange() }
        rulesWithHits.removeAll()
        ruleHits.removeAll()
        if !warnings.isEmpty { warnings.removeAll() }
        if !allowSpans.isEmpty { allowSpans.removeAll() }
        if recordsSuppressed { suppressed.removeAll() }
    }

    /// Records a hit for a rule; callers add each span once, in start order.
    @inline(__always)
    func addHit(_ hit: SpanHit) {
        if _slowPath(allowSpans.count != 0) && isAllowed(hit) { return }
        let rule = Int(hit.rule)
        var range = ruleHitRanges[rule]
        if range.count == 0 {
            rulesWithHits.append(hit.rule)
            range.start = Int32(ruleHits.count)
        } else if Int(range.start + range.count) != ruleHits.count {
            moveHitsToEnd(&range)
        }
        ruleHits.append(hit)
        range.count += 1
        ruleHitRanges[rule] = range
    }

    /// A rule's hits come one after another (from `applyExceptionsAndBucket`, or from its
    /// condition), so they stay together; should another rule's come between, this moves
    /// the rule's earlier hits to the end first.
    @inline(never)
    private func moveHitsToEnd(_ range: inout RuleHitRange) {
        let start = ruleHits.count
        for position in Int(range.start)..<Int(range.start + range.count) { ruleHits.append(ruleHits[position]) }
        range.start = Int32(start)
    }

    /// Each rule's hits after exceptions, in start order (views valid until the next `reset`).
    var hitsByRule: RuleHitLists { RuleHitLists(hits: ruleHits.base, ranges: ruleHitRanges.base) }
}
