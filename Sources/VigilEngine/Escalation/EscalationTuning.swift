// The policy turned into the whole-bucket numbers the per-topic machine works with,
// computed once per monitor.

/// Policy values in buckets and precomputed constants.
struct EscalationTuning {
    let policy: EscalationPolicy
    /// Watched signals, in evaluation order; the last three are `authors`, `review`, `block`.
    let signalNames: [String]
    let signalIndex: [String: Int]
    let authorsSignal: Int
    let reviewSignal: Int
    let blockSignal: Int

    let bucket: Int64
    let warmupBuckets: Int64
    /// Buckets a closed bucket waits before it is learned (baseline.guard).
    let guardBuckets: Int
    /// Buckets in the exit test's window.
    let exitBuckets: Int
    /// Buckets in rapid_response's window (`rapid_response.window`).
    let rapidBuckets: Int
    /// Buckets each signal's window ring keeps: the longer of the rapid_response and
    /// exit windows. Bucket `b` is in slot `b mod windowBuckets`.
    let windowBuckets: Int
    /// rapid_response's test over the excursion: `min_ratio` against `null_ratio` at `p`.
    let rapidTest: RateRatioTest
    let confirmMask: UInt32
    let alpha: Double
    /// EWMA weight of the slowest-learning (rarest) signal.
    let minAlpha: Double
    let logRatio: Double
    let followUpBuckets: Int64
    let recoveryBuckets: Int64
    let decayBuckets: Int64
    let evictBuckets: Int64
    /// Weight of one bucket in its hour-of-day factor (0: no daily profile).
    let seasonGamma: Double
    /// Buckets in an hour (at least 1).
    let bucketsPerHour: Int
    /// Buckets in a day: a topic's shift test starts after its first day.
    let bucketsPerDay: Int64
    /// What counting one record reads (`TopicMachine.count`).
    let counting: RecordCounting
    /// Long empty stretches of an acknowledged incident are skipped at once
    /// (`TopicMachine.fastForward`); off only to test that against closing each bucket.
    var fastForward = true
    /// Where closed buckets are reported (BucketReport.swift); no observer by default.
    let bucketReport = BucketReportSlot()

    init(_ policy: EscalationPolicy) {
        self.policy = policy
        signalNames = policy.signals
        var index: [String: Int] = [:]
        for (i, name) in signalNames.enumerated() { index[name] = i }
        signalIndex = index
        authorsSignal = signalNames.count - 3
        reviewSignal = signalNames.count - 2
        blockSignal = signalNames.count - 1
        bucket = policy.bucket
        warmupBuckets = Int64(policy.buckets(policy.warmup))
        guardBuckets = policy.buckets(policy.guard_)
        exitBuckets = policy.buckets(policy.exitWindow, minimum: 1)
        rapidBuckets = policy.buckets(policy.rapidWindow, minimum: 1)
        windowBuckets = max(rapidBuckets, exitBuckets)
        rapidTest = RateRatioTest(null: policy.rapidNullRatio, alternative: policy.rapidMinRatio, alpha: policy.rapidP)
        confirmMask = policy.confirmOf >= 32 ? UInt32.max : (UInt32(1) << UInt32(policy.confirmOf)) - 1
        alpha = policy.alpha
        minAlpha = policy.minAlpha
        logRatio = log(policy.shiftRatio)
        followUpBuckets = Int64(policy.buckets(policy.followUp))
        recoveryBuckets = Int64(policy.buckets(policy.recovery))
        decayBuckets = Int64(policy.buckets(policy.severityDecay, minimum: 1))
        evictBuckets = Int64(policy.buckets(policy.evictAfter, minimum: 1))
        // Each hour's factor is updated by every bucket in that hour: 12 a day for 5-minute buckets.
        let updates = Double(policy.season) / 86_400_000 * 3_600_000 / Double(policy.bucket)
        seasonGamma = policy.season <= 0 ? 0 : 1 - pow(2, -1 / max(1, updates))
        bucketsPerHour = max(1, Int(3_600_000 / policy.bucket))
        bucketsPerDay = max(1, 86_400_000 / policy.bucket)
        counting = RecordCounting(signals: signalNames.count, perAuthor: policy.perAuthor, examples: policy.examples,
                                  authorsSignal: authorsSignal, reviewSignal: reviewSignal, blockSignal: blockSignal)
    }

    /// Hour of the day (UTC) of bucket `b`.
    func hourSlot(_ b: Int64) -> Int {
        Int(EventTime.floorDiv(b * bucket, 3_600_000) - EventTime.floorDiv(b * bucket, 86_400_000) * 24)
    }

    /// Slot of bucket `b` in a signal's window ring.
    func windowSlot(_ b: Int64) -> Int {
        Int(b - EventTime.floorDiv(b, Int64(windowBuckets)) * Int64(windowBuckets))
    }

    /// Start of bucket `b` in ms.
    func start(_ b: Int64) -> Int64 { b * bucket }
    /// The bucket holding event time `t`.
    func bucket(of t: Int64) -> Int64 { EventTime.floorDiv(t, bucket) }
}

/// The few numbers counting a record into its bucket needs, apart from the rest of the
/// tuning: the tuning is a few hundred bytes, and passing it to the per-record call
/// copied all of it for every line.
struct RecordCounting {
    /// Watched signals, the derived ones included (the length of a bucket's counts).
    let signals: Int
    /// Records of one author counted per signal and bucket.
    let perAuthor: Int
    /// Example ids kept per signal and bucket.
    let examples: Int
    let authorsSignal: Int
    let reviewSignal: Int
    let blockSignal: Int
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
