// K-fold cross-validation for `vigil learn`: each text is scored by a model trained
// without its fold, quantized as it would ship, so the precision, recall and F1 printed
// (and the precision–recall points a user picks a `min:` from) are those of texts the
// model never saw. Folds are drawn from the seed; they are trained two at a time, and
// the figures do not depend on which finished first.

/// Held-out probabilities of every example, and the measures drawn from them.
public struct CrossValidationResult: Sendable {
    /// Per example: the held-out probability, or nil when the text has no feature.
    public var probabilities: [Double?]
    public var labels: [Bool]
    /// Naive Bayes: the probability scaling fitted on the held-out scores.
    public var calibration: (a: Double, b: Double)

    /// Precision, recall, F1 and the share of negatives flagged at `threshold`.
    public func measures(at threshold: Double) -> (precision: Double, recall: Double, f1: Double, negativeRate: Double) {
        var tp = 0, fp = 0, fn = 0, tn = 0
        for (p, y) in zip(probabilities, labels) {
            let flagged = (p ?? -1) >= threshold
            switch (y, flagged) {
            case (true, true): tp += 1
            case (true, false): fn += 1
            case (false, true): fp += 1
            case (false, false): tn += 1
            }
        }
        let precision = tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp)
        let recall = tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return (precision, recall, f1, fp + tn == 0 ? 0 : Double(fp) / Double(fp + tn))
    }

    /// Average precision over the ranking by probability (area under the PR curve).
    public var averagePrecision: Double {
        let ranked = zip(probabilities, labels).map { ($0 ?? -1, $1) }.sorted { $0.0 > $1.0 }
        let positives = labels.lazy.filter { $0 }.count
        guard positives > 0 else { return 0 }
        var found = 0, sum = 0.0
        for (rank, (_, label)) in ranked.enumerated() where label {
            found += 1
            sum += Double(found) / Double(rank + 1)
        }
        return sum / Double(positives)
    }
}

public enum CrossValidation {
    /// Runs `folds`-fold cross-validation of `options` on `set`.
    public static func run(_ set: TrainingSet, folds: Int, options: TrainerOptions) -> CrossValidationResult {
        var generator = SeededGenerator(seed: options.seed ^ 0x5EED_F01D)
        let order = generator.permutation(set.examples.count)
        var foldOf = [Int](repeating: 0, count: order.count)
        for (position, index) in order.enumerated() { foldOf[index] = position % folds }
        var logits = [Double?](repeating: nil, count: set.examples.count)
        let assignment = foldOf
        let perFold = parallelMap(folds) { fold -> [(Int, Double?)] in
            let training = set.examples.indices.filter { assignment[$0] != fold }
            let model = ClassifierTrainer.train(set, indices: training, options: options)
            let shipped = ClassifierTrainer.quantize(model, name: "fold", settings: set.settings, algorithm: options.algorithm)
            return set.examples.indices.filter { assignment[$0] == fold }.map { ($0, quantizedLogit(shipped, set.examples[$0])) }
        }
        for list in perFold { for (index, logit) in list { logits[index] = logit } }
        var calibration = (a: 1.0, b: 0.0)
        if options.algorithm == .naiveBayes {
            let known = logits.indices.filter { logits[$0] != nil }
            calibration = ClassifierTrainer.platt(scores: known.map { logits[$0]! }, labels: known.map { set.labels[$0] })
        }
        let probabilities = logits.map { $0.map { TextClassifierModel.probability(calibration.a * $0 + calibration.b) } }
        return CrossValidationResult(probabilities: probabilities, labels: set.labels, calibration: calibration)
    }

    /// The logit the quantized model gives an example (what the engine computes per post).
    static func quantizedLogit(_ model: TextClassifierModel, _ x: SparseFeatures) -> Double? {
        var sum: Int32 = 0
        for (bucket, count) in zip(x.buckets, x.counts) { sum &+= Int32(model.weights[Int(bucket)]) * Int32(count) }
        return model.logit(sum: sum, count: x.total)
    }
}
