// The closed buckets of every topic, as numbers a timeline can plot: per signal the
// count, the baseline it was tested against, and the count a spike alarm needed. The
// machine computes these while testing a bucket and forgets them; an observer set on
// the monitor (the console's store) gets them as each bucket closes. Without an
// observer nothing is computed: one nil check per closed bucket.

/// One signal of one closed bucket.
public struct EscalationBucketSignal: Sendable, Equatable {
    public var signal: String
    public var count: Int
    /// Expected count from the baseline learned before this bucket.
    public var baseline: Double
    /// The count the spike test needed to raise an alarm; 0 while the topic warms up.
    public var threshold: Double
}

/// One closed bucket of one topic.
public struct EscalationBucket: Sendable, Equatable {
    public var topic: String
    /// [start, end) in ms.
    public var start: Int64
    public var end: Int64
    /// Records of the topic in the bucket, risky or not.
    public var volume: Int
    /// Every signal the topic has numbers for (signals it has never seen are absent).
    public var signals: [EscalationBucketSignal]
}

/// Where closed buckets go: held by the tuning, which every machine already reads.
final class BucketReportSlot: @unchecked Sendable {
    // Safety: like the monitor that owns it, used from one thread at a time (set before
    // the first record, read while buckets close).
    var observer: ((EscalationBucket) -> Void)?
}

extension EscalationMonitor {
    /// Called with each closed bucket that is evaluated (quiet stretches of an idle
    /// topic are skipped without being closed one by one, and report nothing).
    public var bucketObserver: ((EscalationBucket) -> Void)? {
        get { tuning.bucketReport.observer }
        set { tuning.bucketReport.observer = newValue }
    }
}

extension TopicMachine {
    /// Reports bucket `b` to the observer; called after `test`, before learning.
    func report(_ b: Int64, _ bucket: OpenBucket?, warm: Bool, _ t: EscalationTuning,
                to observer: (EscalationBucket) -> Void) {
        let p = t.policy
        let f = profile.factor(b, t)
        var signals: [EscalationBucketSignal] = []
        signals.reserveCapacity(stats.count)
        for s in stats {
            let lambda = s.expected(factor: f, t)
            let threshold = warm ? 0 : Double(PoissonTail.countNeeded(p: p.spikeEnterP, mean: lambda, dispersion: s.dispersion(lambda, t),
                                                                      floor: p.spikeMinCount))
            signals.append(EscalationBucketSignal(signal: t.signalNames[s.signal], count: Int(bucket?.counts[s.signal] ?? 0),
                                                  baseline: lambda, threshold: threshold))
        }
        observer(EscalationBucket(topic: name, start: t.start(b), end: t.start(b + 1), volume: Int(bucket?.volume ?? 0),
                                  signals: signals))
    }
}
