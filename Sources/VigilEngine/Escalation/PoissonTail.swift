// The two statistical tests of the escalation machine, on counts per event-time
// bucket against a baseline rate:
//
// - spike: the upper-tail Poisson p-value P(X ≥ x | λ), through the regularized lower
//   incomplete gamma function P(x, λ) (which equals that tail for whole x and stays
//   continuous for the quasi-Poisson scaled counts x/φ);
// - sustained shift: the Poisson CUSUM of Lucas (1985), the log-likelihood ratio of a
//   rate r·λ against λ accumulated bucket by bucket and floored at zero.
//
// Pure functions of their arguments (libm's `lgamma`, `log`, `exp`), so a replay gives
// the same bits.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Poisson tail probabilities and the CUSUM step.
public enum PoissonTail {
    /// P(X ≥ k) for X ~ Poisson(λ); `k` may be fractional (quasi-Poisson scaling).
    /// 1 for k ≤ 0; 0 for λ ≤ 0 and k > 0.
    public static func upper(_ k: Double, mean lambda: Double) -> Double {
        guard k > 0 else { return 1 }
        guard lambda > 0 else { return 0 }
        return regularizedLowerGamma(k, lambda)
    }

    /// The smallest whole count `x ≥ floor` with P(X ≥ x/φ | λ/φ) ≤ `p`: the count a bucket
    /// needs to pass a spike test (reported as `threshold` in evidence).
    public static func countNeeded(p: Double, mean lambda: Double, dispersion phi: Double, floor: Int) -> Int {
        var x = max(floor, Int(lambda.rounded(.down)) + 1)
        // Coarse steps first, then back off: the tail falls monotonically in x.
        var step = max(1, Int((lambda * phi).squareRoot()))
        while upper(Double(x) / phi, mean: lambda / phi) > p { x += step; step *= 2 }
        var low = max(floor, Int(lambda.rounded(.down)) + 1) - 1
        while x - low > 1 {
            let mid = (x + low) / 2
            if upper(Double(mid) / phi, mean: lambda / phi) > p { low = mid } else { x = mid }
        }
        return max(x, floor)
    }

    /// The largest whole count with P(X ≥ x/φ | λ/φ) > `p`: how much a window may hold and
    /// still be quiet (reported as `threshold` of a step down).
    public static func quietLimit(p: Double, mean lambda: Double, dispersion phi: Double) -> Int {
        countNeeded(p: p, mean: lambda, dispersion: phi, floor: 0) - 1
    }

    /// One CUSUM step for count `x` against baseline λ, tuned to detect a rate `ratio`·λ:
    /// `max(0, s + (x·ln ratio − (ratio − 1)·λ) / φ)`.
    @inline(__always)
    public static func cusum(_ s: Double, count x: Int, mean lambda: Double, logRatio: Double, ratio: Double, dispersion phi: Double) -> Double {
        max(0, s + (Double(x) * logRatio - (ratio - 1) * lambda) / phi)
    }

    /// P(a, x) = γ(a, x)/Γ(a): series below a + 1, Lentz's continued fraction above
    /// (Numerical Recipes §6.2).
    static func regularizedLowerGamma(_ a: Double, _ x: Double) -> Double {
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var sum = 1 / a, term = sum, n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return min(1, sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return max(0, 1 - exp(logPrefix) * h)
    }
}
