// The topic's daily profile: learned from all its records, ready after a day even when
// incidents froze some hours, shrunk toward 1 where few records stand behind it; and a
// rare signal on a busy topic with a daily swing raises no alarm.
import Foundation
import Testing
@testable import VigilEngine

@Suite struct DailyProfileTests {
    typealias F = EscalationFixtures
    static let tuning = EscalationTuning(EscalationPolicy())
    /// Relative traffic of the generator (corpus/timeline.py): 0.4 at 02:00, 1.6 at 14:00 UTC.
    static func shape(hour: Double) -> Double { 1 + 0.6 * sin(2 * Double.pi * (hour - 8) / 24) }

    /// A profile fed `days` of Poisson(`rate` × shape) counts, skipping the hours in `skip`.
    static func learned(rate: Double, days: Int, skip: Set<Int> = [], seed: UInt64 = 1) -> DailyProfile {
        var rng = SplitMix64(seed: seed)
        var profile = DailyProfile()
        for b in 0..<Int64(days * 288) where !skip.contains(tuning.hourSlot(b)) {
            profile.learn(Double(rng.poisson(rate * shape(hour: Double(b % 288) / 12 + 1 / 24))), bucket: b, tuning)
        }
        return profile
    }

    @Test func aBusyTopicLearnsItsShapeInADay() {
        let profile = Self.learned(rate: 20, days: 1)
        #expect(profile.ready)
        for hour in [2, 8, 14, 20] {
            let factor = profile.factor(Int64(hour * 12), Self.tuning)
            #expect(abs(factor / Self.shape(hour: Double(hour) + 0.5) - 1) < 0.12, "hour \(hour): \(factor)")
        }
    }

    @Test func hoursFrozenByIncidentsDoNotKeepItUnready() {
        // Hours 11 and 12 never learned (an incident every day): still ready after a
        // day's worth of buckets, and hour 11 takes its shape from its neighbours.
        let profile = Self.learned(rate: 20, days: 2, skip: [11, 12])
        #expect(profile.ready)
        let factor = profile.factor(11 * 12, Self.tuning)
        #expect(factor > 1.2 && factor < 1.7, "\(factor)")
    }

    @Test func aQuietTopicsShapeIsShrunkTowardOne() {
        // Two records a day cannot show a daily shape: every factor stays near 1.
        let profile = Self.learned(rate: 2.0 / 288, days: 3)
        for hour in 0..<24 {
            let factor = profile.factor(Int64(hour * 12), Self.tuning)
            #expect(factor > 0.7 && factor < 1.6, "hour \(hour): \(factor)")
        }
        // Not ready before a day of buckets.
        #expect(!Self.learned(rate: 20, days: 1, skip: [3]).ready)
    }

    @Test func aRareSignalOnABusyDiurnalTopicRaisesNoRapidResponse() {
        // 20 records a bucket swinging ×4 over the day, of which 0.3 a bucket are
        // complaints: too few to learn the shape from, enough to be fooled without it.
        for seed in UInt64(1)...3 {
            var rng = SplitMix64(seed: seed)
            var inputs: [EscalationInput] = []
            for b in 0..<(14 * 288) {
                let s = Self.shape(hour: Double(b % 288) / 12 + 1 / 24)
                let clean = rng.poisson(20 * s), risky = rng.poisson(0.3 * s)
                for i in 0..<(clean + risky) {
                    let time = F.epoch + Int64(b) * F.bucket + Int64(i) * F.bucket / Int64(clean + risky)
                    let complaint = i < risky
                    inputs.append(.observe(EscalationObservation(
                        id: "\(b)-\(i)", line: inputs.count + 1, eventTime: time, topic: "brand", author: "u\(rng.below(100_000))",
                        signals: complaint ? ["complaint": 1] : [:], decision: complaint ? .review : .allow)))
                }
            }
            let transitions = F.run(EscalationPolicy(), inputs)
            #expect(!transitions.contains { $0.to == .rapidResponse }, "seed \(seed):\n\(F.json(transitions))")
        }
    }
}
