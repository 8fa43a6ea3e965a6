// Classifier rules over one post: each model scores the keyword stream once (however
// many rules use it), and a rule whose `min` the probability reaches gets one hit. The
// hit's span is that of the n-grams that pushed hardest towards the positive class
// (from the first to the last of those within half of the strongest one's weight);
// when they do not stand out (the n-grams inside that stretch carry less than a third
// of all the positive weight), the span is the whole text.
// Scoring keeps the n-grams with a positive weight in the scratch (PositiveTally), so
// the span needs no second pass; nothing allocates once the scratch has grown.

extension PostMatcher {
    func matchClassifiers() {
        guard !rules.classifiers.isEmpty else { return }
        let stream = scratch.normalized.keywordStream
        for model in 0..<scratch.classifierLogits.count { scratch.classifierLogits[model] = .nan }
        scratch.contributionsModel = -1
        rules.classifiers.withUnsafeBufferPointer { matchers in
            for matcher in matchers {
                let model = Int(matcher.model)
                var logit = scratch.classifierLogits[model]
                if logit.isNaN {
                    logit = score(model, stream: stream)
                    scratch.classifierLogits[model] = logit
                }
                guard logit >= matcher.minimumLogit else { continue }
                // Another model scored in between (rules of two models interleaved): read again.
                if scratch.contributionsModel != matcher.model { _ = score(model, stream: stream) }
                scratch.primitive.append(classifierSpan(rule: matcher.rule, origins: stream.origins))
            }
        }
    }

    /// Model `index`'s logit for the stream (-infinity without features), keeping the
    /// n-grams with a positive weight in `scratch.classifierContributions`: one pass.
    func score(_ index: Int, stream: MappedByteBuffer) -> Double {
        scratch.contributionsModel = Int32(index)
        let model = rules.classifierModels[index]
        var tally = PositiveTally(into: scratch.classifierContributions)
        model.score(stream: stream.bytes, into: &tally)
        scratch.classifierContributions = tally.positives   // the list as grown
        return model.logit(sum: tally.sum, count: tally.count) ?? -.infinity
    }

    /// The span of a classifier hit (see the file comment) from the contributions the
    /// scoring kept, in original bytes.
    func classifierSpan(rule: Int32, origins: UnsafeBufferPointer<Int32>) -> SpanHit {
        let whole = SpanHit(rule: rule, byteStart: 0, byteEnd: Int32(original.count))
        let contributions = scratch.classifierContributions
        var strongest: Int32 = 0, positiveTotal: Int32 = 0
        for contribution in contributions {
            positiveTotal &+= contribution.weight
            strongest = max(strongest, contribution.weight)
        }
        var first = Int32.max, last: Int32 = 0
        for contribution in contributions where contribution.weight * 2 >= strongest && contribution.end > contribution.start {
            first = min(first, contribution.start)
            last = max(last, contribution.end)
        }
        guard strongest > 0, first < last else { return whole }
        // The stretch stands out when the n-grams inside it carry a third of the positive weight.
        var inside: Int32 = 0
        for contribution in contributions where contribution.start >= first && contribution.end <= last { inside &+= contribution.weight }
        guard inside * 3 >= positiveTotal else { return whole }
        return span(rule: rule, start: Int(first), end: Int(last), origins: origins)
    }
}
