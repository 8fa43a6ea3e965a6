// Evaluates condition rules (`all`, `any`, `none`, `near`, `count`) over the hits of
// the rules they reference, in dependency order, so a condition can build on another.
// Condition hits get spans too: the stretch of original text that made them true.

struct ConditionEvaluator {
    let rules: CompiledRules
    let scratch: ScanScratch

    func run() {
        for condition in rules.conditions {
            evaluate(condition)
        }
    }

    func hits(_ rule: Int32) -> [SpanHit] { scratch.hitsByRule[Int(rule)] }

    func evaluate(_ condition: ConditionMatcher) {
        let rule = condition.rule
        var produced: [SpanHit] = []
        switch condition.kind {
        case .all:
            guard condition.references.allSatisfy({ !hits($0).isEmpty }) else { return }
            produced.append(covering(condition.references.map { hits($0)[0] }, rule: rule))
        case .any:
            for reference in condition.references {
                for hit in hits(reference) { produced.append(retagged(hit, rule: rule)) }
            }
        case .none:
            guard condition.references.allSatisfy({ hits($0).isEmpty }) else { return }
            produced.append(SpanHit(rule: rule, byteStart: 0, byteEnd: 0, start: 0, end: 0))
        case .near(let within):
            produced = near(condition.references, within: within, rule: rule)
        case .count(let atLeast):
            let found = hits(condition.references[0])
            guard found.count >= Int(atLeast) else { return }
            produced.append(covering(found, rule: rule))
        }
        produced.sort { ($0.byteStart, $0.byteEnd) < ($1.byteStart, $1.byteEnd) }
        var previous: SpanHit?
        for hit in produced where hit != previous {
            previous = hit
            if rules.rules[Int(rule)].hasExceptions && isExcepted(hit) { continue }
            scratch.addHit(hit)
        }
    }

    /// Every referenced rule hit, with at most `within` code points between the end of
    /// the earliest-ending hit and the start of the latest-starting one. Anchored on each
    /// hit of the first reference, taking the nearest hit of every other reference.
    func near(_ references: [Int32], within: Int32, rule: Int32) -> [SpanHit] {
        var produced: [SpanHit] = []
        guard references.allSatisfy({ !hits($0).isEmpty }) else { return produced }
        let longestSpans = references.map { hits($0).map { $0.end - $0.start }.max()! }
        for anchor in hits(references[0]) {
            var chosen = [anchor]
            for (reference, longest) in zip(references.dropFirst(), longestSpans.dropFirst()) {
                chosen.append(nearest(to: anchor, in: hits(reference), longestSpan: longest))
            }
            let latestStart = chosen.map(\.start).max()!, earliestEnd = chosen.map(\.end).min()!
            if latestStart - earliestEnd <= within {
                produced.append(covering(chosen, rule: rule))
            }
        }
        return produced
    }

    /// The hit of `candidates` (sorted by start, none longer than `longestSpan` code
    /// points) closest to `anchor`, found by binary search.
    func nearest(to anchor: SpanHit, in candidates: [SpanHit], longestSpan: Int32) -> SpanHit {
        var low = 0, high = candidates.count
        while low < high {
            let middle = (low + high) / 2
            if candidates[middle].start < anchor.start { low = middle + 1 } else { high = middle }
        }
        func distance(_ hit: SpanHit) -> Int32 { max(0, max(hit.start, anchor.start) - min(hit.end, anchor.end)) }
        var best = candidates[min(low, candidates.count - 1)]
        // Hits starting before the anchor end at most `longestSpan` after their start, so
        // looking back can stop once even the longest could not be closer.
        var index = low - 1
        while index >= 0 {
            let candidate = candidates[index]
            if anchor.start - candidate.start - longestSpan > distance(best) { break }
            if distance(candidate) < distance(best) { best = candidate }
            index -= 1
        }
        if low < candidates.count && distance(candidates[low]) < distance(best) { best = candidates[low] }
        return best
    }

    func covering(_ parts: [SpanHit], rule: Int32) -> SpanHit {
        var result = parts[0]
        result.rule = rule
        for part in parts.dropFirst() {
            result.byteStart = min(result.byteStart, part.byteStart)
            result.byteEnd = max(result.byteEnd, part.byteEnd)
            result.start = min(result.start, part.start)
            result.end = max(result.end, part.end)
        }
        return result
    }

    func retagged(_ hit: SpanHit, rule: Int32) -> SpanHit {
        var copy = hit
        copy.rule = rule
        return copy
    }

    func isExcepted(_ hit: SpanHit) -> Bool {
        scratch.exceptions.contains { $0.rule == hit.rule && $0.byteStart <= hit.byteStart && $0.byteEnd >= hit.byteEnd }
    }
}
