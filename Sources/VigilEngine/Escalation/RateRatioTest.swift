// The test of the step to rapid_response: is this excursion at `min_ratio` × its
// baseline (a crisis), or only at `null_ratio` × (a bad evening)? Wald's sequential
// probability ratio test between the two rates, on the excursion's whole count so far.
//
// Why a likelihood ratio and not a p-value: the step is looked at once a bucket for as
// long as the excursion lasts. A p-value against ×2 taken a hundred times over a ×2
// evening passes by luck now and then; a p-value against ×3 itself asks for a rate
// clearly above ×3, which a true ×3 storm shows only when its noise runs high. The
// likelihood ratio of ×3 against ×2 grows with every hour a storm runs at ×3 and
// shrinks with every hour an evening runs at ×2, and Wald's bound holds however often
// it is looked at: under the null rate, the chance that it ever reaches 1/α is at most α.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wald's sequential probability ratio test of a Poisson rate `alternative` × λ against
/// `null` × λ (quasi-Poisson: the log-likelihood ratio divided by the dispersion φ).
struct RateRatioTest {
    /// The rates, as multiples of the baseline: `null` < `alternative`.
    let null: Double
    let alternative: Double
    /// Wald's bound on deciding for `alternative` when the rate is `null`.
    let alpha: Double

    /// ln of the likelihood ratio of `count` records over a window whose baseline
    /// expectation is `expected`: (x·ln(r₁/r₀) − (r₁ − r₀)·λ) / φ.
    func logLikelihoodRatio(count x: Int64, expected lambda: Double, dispersion phi: Double) -> Double {
        (Double(x) * log(alternative / null) - (alternative - null) * lambda) / phi
    }

    /// Whether the count decides for `alternative`: its log-likelihood ratio reaches
    /// ln(1/α). Always, when the two rates do not differ the right way round (a policy
    /// that asks for less than the null rate has nothing to tell apart).
    func decides(count x: Int64, expected lambda: Double, dispersion phi: Double) -> Bool {
        guard alternative > null else { return true }
        return logLikelihoodRatio(count: x, expected: lambda, dispersion: phi) >= log(1 / alpha)
    }
}
