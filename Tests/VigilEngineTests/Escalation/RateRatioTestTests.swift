// Wald's test of rapid_response: its log-likelihood ratio by hand, its threshold, and
// its bound on a signal at the null rate looked at after every bucket.
import Testing
@testable import VigilEngine

@Suite struct RateRatioTestTests {
    let test = RateRatioTest(null: 2, alternative: 3, alpha: 0.01)

    @Test func logLikelihoodRatioOfThreeAgainstTwo() {
        // 30 records against an expectation of 10: 30·ln 1.5 − 10 = 2.16.
        #expect(abs(test.logLikelihoodRatio(count: 30, expected: 10, dispersion: 1) - 2.164_4) < 1e-3)
        #expect(abs(test.logLikelihoodRatio(count: 30, expected: 10, dispersion: 2) - 1.082_2) < 1e-3)
        // ln(1/0.01) = 4.61: 30 is not enough, 40 (16.2 − 10 = 6.2) is; a dispersion of 2 halves it.
        #expect(!test.decides(count: 30, expected: 10, dispersion: 1))
        #expect(test.decides(count: 40, expected: 10, dispersion: 1))
        #expect(!test.decides(count: 40, expected: 10, dispersion: 2))
    }

    @Test func moreEvidenceIsNeededAgainstACloserNull() {
        // An excursion at ×3: 300 records against 100. Against ×2 decided long before
        // (300·ln 1.5 − 100 = 21.6); against ×2.5 only just (300·ln 1.2 − 50 = 4.70 ≥ 4.61);
        // against ×2.8 not (300·ln(3/2.8) − 20 = 0.70). Half of it is not enough against ×2.5.
        #expect(test.decides(count: 300, expected: 100, dispersion: 1))
        #expect(RateRatioTest(null: 2.5, alternative: 3, alpha: 0.01).decides(count: 300, expected: 100, dispersion: 1))
        #expect(!RateRatioTest(null: 2.5, alternative: 3, alpha: 0.01).decides(count: 150, expected: 50, dispersion: 1))
        #expect(!RateRatioTest(null: 2.8, alternative: 3, alpha: 0.01).decides(count: 300, expected: 100, dispersion: 1))
    }

    @Test func nothingToTellApartPasses() {
        #expect(RateRatioTest(null: 3, alternative: 3, alpha: 0.01).decides(count: 1, expected: 100, dispersion: 1))
    }

    @Test func aSignalAtTheNullRateRarelyEverPasses() {
        // 2000 excursions at ×2 of 0.5 a bucket, each looked at after every one of 200
        // buckets: Wald's (Ville's) bound says at most 1% ever pass on average, 20 of
        // 2000, give or take the draw's own noise (about ±4.5; 23 with this seed).
        var rng = SplitMix64(seed: 11)
        var passed = 0, atThree = 0
        for _ in 0..<2000 {
            var count: Int64 = 0, expected = 0.0, counted3: Int64 = 0, ever = false, ever3 = false
            for _ in 0..<200 {
                count += Int64(rng.poisson(1.0))
                counted3 += Int64(rng.poisson(1.5))
                expected += 0.5
                if test.decides(count: count, expected: expected, dispersion: 1) { ever = true }
                if test.decides(count: counted3, expected: expected, dispersion: 1) { ever3 = true }
            }
            if ever { passed += 1 }
            if ever3 { atThree += 1 }
        }
        #expect(passed <= 32, "\(passed) of 2000 at ×2 passed")
        // …while at ×3 (100 expected, drift 0.22 a unit) nearly all do.
        #expect(atThree >= 1900, "\(atThree) of 2000 at ×3 passed")
    }
}
