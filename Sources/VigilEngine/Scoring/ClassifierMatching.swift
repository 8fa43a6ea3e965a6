// Classifier rules over one post: each model scores the keyword stream once (however
// many rules use it), and a rule whose `min` the probability reaches gets one hit. The
// hit's span is that of the n-grams that pushed hardest towards the positive class
// (those within half of the strongest one's weight); when no n-gram stands out (the
// strongest is under a sixth of all positive weight), the span is the whole text.
// Nothing here allocates: the spans are found by going over the features again, and
// only for posts that hit.

extension PostMatcher {
    func matchClassifiers() {
        guard !rules.classifiers.isEmpty else { return }
        let stream = scratch.normalized.keywordStream
        for model in 0..<scratch.classifierLogits.count { scratch.classifierLogits[model] = .nan }
        rules.classifiers.withUnsafeBufferPointer { matchers in
            for matcher in matchers {
                let model = Int(matcher.model)
                var logit = scratch.classifierLogits[model]
                if logit.isNaN {
                    logit = rules.classifierModels[model].logit(stream: stream.bytes) ?? -.infinity
                    scratch.classifierLogits[model] = logit
                }
                guard logit >= matcher.minimumLogit else { continue }
                scratch.primitive.append(classifierSpan(rules.classifierModels[model], rule: matcher.rule, stream: stream))
            }
        }
    }

    /// The span of a classifier hit (see the file comment), in original bytes.
    func classifierSpan(_ model: TextClassifierModel, rule: Int32, stream: MappedByteBuffer) -> SpanHit {
        var strongest: Int32 = 0, positiveTotal: Int32 = 0
        model.forEachContribution(stream: stream.bytes) { weight, _, _ in
            if weight > 0 { positiveTotal &+= weight; strongest = max(strongest, weight) }
        }
        let whole = SpanHit(rule: rule, byteStart: 0, byteEnd: Int32(original.count))
        guard strongest > 0, strongest * 6 >= positiveTotal else { return whole }
        var first = Int.max, last = 0
        model.forEachContribution(stream: stream.bytes) { weight, start, end in
            if weight * 2 >= strongest && end > start { first = min(first, start); last = max(last, end) }
        }
        guard first < last else { return whole }
        return span(rule: rule, start: first, end: last, origins: stream.origins)
    }
}
