// Why this file exists: the console's review queue indexes each `review` verdict by the
// categories of its hits and shows its most severe hit first. Reading them back out of
// the verdict's JSON on the store's writer cost more than screening the post; the
// worker that scored the post has the hits at hand, so it notes them here in two plain
// integers (no allocation, nothing for verdicts that are not `review`).
// Depends on Scoring (ScanScratch's reported hits) and Rules only.

/// The hits of a `review` verdict as the review queue indexes them.
public struct ReviewHitSummary: Sendable, Equatable {
    /// Index (in the rule set) of the most severe hit's rule, the first of equals in the
    /// verdict's hit order; -1 when the verdict has no hit (or is not `review`).
    public var topRule: Int32 = -1
    /// The hits' categories as bits over the rule set's category indices. Bit 63 means a
    /// category index past 62, which does not fit: read the verdict's JSON instead.
    public var categories: UInt64 = 0

    public init() {}

    /// Whether the categories are all in `categories` (none past bit 62).
    public var isComplete: Bool { categories & (1 << 63) == 0 }

    /// The summary of the hits the scoring left in `scratch`.
    init(_ scratch: ScanScratch, rules: CompiledRules) {
        var topRank = -1
        for span in scratch.reportHits {
            let rule = rules.rules[Int(span.rule)]
            let rank = rule.severity.rank
            if rank > topRank { topRank = rank; topRule = span.rule }
            let category = Int(rule.categoryIndex)
            categories |= category < 63 ? 1 << UInt64(category) : 1 << 63
        }
    }

    /// The category names of the bits set, sorted (only meaningful when `isComplete`).
    public func categoryNames(_ rules: CompiledRules) -> [String] {
        var names: [String] = []
        var bits = categories & ~(1 << 63)
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            if index < rules.categories.count { names.append(rules.categories[index]) }
            bits &= bits - 1
        }
        return names.sorted()
    }
}
