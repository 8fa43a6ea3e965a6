// How hits become scores (documented in docs/scoring.md and shown by `rules explain`).
//
// - A rule contributes its weight w (0–100) once, however many times it hits.
// - A category's score combines its rules like independent pieces of evidence:
//   100 × (1 − Π (1 − w/100)). One critical rule (100) gives 100; two medium rules
//   (30) give 51. Adding a hit can only keep or raise it: the score is monotone.
// - The overall score is the highest category score.
// - Each category's score gives a decision by the thresholds of the record's kind,
//   capped by the category's `max_decision`; the verdict's decision is the most
//   severe of them.

/// The category score formula, shared by the scorer and the explanation.
public enum ScoreFormula {
    /// Combines rule weights (each 0–100) into a score in [0, 100].
    public static func combine<Weights: Sequence>(_ weights: Weights) -> Double where Weights.Element == Double {
        var remaining = 1.0
        for weight in weights { remaining *= 1 - min(max(weight, 0), 100) / 100 }
        return rounded((1 - remaining) * 100)
    }

    /// Scores are reported with one decimal.
    public static func rounded(_ score: Double) -> Double {
        (score * 10).rounded() / 10
    }
}
