// A bad evening is not a crisis: a thin signal at ×2 for eight hours is looked at once
// a bucket, about a hundred times, and over that many looks some hour of it runs at
// ×3–×4 by chance. rapid_response judges the excess over its whole excursion (the
// CUSUM run) with Wald's sequential test of ×3 against ×2, whose bound holds however
// often it looks; a storm at ×3 gathers the evidence over its hours, and a raid or a
// spike, far above ×3, gets there at once (improbable even at ×3: `above_p`).
import Testing
@testable import VigilEngine

@Suite struct EscalationEveningTests {
    typealias F = EscalationFixtures
    static let day = 288

    /// Two days of `base` complaints a bucket, then `factor` × that for `buckets`, then
    /// two hours of the old rate.
    static func states(_ policy: EscalationPolicy, seed: UInt64, base: Double, factor: Double, buckets: Int) -> [EscalationState] {
        let start = 2 * day
        let observations = F.complaints(buckets: start + buckets + 24, seed: seed) { b in
            b >= start && b < start + buckets ? base * factor : base
        }
        let out = F.run(policy, F.merge([observations.map { .observe($0) }]))
        return out.filter { $0.from != $0.to && !$0.isReminder }.map(\.to)
    }

    @Test func aThinEveningAtTwiceItsRateStaysAtEarlyWarning() {
        // Without the sequential test (nothing to tell apart: the null rate at
        // min_ratio), the same evenings' lucky hours are enough: that test is what keeps
        // them at early_warning.
        var noTest = EscalationPolicy()
        noTest.rapidNullRatio = noTest.rapidMinRatio
        var crises: [UInt64] = [], untested: [UInt64] = [], warned = 0
        for seed: UInt64 in 70...99 {
            let now = Self.states(EscalationPolicy(), seed: seed, base: 0.7, factor: 2, buckets: 96)
            if now.contains(.rapidResponse) { crises.append(seed) }
            if now.contains(.earlyWarning) { warned += 1 }
            if Self.states(noTest, seed: seed, base: 0.7, factor: 2, buckets: 96).contains(.rapidResponse) { untested.append(seed) }
        }
        #expect(crises.isEmpty, "rapid_response on a ×2 evening, seeds \(crises)")
        #expect(warned >= 10, "early warnings on \(warned) of 30 evenings")
        #expect(!untested.isEmpty)
    }

    @Test func aRaidOnAQuietSignalStillReachesRapidResponse() {
        // 0.1 a bucket (under the 0.2 floor), then ×30 for an hour: three records a
        // bucket from new accounts, ×15 the floored baseline.
        for seed: UInt64 in 70...79 {
            let raid = Self.states(EscalationPolicy(), seed: seed, base: 0.1, factor: 30, buckets: 12)
            #expect(raid.contains(.rapidResponse), "seed \(seed): \(raid)")
        }
    }

    @Test func aRaidFarAboveMinRatioPassesWithoutWaldsEvidence() {
        // An hour of a raid is too few records for Wald's test at a strict bound; the
        // other way in (improbable even at min_ratio × the baseline) lets it through,
        // and without that way it stays at early_warning.
        var clearOnly = EscalationPolicy()
        clearOnly.rapidP = 1e-12
        var neither = clearOnly
        neither.rapidAboveP = 0
        for seed: UInt64 in 70...79 {
            let raid = Self.states(clearOnly, seed: seed, base: 0.1, factor: 30, buckets: 12)
            #expect(raid.contains(.rapidResponse), "seed \(seed): \(raid)")
            let held = Self.states(neither, seed: seed, base: 0.1, factor: 30, buckets: 12)
            #expect(!held.contains(.rapidResponse), "seed \(seed): \(held)")
        }
    }

    @Test func aThinStormAtThreeTimesItsRateReachesRapidResponse() {
        // 0.5 a bucket, then ×3 for eight hours. A rate at ×3 is not shown to be above
        // ×3 (told apart from ×2.9 instead of ×2, the storms stay at early_warning);
        // told apart from a ×2 evening, most reach rapid_response (23 of 30 measured).
        var nearly = EscalationPolicy()
        nearly.rapidNullRatio = 2.9
        nearly.rapidAboveP = 0
        var missed: [UInt64] = [], reached = 0
        for seed: UInt64 in 70...99 {
            if !Self.states(EscalationPolicy(), seed: seed, base: 0.5, factor: 3, buckets: 96).contains(.rapidResponse) { missed.append(seed) }
            if Self.states(nearly, seed: seed, base: 0.5, factor: 3, buckets: 96).contains(.rapidResponse) { reached += 1 }
        }
        #expect(missed.count <= 10, "no rapid_response in a ×3 storm, seeds \(missed)")
        #expect(reached <= 5, "against ×2.9: rapid_response in \(reached) of 30")
    }
}
