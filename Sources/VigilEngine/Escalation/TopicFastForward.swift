// Skipping a long stretch of empty buckets at once, with the same result as closing
// each of them in turn.
//
// An acknowledged incident (assessment, strategy, execution) waits for its operator
// however long the topic stays silent, so it closes every bucket the watermark passes:
// a record two years ahead (a client with a wrong clock) meant 210,000 buckets closed
// one by one, seconds of work for one record. Once the windows have drained (rings and
// exit window empty, CUSUMs at zero, the quiet run's count within its expectation) an
// empty bucket changes only counters, and one sum: the quiet run's expected records.
// That sum is kept in whole steps of 2^-20 of a record below 2^32 (`addExpected`), so
// it is exact in any grouping and a stretch adds hour-of-day count × hour's expectation.
// Severity decay (one level per `severity.decay` of quiet) is the one event such a
// stretch holds; the skip stops short of it and lets the bucket close as usual.
// The other states step down or learn within hours (early_warning, rapid_response,
// follow_up, recovery) and are closed bucket by bucket; a topic idle in monitoring is
// not closed at all until touched, and forgotten after `evict_after`.

extension TopicMachine {
    /// Steps of the quiet run's expected-records sum (2^-20 records) and its cap (2^32).
    static let expectedSteps = 1_048_576.0
    static let expectedCap = 4_294_967_296.0

    /// `sum + e`, with `e` and the result in whole steps, at most the cap: every partial
    /// sum is exact, so adding a stretch at once gives the bucket-by-bucket result.
    static func addExpected(_ sum: Double, _ e: Double) -> Double {
        let step = (min(e, expectedCap) * expectedSteps).rounded() / expectedSteps
        return min(expectedCap, ((sum + step) * expectedSteps).rounded() / expectedSteps)
    }

    /// Closes the empty buckets from `nextBucket` on, up to `end` or the first open bucket,
    /// at once, when nothing but counters and the quiet run's sum can change in them;
    /// returns whether it did. Stops before a bucket where the severity would decay.
    func fastForward(to end: Int64, _ t: EscalationTuning) -> Bool {
        guard t.fastForward, isSteady(t) else { return false }
        var n = min(end, open.first?.index ?? end) - nextBucket
        if let current = severity, current > .sev4 {
            n = min(n, t.decayBuckets - quietRun % t.decayBuckets - 1)
        }
        guard n >= 2 else { return false }
        let perHour = bucketsPerHour(from: nextBucket, count: n, t)
        for i in stats.indices {
            var total = 0.0
            for h in 0..<24 where perHour[h] > 0 {
                let e = Self.addExpected(0, stats[i].expected(factor: profile.factor(hour: h, t), t))
                total = min(Self.expectedCap, total + Double(perHour[h]) * e)
            }
            stats[i].quietExpected = min(Self.expectedCap, stats[i].quietExpected + total)
        }
        warnMask = n >= 32 ? 0 : warnMask << UInt32(n)
        alarmMask = n >= 32 ? 0 : alarmMask << UInt32(n)
        lastBucketSeverity = nil
        recentHead = Int((Int64(recentHead) + n) % Int64(t.exitBuckets))
        quietRun += n
        nextBucket += n
        return true
    }

    /// Whether an empty bucket closed now would change nothing but counters and the quiet
    /// run's sum: an acknowledged incident past its warm-up, its exit window full and
    /// empty, every ring empty, every CUSUM at zero, every quiet run's count within its
    /// expectation (so the bucket is quiet, and so is every one after it) and its sum in
    /// whole steps.
    func isSteady(_ t: EscalationTuning) -> Bool {
        guard state == .assessment || state == .strategy || state == .execution,
              nextBucket >= createdBucket + t.warmupBuckets, recentFill == t.exitBuckets,
              open.first.map({ $0.index > nextBucket }) ?? true else { return false }
        return stats.allSatisfy { s in
            s.cusum.bitPattern == 0 && s.runCount == 0 && s.runExpected.bitPattern == 0 && s.runAuthors.isEmpty
                && s.recentSum == 0 && s.recent.count == t.exitBuckets
                && !s.windowCounts.contains(where: { $0 != 0 }) && s.windowAuthors.allSatisfy(\.isEmpty)
                && Double(s.quietCount) <= s.quietExpected && Self.addExpected(s.quietExpected, 0) == s.quietExpected
        }
    }

    /// How many of the `n` buckets from `first` fall in each hour of the day (UTC): whole
    /// days of the calendar's period at once, the rest one by one.
    func bucketsPerHour(from first: Int64, count n: Int64, _ t: EscalationTuning) -> [Int64] {
        let day: Int64 = 86_400_000
        var a = t.bucket, b = day
        while b != 0 { (a, b) = (b, a % b) }
        let period = day / a   // buckets after which the hours repeat
        var perHour = [Int64](repeating: 0, count: 24)
        let periods = n / period
        if periods > 0 {
            for j in 0..<period { perHour[t.hourSlot(first + j)] += periods }
        }
        for j in (periods * period)..<n { perHour[t.hourSlot(first + j)] += 1 }
        return perHour
    }
}
