// What a rule change does to one post, for `vigil rules diff`: the post is screened with
// the old and the new rule set, and the decisions and reported rules are compared. Each
// thread brings its own pair of scratches, so one pass over a corpus runs on all cores.

/// A post whose decision or set of reported rules differs between two rule sets.
public struct RuleSetChange: Sendable {
    public var before: Decision
    public var after: Decision
    /// Rule ids reported by the new set only, and by the old set only, sorted.
    public var added: [String]
    public var removed: [String]
}

public struct RuleSetComparison: Sendable {
    public let old: Engine
    public let new: Engine

    public init(old: Engine, new: Engine) {
        self.old = old
        self.new = new
    }

    /// The change `text` (valid UTF-8) sees, or nil when both sets agree.
    public func compare(_ text: UnsafeBufferPointer<UInt8>, kind: String, oldScratch: ScanScratch, newScratch: ScanScratch) -> RuleSetChange? {
        let (before, oldRules) = Self.outcome(old, text, kind: kind, scratch: oldScratch)
        let (after, newRules) = Self.outcome(new, text, kind: kind, scratch: newScratch)
        if before == after && oldRules == newRules { return nil }
        let oldSet = Set(oldRules), newSet = Set(newRules)
        return RuleSetChange(before: before, after: after,
                             added: newRules.filter { !oldSet.contains($0) }, removed: oldRules.filter { !newSet.contains($0) })
    }

    /// The decision and the sorted ids of the reported rules.
    static func outcome(_ engine: Engine, _ text: UnsafeBufferPointer<UInt8>, kind: String, scratch: ScanScratch) -> (Decision, [String]) {
        engine.evaluate(utf8: text, scratch: scratch)
        let (decision, _) = engine.score(kind: kind, scratch: scratch)
        var ids: [String] = []
        for rule in scratch.rulesWithHits where scratch.reportedCategory[Int(rule)] >= 0 {
            ids.append(engine.rules.rules[Int(rule)].qualifiedID)
        }
        return (decision, ids.count > 1 ? ids.sorted() : ids)
    }
}
