// The hour-of-day shape of one topic's traffic, shared by all its signals.
//
// Brand traffic swings ×3–×5 between night and evening, and every kind of post
// follows the same swing. One signal's own counts are far too few to learn that shape:
// 0.3 abuse posts per bucket give about 4 records per hour of the day after a day, a
// ±50% estimate, and a baseline that low in the morning read an ordinary morning as a
// sustained shift. So the shape is learned from all the topic's records (clean ones
// included), and each hour's factor is shrunk toward 1 by how many records it rests on.

/// Mean records per bucket in each hour of the day (UTC) of one topic, learned like the
/// signals' baselines (through the guard band, frozen while an incident is open).
struct DailyProfile {
    /// Mean records per bucket of each hour; empty until the first bucket is learned.
    var hours: [Float] = []
    /// Sum of `hours`.
    var sum = 0.0
    /// Buckets each hour has learned (saturating).
    var visits: [UInt16] = []
    /// A day of buckets learned (see `isReady`).
    var ready = false

    /// Weight of the prior that an hour is like every other, in records: the factor
    /// moves halfway from 1 to what the counts say when this many stand behind it (a
    /// daily swing of about ±30% is expected; a mean of n Poisson records is known to
    /// about ±1/√n).
    static let shrinkRecords = 10.0

    var isEmpty: Bool { hours.isEmpty }

    /// The factor of bucket `b`: its hour's mean, smoothed with the hours either side
    /// (¼, ½, ¼; hours never learned left out), over the mean of the hours learned,
    /// shrunk toward 1 by how few records it rests on, within [1/20, 20]; 1 until the
    /// profile is ready.
    func factor(_ b: Int64, _ t: EscalationTuning) -> Double {
        factor(hour: t.hourSlot(b), t)
    }

    /// The factor of every bucket in hour `h` of the day (UTC).
    func factor(hour h: Int, _ t: EscalationTuning) -> Double {
        guard ready, sum > 1e-9 else { return 1 }
        // Buckets behind an hour's estimate count up to what the EWMA remembers.
        let memory = t.seasonGamma > 0 ? 2 / t.seasonGamma : .infinity
        var weighted = 0.0, weights = 0.0, buckets = 0.0
        for offset in -1...1 {
            let slot = (h + 24 + offset) % 24, weight = offset == 0 ? 2.0 : 1.0
            guard visits[slot] > 0 else { continue }
            weighted += weight * Double(hours[slot])
            weights += weight
            buckets += weight * min(Double(visits[slot]), memory)
        }
        guard weights > 0 else { return 1 }
        // Records behind the smoothed mean, and what an hour like every other would have
        // had in their place; the prior (a factor of 1, worth `shrinkRecords` records)
        // is added to both (the Gamma–Poisson posterior mean).
        let seen = visits.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let records = weighted / weights * buckets * 3 / 4
        let typical = sum / Double(seen) * buckets * 3 / 4
        return min(20, max(0.05, (records + Self.shrinkRecords) / (typical + Self.shrinkRecords)))
    }

    /// Learns bucket `b`'s record count: the hour's mean is a running average over its
    /// first visits, then an EWMA with the policy's `season` half-life.
    mutating func learn(_ x: Double, bucket b: Int64, _ t: EscalationTuning) {
        guard t.seasonGamma > 0 else { return }
        if hours.isEmpty {
            guard x > 0 else { return }
            hours = Array(repeating: 0, count: 24)
            visits = Array(repeating: 0, count: 24)
        }
        let slot = t.hourSlot(b)
        let old = Double(hours[slot])
        let weight = max(t.seasonGamma, 1 / (Double(visits[slot]) + 1))
        let updated = Float(old + weight * (x - old))
        hours[slot] = updated
        sum += Double(updated) - old
        if visits[slot] < UInt16.max { visits[slot] += 1 }
        if !ready { ready = Self.isReady(visits, t) }
    }

    /// Whether a profile with these visits is used: a day's worth of buckets learned.
    /// Hours seen only a few times, or never (incidents froze learning through them),
    /// have few records behind them, and the shrinkage keeps their factor near 1.
    /// Waiting for every hour to see a full hour instead could wait forever on a topic
    /// whose busy hours keep raising warnings for want of a profile.
    static func isReady(_ visits: [UInt16], _ t: EscalationTuning) -> Bool {
        visits.count == 24 && visits.reduce(0, { $0 + Int64($1) }) >= t.bucketsPerDay
    }
}
