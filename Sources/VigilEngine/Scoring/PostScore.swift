// Scoring a post from the hits its evaluation left in `ScanScratch` (docs/scoring.md),
// without building a `Verdict`: the decision and score are returned, the reported hits
// (sorted, a rule's overlapping hits merged) and the touched categories (with their scores) are left in the scratch.
// The screening output is written straight from them; `Engine.verdict` builds on it.

extension Engine {
    /// Scores the hits in `scratch`: fills `scratch.reportHits` (hits of reported rules,
    /// ordered by start, end, then rule id) and `scratch.reportCategories` (categories
    /// with hits, in rule-set order, with their scores).
    func score(kind: String?, scratch: ScanScratch) -> (decision: Decision, score: Double) {
        score(thresholds: policy.thresholds(forKind: kind), scratch: scratch)
    }

    /// `score(kind:scratch:)` with the kind's thresholds already looked up.
    func score(thresholds: DecisionThresholds, scratch: ScanScratch) -> (decision: Decision, score: Double) {
        scratch.reportHits.removeAll()
        scratch.reportCategories.removeAll()
        guard !scratch.rulesWithHits.isEmpty else { return (.allow, 0) }
        for ruleIndex in scratch.rulesWithHits {
            let categoryIndex = scratch.reportedCategory[Int(ruleIndex)]
            if categoryIndex < 0 { continue }
            let category = Int(categoryIndex)
            if scratch.categoryRemaining[category] == 1
                && !scratch.reportCategories.contains(where: { $0.index == categoryIndex }) {
                scratch.reportCategories.append((categoryIndex, 0))
            }
            scratch.categoryRemaining[category] *= scratch.weightFactors[Int(ruleIndex)]
            let hits = scratch.hitsByRule[Int(ruleIndex)]
            if hits.count == 1 { scratch.reportHits.append(hits[0]) } else { appendMerged(hits, to: scratch) }
        }
        if scratch.reportCategories.isEmpty { return (.allow, 0) }
        if scratch.reportCategories.count > 1 { scratch.reportCategories.sort { $0.index < $1.index } }
        var decision = Decision.allow
        var score = 0.0
        for position in scratch.reportCategories.indices {
            let category = Int(scratch.reportCategories[position].index)
            let categoryScore = ScoreFormula.rounded((1 - scratch.categoryRemaining[category]) * 100)
            scratch.categoryRemaining[category] = 1
            scratch.reportCategories[position].score = categoryScore
            score = max(score, categoryScore)
            let cap = categoryCapList[category]
            decision = max(decision, min(cap, thresholds.decision(for: categoryScore)))
        }
        if scratch.reportHits.count > 1 {
            let ranks = scratch.ruleRanks
            scratch.reportHits.sort { ($0.start, $0.end, ranks[Int($0.rule)]) < ($1.start, $1.end, ranks[Int($1.rule)]) }
        }
        return (decision, score)
    }

    /// One finding per phrase: a rule's overlapping hits (保本 in 保本保息, 全网最好 and
    /// 最好的) are reported as one hit over the stretch they cover together. The hits
    /// come in start order; touching hits stay apart. `rules explain` lists them all.
    func appendMerged(_ hits: UnsafeBufferPointer<SpanHit>, to scratch: ScanScratch) {
        var current = hits[0]
        for hit in hits.dropFirst() {
            if hit.byteStart < current.byteEnd && hit.byteEnd > current.byteStart {
                if hit.byteEnd > current.byteEnd { current.byteEnd = hit.byteEnd; current.end = hit.end }
            } else {
                scratch.reportHits.append(current)
                current = hit
            }
        }
        scratch.reportHits.append(current)
    }
}
