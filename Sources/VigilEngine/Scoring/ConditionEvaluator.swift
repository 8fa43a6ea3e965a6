// Evaluates condition rules (`all`, `any`, `none`, `near`, `count`) over the hits of
// the rules they reference, in dependency order, so a condition can build on another.
// Condition hits get spans too: the stretch of original text that made them true.
// Conditions write into reused scratch lists, so evaluating them allocates nothing
// per post once the buffers have grown.

struct ConditionEvaluator {
    let rules: CompiledRules
    let scratch: ScanScratch
    /// The post's original UTF-8, read by `near` for the sentence ends between hits.
    let original: UnsafeBufferPointer<UInt8>

    func run() {
        guard !rules.conditions.isEmpty else { return }
        // Only conditions with a referenced rule that has hits can be true (`none` aside):
        // mark those, and each condition that produces hits marks the ones built on it,
        // which come later in the list. The marks are visited lowest first.
        for rule in scratch.rulesWithHits { markConditions(referencing: rule) }
        for word in scratch.noneConditions.indices { scratch.conditionCandidates[word] |= scratch.noneConditions[word] }
        // References come from the scratch's flat copy: reading each condition's own
        // array would retain and release it for every condition of every post.
        let allReferences = UnsafeBufferPointer(scratch.conditionReferences.buffer)
        rules.conditions.withUnsafeBufferPointer { conditions in
            var word = 0
            while word < scratch.conditionCandidates.count {
                let marks = scratch.conditionCandidates[word]
                if marks == 0 { word += 1; continue }
                scratch.conditionCandidates[word] = marks & (marks - 1)
                let index = word * 64 + marks.trailingZeroBitCount
                let first = scratch.conditionReferenceStarts[index]
                let references = UnsafeBufferPointer(rebasing: allReferences[first..<scratch.conditionReferenceStarts[index + 1]])
                let kind = conditions[index].kind
                // `all`, `near` and `count` need hits of their first reference.
                switch kind {
                case .all, .near, .count: if !references.isEmpty && !hasHits(references[0]) { continue }
                case .any, .none: break
                }
                let rule = conditions[index].rule
                evaluate(kind, rule: rule, references: references)
                if hasHits(rule) { markConditions(referencing: rule) }
            }
        }
    }

    /// Marks the conditions that reference `rule` as worth evaluating.
    @inline(__always)
    func markConditions(referencing rule: Int32) {
        let starts = scratch.conditionsByRuleStarts
        for position in starts[Int(rule)]..<starts[Int(rule) + 1] {
            let condition = Int(scratch.conditionsByRule[position])
            scratch.conditionCandidates[condition / 64] |= 1 << UInt64(condition % 64)
        }
    }

    @inline(__always)
    func hasHits(_ rule: Int32) -> Bool { !scratch.hitsByRule[Int(rule)].isEmpty }

    func evaluate(_ kind: ConditionMatcher.Kind, rule: Int32, references: UnsafeBufferPointer<Int32>) {
        switch kind {
        case .all:
            for reference in references where !hasHits(reference) { return }
            var result = scratch.hitsByRule[Int(references[0])][0]
            result.rule = rule
            for reference in references.dropFirst() { widen(&result, scratch.hitsByRule[Int(reference)][0]) }
            add(result, rule: rule)
        case .any:
            var referencesWithHits = 0, last: Int32 = -1
            for reference in references where hasHits(reference) {
                referencesWithHits += 1
                last = reference
            }
            if referencesWithHits == 0 { return }
            if referencesWithHits == 1 {
                // A rule's hits are filed in span order without duplicates: one
                // reference's hits need no merging.
                let checksExceptions = rules.rules[Int(rule)].hasExceptions
                for var hit in scratch.hitsByRule[Int(last)] {
                    hit.rule = rule
                    if checksExceptions && isExcepted(hit) { continue }
                    scratch.addHit(hit)
                }
                return
            }
            scratch.conditionHits.removeAll(keepingCapacity: true)
            for reference in references where hasHits(reference) {
                for var hit in scratch.hitsByRule[Int(reference)] {
                    hit.rule = rule
                    scratch.conditionHits.append(hit)
                }
            }
            addProduced(rule: rule)
        case .none:
            for reference in references where hasHits(reference) { return }
            add(SpanHit(rule: rule, byteStart: 0, byteEnd: 0, start: 0, end: 0), rule: rule)
        case .near(let within):
            for reference in references where !hasHits(reference) { return }
            near(references, within: within, rule: rule)
            if !scratch.conditionHits.isEmpty { addProduced(rule: rule) }
        case .count(let atLeast):
            let found = scratch.hitsByRule[Int(references[0])]
            guard !found.isEmpty, found.count >= Int(atLeast) else { return }
            var result = found[0]
            result.rule = rule
            for part in found.dropFirst() { widen(&result, part) }
            add(result, rule: rule)
        }
    }

    /// Files the single hit a condition produced.
    func add(_ hit: SpanHit, rule: Int32) {
        if rules.rules[Int(rule)].hasExceptions && isExcepted(hit) { return }
        scratch.addHit(hit)
    }

    /// Files `scratch.conditionHits` in span order, without duplicates.
    func addProduced(rule: Int32) {
        if scratch.conditionHits.count > 1 {
            scratch.conditionHits.sort { ($0.byteStart, $0.byteEnd) < ($1.byteStart, $1.byteEnd) }
        }
        let checksExceptions = rules.rules[Int(rule)].hasExceptions
        var previous: SpanHit?
        for hit in scratch.conditionHits where hit != previous {
            previous = hit
            if checksExceptions && isExcepted(hit) { continue }
            scratch.addHit(hit)
        }
    }

    /// Every referenced rule hit, with at most `within` code points between the end of
    /// the earliest-ending hit and the start of the latest-starting one, and no sentence
    /// end between the anchor and any other (SentenceEnds). Anchored on each hit of the
    /// first reference, taking the nearest hit of every other reference in its sentence.
    /// Leaves the produced hits in `scratch.conditionHits`.
    func near(_ references: UnsafeBufferPointer<Int32>, within: Int32, rule: Int32) {
        scratch.conditionHits.removeAll(keepingCapacity: true)
        scratch.longestSpans.removeAll(keepingCapacity: true)
        for reference in references {
            var longest = Int32.min
            for hit in scratch.hitsByRule[Int(reference)] { longest = max(longest, hit.end - hit.start) }
            scratch.longestSpans.append(longest)
        }
        anchors: for anchor in scratch.hitsByRule[Int(references[0])] {
            let sentence = sentenceBounds(around: anchor, within: within)
            var result = anchor
            result.rule = rule
            var latestStart = anchor.start, earliestEnd = anchor.end
            for position in 1..<references.count {
                guard let chosen = nearest(to: anchor, in: scratch.hitsByRule[Int(references[position])],
                                           longestSpan: scratch.longestSpans[position], within: within,
                                           sentence: sentence) else { continue anchors }
                latestStart = max(latestStart, chosen.start)
                earliestEnd = min(earliestEnd, chosen.end)
                widen(&result, chosen)
            }
            if latestStart - earliestEnd <= within {
                scratch.conditionHits.append(result)
            }
        }
    }

    /// The byte offsets of the last sentence end before `anchor` and the first after it
    /// (Int32.min and Int32.max when there is none). Only the bytes a hit `within` code
    /// points away could span are read: at most four bytes a code point.
    func sentenceBounds(around anchor: SpanHit, within: Int32) -> (before: Int32, after: Int32) {
        let reach = 4 * Int(max(within, 0)) + 4
        let start = Int(anchor.byteStart), end = Int(anchor.byteEnd)
        let before = SentenceEnds.last(before: start, notBefore: start - reach, in: original)
        let after = SentenceEnds.first(from: end, before: end + reach, in: original)
        return (before.map { Int32($0) } ?? .min, after.map { Int32($0) } ?? .max)
    }

    /// The hit of `candidates` (sorted by start, none longer than `longestSpan` code
    /// points) closest to `anchor` with no sentence end between them, found by binary
    /// search; nil when none lies in the anchor's sentence within `within` code points.
    func nearest(to anchor: SpanHit, in candidates: UnsafeBufferPointer<SpanHit>, longestSpan: Int32,
                 within: Int32, sentence: (before: Int32, after: Int32)) -> SpanHit? {
        var low = 0, high = candidates.count
        while low < high {
            let middle = (low + high) / 2
            if candidates[middle].start < anchor.start { low = middle + 1 } else { high = middle }
        }
        func distance(_ hit: SpanHit) -> Int32 { max(0, max(hit.start, anchor.start) - min(hit.end, anchor.end)) }
        // A hit before the anchor must end after the sentence end before it; one after the
        // anchor must start no later than the sentence end after it.
        func inSentence(_ hit: SpanHit) -> Bool { hit.byteEnd > sentence.before && hit.byteStart <= sentence.after }
        var best: SpanHit? = low < candidates.count && inSentence(candidates[low]) ? candidates[low] : nil
        // Hits starting before the anchor end at most `longestSpan` after their start, so
        // looking back can stop once even the longest could not be closer, or not near.
        var index = low - 1
        while index >= 0 {
            let candidate = candidates[index]
            let closest = anchor.start - candidate.start - longestSpan
            if closest > within { break }
            if let found = best, closest > distance(found) { break }
            if inSentence(candidate) && (best.map { distance(candidate) < distance($0) } ?? true) { best = candidate }
            index -= 1
        }
        return best
    }

    /// Grows `result` to cover `part` too (byte and code-point spans).
    @inline(__always)
    func widen(_ result: inout SpanHit, _ part: SpanHit) {
        result.byteStart = min(result.byteStart, part.byteStart)
        result.byteEnd = max(result.byteEnd, part.byteEnd)
        result.start = min(result.start, part.start)
        result.end = max(result.end, part.end)
    }

    func isExcepted(_ hit: SpanHit) -> Bool {
        scratch.exceptions.contains { $0.rule == hit.rule && $0.byteStart <= hit.byteStart && $0.byteEnd >= hit.byteEnd }
    }
}
