// The alarm threshold drawn on a timeline: the smallest count of one bucket whose
// Poisson upper tail under the bucket's baseline is at or below the policy's spike
// alarm p-value (and at least its minimum count). A picture of the spike test, not the
// test itself: the machine also weighs dispersion, CUSUM shifts and confirmation.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

enum AlarmThreshold {
    /// Smallest k ≥ `minimum` with P(X ≥ k | λ) ≤ p.
    static func count(baseline lambda: Double, p: Double, minimum: Int) -> Int {
        guard lambda > 0, lambda.isFinite else { return minimum }
        // Walk the pmf upwards from 0 in log space; the tail is 1 - cdf(k - 1).
        var logPmf = -lambda, cdf = 0.0, k = 0
        while true {
            let tail = 1 - cdf
            if k >= minimum && tail <= p { return k }
            if k > Int(lambda * 20) + 200 { return k }
            cdf += exp(logPmf)
            k += 1
            logPmf += log(lambda) - log(Double(k))
            if cdf >= 1 { // rounding: the tail is below what a double can tell apart
                return max(k, minimum)
            }
        }
    }
}
