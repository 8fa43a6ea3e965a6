// The text `vigil learn` prints: the data, the features and learner, the cross-
// validated precision, recall and F1 at the default threshold and at the best one, the
// precision–recall points to choose a rule's `min:` from, and what was written.
import Foundation
import VigilEngine

struct LearnReport {
    var file: String
    var rows: Int
    var positives: Int
    var labels: [String]
    var settings: NGramFeatures.Settings
    var options: TrainerOptions
    var crossValidation: CrossValidationResult?
    var folds = 0
    var featurizeSeconds = 0.0, validationSeconds = 0.0, trainSeconds = 0.0, totalSeconds = 0.0
    var written: (path: String, bytes: Int, nonZero: Int)?

    static func fixed(_ value: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", value) }

    var featureLine: String {
        var parts: [String] = []
        if settings.scripts.contains(.cjk) && settings.cjkMaxN > 0 { parts.append("CJK character \(settings.cjkMinN)–\(settings.cjkMaxN)-grams") }
        if settings.scripts.contains(.latin) {
            if settings.wordMaxN > 0 { parts.append(settings.wordMaxN >= 2 ? "words and word bigrams" : "words") }
            if settings.charMaxN > 0 {
                let words = settings.charMinWordBytes > 0 ? " in words of \(settings.charMinWordBytes) bytes or more" : ""
                parts.append("in-word character \(settings.charMinN)–\(settings.charMaxN)-grams\(words)")
            }
        }
        return parts.joined(separator: "; ") + "; \(1 << Int(settings.hashBits)) hash buckets"
    }

    var learnerLine: String {
        switch options.algorithm {
        case .logisticRegression:
            return "logistic regression (FTRL-proximal, \(options.epochs) passes, L1 \(options.l1), L2 \(options.l2), rate \(options.alpha), classes weighted equally), seed \(options.seed)"
        case .naiveBayes:
            return "complement naive Bayes (smoothing \(options.smoothing)), scaled to probabilities on the held-out scores, seed \(options.seed)"
        }
    }

    func render(model: String) -> String {
        var out = "\(file): \(rows) rows, \(positives) positive (label \(labels.joined(separator: " or "))), \(rows - positives) negative\n"
        out += "features: \(featureLine)\n"
        out += "learner: \(learnerLine)\n"
        out += "featurized in \(Self.fixed(featurizeSeconds, 1)) s\n\n"
        if let result = crossValidation {
            out += crossValidationText(result)
        }
        out += "trained on all \(rows) rows in \(Self.fixed(trainSeconds, 1)) s (total \(Self.fixed(totalSeconds, 1)) s)\n"
        if let written {
            out += "wrote \(written.path): \(written.bytes) bytes, \(written.nonZero) non-zero weights\n"
        }
        out += "use it in a rule (model file at models/\(model).vgm beside the rule file):\n"
        out += "  classifier: {model: \(model), min: \(Self.fixed(suggestedMinimum, 2))}\n"
        return out
    }

    /// The threshold with the best cross-validated F1 (0.5 without cross-validation).
    var suggestedMinimum: Double {
        guard let result = crossValidation else { return 0.5 }
        return thresholds.max { result.measures(at: $0).f1 < result.measures(at: $1).f1 } ?? 0.5
    }

    var thresholds: [Double] { (1...19).map { Double($0) / 20 } }

    func crossValidationText(_ result: CrossValidationResult) -> String {
        var out = "\(folds)-fold cross-validation (every row scored by a model that never saw it), \(Self.fixed(validationSeconds, 1)) s:\n"
        let half = result.measures(at: 0.5)
        out += "  at min 0.50: precision \(Self.fixed(half.precision))  recall \(Self.fixed(half.recall))  F1 \(Self.fixed(half.f1))  (negatives flagged \(Self.fixed(100 * half.negativeRate, 1))%)\n"
        let best = suggestedMinimum, bestMeasures = result.measures(at: best)
        out += "  best F1 \(Self.fixed(bestMeasures.f1)) at min \(Self.fixed(best, 2)); average precision \(Self.fixed(result.averagePrecision))\n\n"
        out += "precision–recall points (min: precision recall F1, negatives flagged):\n"
        for threshold in thresholds {
            let m = result.measures(at: threshold)
            out += "  \(Self.fixed(threshold, 2)): \(Self.fixed(m.precision)) \(Self.fixed(m.recall)) \(Self.fixed(m.f1))  \(Self.fixed(100 * m.negativeRate, 1))%\n"
        }
        return out + "\n"
    }
}
