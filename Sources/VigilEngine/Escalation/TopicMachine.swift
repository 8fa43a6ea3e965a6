// One topic's escalation machine: the open buckets that records are counted into,
// the per-signal baselines and CUSUMs, and the escalation state machine (docs/escalation.md) that each
// closed bucket and each operator command drives (docs/escalation.md has the table).
//
// Everything here is a function of the closed buckets in order and of the commands in
// input order; nothing reads a clock, draws a random number or walks a dictionary in
// an order that reaches the output.

/// Baseline, CUSUM and windows of one signal of one topic. Allocated the first time the
/// signal has a record; an unallocated signal behaves exactly like one whose numbers are
/// all zero.
struct SignalStats {
    var signal: Int
    /// EWMA of the bucket count with the topic's hour-of-day factor divided out, and of
    /// the squared error of the expectation.
    var mean = 0.0
    var variance = 0.0
    var cusum = 0.0
    /// Records, first bucket and expected records of the CUSUM's current run (cusum > 0).
    var runCount: Int64 = 0
    var runStart: Int64 = 0
    var runExpected = 0.0
    /// Closed buckets waiting to be learned (baseline.guard), a ring shared in shape by
    /// every signal of the topic.
    var pending: [Int32]
    /// The exit window's counts while an incident is open (empty in monitoring).
    var recent: [Int32] = []
    var recentSum: Int64 = 0
    /// Counts and distinct authors of the last `windowBuckets` closed buckets, bucket b
    /// in slot `b mod windowBuckets` (the rapid_response and exit windows read them).
    var windowCounts: [Int32]
    var windowAuthors: [AuthorSketch]
    /// Distinct authors over the CUSUM's current run.
    var runAuthors = AuthorSketch()
    /// Records, expected records and authors since the current quiet run began.
    var quietCount: Int64 = 0
    var quietExpected = 0.0
    var quietAuthors = AuthorSketch()

    init(signal: Int, guardBuckets: Int, windowBuckets: Int) {
        self.signal = signal
        pending = Array(repeating: 0, count: guardBuckets)
        windowCounts = Array(repeating: 0, count: windowBuckets)
        windowAuthors = Array(repeating: AuthorSketch(), count: windowBuckets)
    }

    /// Records and distinct authors of the `n` buckets up to `b` (n ≤ the ring).
    func window(through b: Int64, buckets n: Int, _ t: EscalationTuning) -> (count: Int64, authors: AuthorSketch) {
        var count: Int64 = 0
        var authors = AuthorSketch()
        for j in 0..<Int64(n) {
            let slot = t.windowSlot(b - j)
            count += Int64(windowCounts[slot])
            authors.formUnion(windowAuthors[slot])
        }
        return (count, authors)
    }

    /// Expected count of a bucket whose daily-profile factor is `factor`, never below
    /// the floor.
    func expected(factor: Double, _ t: EscalationTuning) -> Double {
        max(mean * factor, t.policy.minRate)
    }

    /// Dispersion for an expectation: EWMA squared error over the expectation, within
    /// [1, max_dispersion].
    func dispersion(_ lambda: Double, _ t: EscalationTuning) -> Double {
        min(t.policy.maxDispersion, max(1, variance / lambda))
    }

    /// Learns a bucket's count `x`, whose daily-profile factor is `f`, with EWMA weight `alpha`.
    mutating func learn(_ x: Double, factor f: Double, alpha: Double) {
        let d = x - mean * f
        variance = (1 - alpha) * (variance + alpha * d * d)
        mean += alpha * (x / f - mean)
    }
}

/// Records of one topic in one bucket that has not closed yet.
struct OpenBucket {
    var index: Int64
    /// Records per signal (after the per-author cap); `authors` holds distinct authors.
    var counts: [Int32]
    /// Every record of the topic in the bucket, risky or not (the daily profile's input).
    var volume: Int32 = 0
    /// Per author: records per signal so far, for the cap and the distinct-author count.
    var authorCounts: [String: [UInt8]] = [:]
    /// Example ids per signal, in arrival order.
    var examples: [[String]]
    /// Distinct authors per signal (hashed: AuthorSketch), every record counted
    /// whether or not the per-author cap kept it out of `counts`.
    var authors: [AuthorSketch]

    init(index: Int64, signals: Int) {
        self.index = index
        counts = Array(repeating: 0, count: signals)
        examples = Array(repeating: [], count: signals)
        authors = Array(repeating: AuthorSketch(), count: signals)
    }
}

/// The strongest evidence of one closed bucket.
struct BucketEvidence {
    var level = 0            // 0 none, 1 warn, 2 alarm
    var signal = 0
    var test = EscalationTest.spike
    var ratio = 0.0
    var count: Int64 = 0
    /// Distinct authors of the signal over the evidence's window.
    var authors = 0
    var expected = 0.0
    var pValue: Double?
    var cusum: Double?
    var windowStart: Int64 = 0
    var dispersion = 1.0
}

final class TopicMachine {
    let name: String
    var state = EscalationState.monitoring
    /// When the current state was entered (ms).
    var enteredAt: Int64 = 0
    /// Incidents opened so far (`topic#n` numbering).
    var incidents = 0
    var severity: EscalationSeverity?
    /// Strongest evidence severity seen since the severity last fell.
    var peak: EscalationSeverity?
    /// Evidence severity of the latest closed bucket (for `assessed` without a severity).
    var lastBucketSeverity: EscalationSeverity?
    /// Signal of the evidence that opened the incident (reported by steps down).
    var incidentSignal = 0
    var createdBucket: Int64
    /// First bucket not yet closed for this topic.
    var nextBucket: Int64
    var lastRecordBucket: Int64
    /// No new incident before this time (dwell.monitoring).
    var holdUntil = Int64.min
    /// Buckets learned into the baseline (for the start-up bias correction).
    var learned: Int64 = 0
    /// Bit i: the bucket i buckets ago was elevated (warn or alarm) / alarming.
    var warnMask: UInt32 = 0
    var alarmMask: UInt32 = 0
    /// Consecutive quiet buckets while an incident is open.
    var quietRun: Int64 = 0
    /// End of the latest bucket with a warning or an alarm (ms).
    var lastWarn = Int64.min
    var lastAlarm = Int64.min
    /// Late records since the last transition.
    var late = 0
    /// An operator has acknowledged the open incident (`ack`); a new incident starts
    /// unacknowledged.
    var acknowledged = false
    /// Time of the next reminder while an unacknowledged incident holds rapid_response.
    var nextReminder = Int64.max
    var stats: [SignalStats] = []
    /// The hour-of-day shape of all the topic's records, and its guard ring (in step
    /// with the signals' `pending`).
    var profile = DailyProfile()
    var pendingVolume: [Int32] = []
    var pendingHead = 0
    var pendingFill = 0
    var recentHead = 0
    var recentFill = 0
    /// Open buckets with records, by index.
    var open: [OpenBucket] = []

    init(name: String, firstOpen: Int64, incidents: Int) {
        self.name = name
        createdBucket = firstOpen
        nextBucket = firstOpen
        lastRecordBucket = firstOpen
        self.incidents = incidents
    }

    /// Whether the monitor must close this topic's buckets as the watermark moves.
    /// (Outside monitoring, with records in open buckets, or with a CUSUM still at the
    /// warning level, from which even an empty bucket can confirm a warning.)
    func isHot(_ t: EscalationTuning) -> Bool {
        state != .monitoring || !open.isEmpty || stats.contains { $0.cusum >= t.policy.shiftWarn }
    }

    /// Forgotten by eviction: idle in monitoring for longer than evict_after.
    func isEvictable(firstOpen: Int64, _ t: EscalationTuning) -> Bool {
        isEvictable(firstOpen: firstOpen, evictBuckets: t.evictBuckets)
    }

    /// `isEvictable(firstOpen:_:)` given only what it reads (per record: no copy of the tuning).
    @inline(__always)
    func isEvictable(firstOpen: Int64, evictBuckets: Int64) -> Bool {
        state == .monitoring && open.isEmpty && firstOpen - lastRecordBucket > evictBuckets
    }

    var incidentID: String? { incidents > 0 && state != .monitoring ? "\(name)#\(incidents)" : nil }

    // MARK: Counting records

    /// Counts the record `line` (a verdict) into its open bucket: into the volume always,
    /// into the signals when it is `risky`. Its fields are read in place
    /// (`EscalationMonitor.observe(_:sequence:)`).
    /// `signals` are the indices of the record's signals that count (hits > 0, known,
    /// below the derived ones).
    /// Returns whether the record was kept as an example of its bucket.
    @discardableResult
    func add(_ line: UnsafePointer<ScreenedLine>, bucket b: Int64, risky: Bool, signals: UnsafeBufferPointer<Int>,
             _ t: RecordCounting) -> Bool {
        let position: Int
        if let found = open.lastIndex(where: { $0.index <= b }), open[found].index == b {
            position = found
        } else {
            position = (open.lastIndex(where: { $0.index < b }) ?? -1) + 1
            open.insert(OpenBucket(index: b, signals: t.signals), at: position)
        }
        open[position].volume &+= 1
        return risky ? Self.count(line, signals: signals, into: &open[position], t) : false
    }

    @discardableResult
    static func count(_ line: UnsafePointer<ScreenedLine>, signals: UnsafeBufferPointer<Int>, into bucket: inout OpenBucket,
                      _ t: RecordCounting) -> Bool {
        let cap = t.perAuthor, keep = t.examples
        var kept = false
        // The author's records per signal in this bucket so far; nil without an author
        // (an optional rather than an empty array: nothing to release per record then).
        var perAuthor: [UInt8]?
        var newAuthor = true
        // The record's bit in the author sketches; a record without an author is its own.
        // (Read through the pointer: no copy of either string.)
        let bit = line.pointee.author != nil ? AuthorSketch.bit(of: line.pointee.author.unsafelyUnwrapped)
            : AuthorSketch.bit(of: line.pointee.idJSON)
        if let author = line.pointee.author {
            if let known = bucket.authorCounts[author] { perAuthor = known; newAuthor = false } else { perAuthor = Array(repeating: 0, count: t.signals) }
        }
        func count(_ signal: Int) {
            bucket.authors[signal].insert(bit: bit)
            if perAuthor != nil {
                if Int(perAuthor.unsafelyUnwrapped[signal]) >= cap { return }
                perAuthor![signal] += 1
            }
            bucket.counts[signal] += 1
            if bucket.examples[signal].count < keep { bucket.examples[signal].append(line.pointee.idJSON); kept = true }
        }
        // Each signal is counted on its own, so their order does not matter.
        for signal in signals { count(signal) }
        if line.pointee.decision == .review { count(t.reviewSignal) }
        if line.pointee.decision == .block { count(t.blockSignal) }
        bucket.authors[t.authorsSignal].insert(bit: bit)
        if newAuthor {
            bucket.counts[t.authorsSignal] += 1
            if bucket.examples[t.authorsSignal].count < keep { bucket.examples[t.authorsSignal].append(line.pointee.idJSON); kept = true }
        }
        if let author = line.pointee.author, let perAuthor { bucket.authorCounts[author] = perAuthor }
        return kept
    }

    // MARK: Closing buckets

    /// Closes buckets `nextBucket..<end` in order, appending what they cause. With `lazy`,
    /// stops early once nothing ahead can cause a transition.
    func close(through end: Int64, _ t: EscalationTuning, lazy: Bool = false, into out: inout [EscalationTransition]) {
        while nextBucket < end {
            // An acknowledged incident waiting on its operator: skip the empty stretch.
            if fastForward(to: end, t) { continue }
            if state == .monitoring && open.isEmpty && stats.isEmpty && profile.isEmpty && !pendingVolume.contains(where: { $0 != 0 }) {
                // Nothing to count and nothing learned: skip the whole quiet stretch at once.
                // Same bookkeeping as closing each empty bucket in turn.
                let n = end - nextBucket
                let warmN = max(0, min(end, createdBucket + t.warmupBuckets) - nextBucket)
                var learnedN = warmN
                let g = Int64(t.guardBuckets)
                if g == 0 {
                    learnedN = n
                } else {
                    let filled = min(n - warmN, g - Int64(pendingFill))
                    pendingFill += Int(filled)
                    let overflow = n - warmN - filled
                    learnedN += overflow
                    pendingHead = Int((Int64(pendingHead) + overflow) % g)
                }
                learned = min(learned + learnedN, 1 << 40)
                warnMask = n >= 32 ? 0 : warnMask << UInt32(n)
                alarmMask = n >= 32 ? 0 : alarmMask << UInt32(n)
                nextBucket = end
                break
            }
            // In monitoring with nothing open, the empty buckets ahead can change the
            // baseline but not the state: leave them to `catchUp` when the topic is next
            // touched (most idle topics are forgotten first).
            if lazy && !isHot(t) { break }
            var bucket: OpenBucket?
            if let first = open.first, first.index == nextBucket { bucket = open.removeFirst() }
            closeBucket(nextBucket, bucket, t, &out)
            nextBucket += 1
        }
        prune(t)
    }

    /// Drops signals whose numbers have decayed to nothing, while nothing depends on them.
    func prune(_ t: EscalationTuning) {
        guard state == .monitoring else { return }
        stats.removeAll { s in
            s.cusum == 0 && s.mean < 1e-9 && s.variance < 1e-9 && !s.pending.contains(where: { $0 != 0 })
                && !s.windowCounts.contains(where: { $0 != 0 })
        }
    }

    func statsIndex(_ signal: Int, create: Bool, _ t: EscalationTuning) -> Int? {
        var low = 0, high = stats.count
        while low < high {
            let mid = (low + high) / 2
            if stats[mid].signal < signal { low = mid + 1 } else { high = mid }
        }
        if low < stats.count, stats[low].signal == signal { return low }
        guard create else { return nil }
        var s = SignalStats(signal: signal, guardBuckets: t.guardBuckets, windowBuckets: t.windowBuckets)
        if state != .monitoring { s.recent = Array(repeating: 0, count: t.exitBuckets) }
        stats.insert(s, at: low)
        return low
    }

    func closeBucket(_ b: Int64, _ bucket: OpenBucket?, _ t: EscalationTuning, _ out: inout [EscalationTransition]) {
        let end = t.start(b + 1)
        let warm = b < createdBucket + t.warmupBuckets
        if let bucket {
            for signal in 0..<bucket.counts.count where bucket.counts[signal] > 0 { _ = statsIndex(signal, create: true, t) }
        }
        // 1. Tests, per signal, against the baseline learned before this bucket (and the
        //    bucket into each signal's window ring).
        let best = test(b, bucket, warm: warm, t)
        if let observer = t.bucketReport.observer { report(b, bucket, warm: warm, t, to: observer) }
        warnMask = (warnMask << 1) | (best.level >= 1 ? 1 : 0)
        alarmMask = (alarmMask << 1) | (best.level >= 2 ? 1 : 0)
        if best.level >= 1 { lastWarn = end }
        if best.level >= 2 { lastAlarm = end }
        let bucketSeverity = severity(of: best, t.policy)
        lastBucketSeverity = bucketSeverity

        // 2. Learning: directly while warming up, through the guard band in the stages
        //    where no incident is open; frozen while one is.
        if warm {
            learn(t, bucket: b, volume: bucket?.volume ?? 0, values: { i in Int32(bucket?.counts[self.stats[i].signal] ?? 0) })
        } else if state == .monitoring || state == .followUp || state == .recovery {
            pushPending(bucket, b, t)
        }

        // 3. The exit window and the quiet run while an incident is open.
        var quiet = false
        var quietEvidence: EscalationEvidence?
        if state != .monitoring {
            (quiet, quietEvidence) = pushRecent(bucket, b, t)
            quietRun = quiet ? quietRun + 1 : 0
        }

        // 4. The state machine, then a reminder if the incident still waits for an ack.
        let bucketEvidence = evidence(best, bucket, end: end, t)
        decide(b, best: best, evidence: bucketEvidence, bucketSeverity: bucketSeverity, quiet: quiet, quietEvidence: quietEvidence,
               warm: warm, bucket, t, &out)
        remind(at: end, t, &out)
    }

    /// The strongest spike or shift evidence of bucket `b` over every signal; updates
    /// the CUSUMs, their runs and the window rings on the way.
    func test(_ b: Int64, _ bucket: OpenBucket?, warm: Bool, _ t: EscalationTuning) -> BucketEvidence {
        let p = t.policy
        var best = BucketEvidence()
        let f = profile.factor(b, t)
        let slot = t.windowSlot(b)
        // The shift test needs a baseline that knows the time of day: in a topic's first
        // day (while its daily profile is learned) it is judged by spikes only.
        let shiftReady = b - createdBucket >= t.bucketsPerDay
        for i in stats.indices {
            let x = Int64(bucket?.counts[stats[i].signal] ?? 0)
            let authors = bucket?.authors[stats[i].signal] ?? AuthorSketch()
            stats[i].windowCounts[slot] = Int32(x)
            stats[i].windowAuthors[slot] = authors
            let lambda = stats[i].expected(factor: f, t)
            let phi = stats[i].dispersion(lambda, t)
            guard !warm else { continue }
            var pValue = 1.0
            if x >= Int64(p.spikeMinCount) && Double(x) > lambda {
                pValue = PoissonTail.upper(Double(x) / phi, mean: lambda / phi)
            }
            let before = stats[i].cusum
            // Capped at twice the alarm level, so that the end of a long crisis shows
            // within the hour instead of after the whole excess has drained away. Held at
            // zero through the topic's first day (see `shiftReady`): summed then, the
            // day's ramp against a baseline that did not know the time of day raised a
            // warning the moment the test began.
            let after = !shiftReady ? 0 : min(2 * p.shiftEnter,
                            PoissonTail.cusum(before, count: Int(x), mean: lambda, logRatio: t.logRatio, ratio: p.shiftRatio, dispersion: phi))
            stats[i].cusum = after
            if after > 0 {
                if before == 0 { stats[i].runStart = b; stats[i].runCount = 0; stats[i].runExpected = 0; stats[i].runAuthors = AuthorSketch() }
                stats[i].runCount += x
                stats[i].runExpected += lambda
                stats[i].runAuthors.formUnion(authors)
            } else {
                stats[i].runCount = 0
                stats[i].runExpected = 0
                stats[i].runAuthors = AuthorSketch()
            }
            let spikeLevel = pValue <= p.spikeEnterP ? 2 : pValue <= p.spikeWarnP ? 1 : 0
            let shiftLevel = !shiftReady || stats[i].runCount < Int64(p.shiftMinCount) ? 0
                : after >= p.shiftEnter ? 2 : after >= p.shiftWarn ? 1 : 0
            let level = max(spikeLevel, shiftLevel)
            guard level > 0 else { continue }
            var candidate = BucketEvidence(level: level, signal: stats[i].signal, dispersion: phi)
            if spikeLevel >= shiftLevel {
                candidate.test = .spike
                candidate.count = x
                candidate.expected = lambda
                candidate.pValue = pValue
                candidate.windowStart = t.start(b)
                candidate.authors = authors.estimate
            } else {
                candidate.test = .shift
                candidate.count = stats[i].runCount
                candidate.expected = stats[i].runExpected
                candidate.cusum = after
                candidate.windowStart = t.start(stats[i].runStart)
                candidate.authors = stats[i].runAuthors.estimate
            }
            candidate.ratio = Double(candidate.count) / max(candidate.expected, 1e-12)
            if candidate.level > best.level || (candidate.level == best.level && candidate.ratio > best.ratio) { best = candidate }
        }
        return best
    }

    /// The record's evidence for a bucket's spike or shift, or for rapid_response's window.
    func evidence(_ e: BucketEvidence, _ bucket: OpenBucket?, end: Int64, _ t: EscalationTuning) -> EscalationEvidence {
        let p = t.policy
        let threshold: Double
        switch e.test {
        case .spike: threshold = Double(PoissonTail.countNeeded(p: e.level >= 2 ? p.spikeEnterP : p.spikeWarnP, mean: e.expected, dispersion: e.dispersion, floor: p.spikeMinCount))
        case .sustained: threshold = p.rapidMinRatio * e.expected
        default: threshold = e.level >= 2 ? p.shiftEnter : p.shiftWarn
        }
        return EscalationEvidence(signal: t.signalNames[e.signal], test: e.test, windowStart: e.windowStart, windowEnd: end,
                                  count: Int(e.count), baseline: e.expected, ratio: e.ratio, threshold: threshold, pValue: e.pValue,
                                  cusum: e.cusum, authors: e.authors, late: 0, examples: bucket?.examples[e.signal] ?? [])
    }

    /// rapid_response's magnitude and breadth, over the last `rapid_response.window` up
    /// to bucket `b`: among the signals at `min_ratio` × their hour-of-day baseline or
    /// more, from `min_authors` distinct authors or more, the one with the highest
    /// ratio; nil when there is none. The evidence is the signal's CUSUM run (its
    /// current excursion, however long), or the window when it has none: a shift that
    /// has gone on for hours is judged on all of it, not on its noisiest hour, and a
    /// spike on the spike, not on the quiet part of the hour before it. Over that
    /// excursion the rate must be told apart from a bad evening: Wald's sequential
    /// test of `min_ratio` × the baseline against `null_ratio` × decides for the former
    /// at `rapid_response.p` (RateRatioTest.swift), or the count is improbable at
    /// `rapid_response.above_p` for a signal at `min_ratio` × itself (a short raid, far
    /// above it, has too few records for Wald's test). (A p-value against ×2 over the hour,
    /// looked at once a bucket for hours, let a ×2 evening through in 4 of 60 weeks; one
    /// against ×3 itself held back half the ×3 storms.)
    func sustained(_ b: Int64, _ t: EscalationTuning) -> BucketEvidence? {
        let p = t.policy, n = t.rapidBuckets
        var factors: [Double] = []
        factors.reserveCapacity(n)
        for j in 0..<Int64(n) { factors.append(profile.factor(b - j, t)) }
        var best: BucketEvidence?
        for s in stats {
            let (count, authors) = s.window(through: b, buckets: n, t)
            guard count > 0 else { continue }
            var expected = 0.0
            for f in factors { expected += s.expected(factor: f, t) }
            let ratio = Double(count) / expected
            let distinct = authors.estimate
            guard ratio >= p.rapidMinRatio, distinct >= p.rapidMinAuthors else { continue }
            var e = BucketEvidence(level: 2, signal: s.signal, test: .sustained, ratio: ratio, count: count, authors: distinct,
                                   expected: expected, windowStart: t.start(b + 1 - Int64(n)))
            if s.cusum > 0 && s.runCount > 0 {
                let runRatio = Double(s.runCount) / max(s.runExpected, 1e-12)
                guard runRatio >= p.rapidMinRatio else { continue }
                e = BucketEvidence(level: 2, signal: s.signal, test: .sustained, ratio: runRatio, count: s.runCount,
                                   authors: s.runAuthors.estimate, expected: s.runExpected, windowStart: t.start(s.runStart))
            }
            guard e.ratio > (best?.ratio ?? 0) else { continue }
            let buckets = Double((t.start(b + 1) - e.windowStart) / t.bucket)
            e.dispersion = s.dispersion(e.expected / buckets, t)
            guard t.rapidTest.decides(count: e.count, expected: e.expected, dispersion: e.dispersion)
                || PoissonTail.upper(Double(e.count) / e.dispersion, mean: p.rapidMinRatio * e.expected / e.dispersion) <= p.rapidAboveP
            else { continue }
            e.pValue = PoissonTail.upper(Double(e.count) / e.dispersion, mean: e.expected / e.dispersion)
            best = e
        }
        return best
    }

    /// Sustained quiet for `duration`: the quiet run (every exit window quiet, and the
    /// whole run within the baseline's normal range) has lasted that long.
    func quietFor(_ duration: Int64, _ t: EscalationTuning) -> Bool {
        quietRun * t.bucket >= duration
    }

    /// How long rapid_response must be quiet before it steps down: longer while no
    /// operator has acknowledged the incident.
    func rapidResponseDwell(_ p: EscalationPolicy) -> Int64 {
        acknowledged ? p.dwellRapidResponse : max(p.dwellRapidResponse, p.unacknowledgedDwell)
    }

    /// Step 4 of closing bucket `b`: the transition its evidence and quiet cause, if any.
    func decide(_ b: Int64, best: BucketEvidence, evidence: EscalationEvidence, bucketSeverity: EscalationSeverity?,
                quiet: Bool, quietEvidence: EscalationEvidence?, warm: Bool, _ bucket: OpenBucket?, _ t: EscalationTuning,
                _ out: inout [EscalationTransition]) {
        let p = t.policy
        let end = t.start(b + 1)
        let confirmedAlarm = (alarmMask & t.confirmMask).nonzeroBitCount >= p.confirmNeed && best.level >= 2
        // An alarm raises rapid_response only with magnitude and breadth over its window.
        let rapid = confirmedAlarm ? sustained(b, t) : nil
        let moved: Bool
        switch state {
        case .monitoring:
            let confirmedWarn = (warnMask & t.confirmMask).nonzeroBitCount >= p.confirmNeed && best.level >= 1
            moved = !warm && confirmedWarn && end >= holdUntil
            if moved { openIncident(best.signal, bucketSeverity, evidence, at: end, t, &out) }
        case .earlyWarning:
            moved = stepFromEarlyWarning(rapid, bucketSeverity, quiet: quiet, quietEvidence, bucket, at: end, t, &out)
        case .rapidResponse:
            moved = stepDownFromRapidResponse(quiet: quiet, quietEvidence, at: end, t, &out)
        case .assessment, .strategy, .execution:
            moved = false
        case .followUp, .recovery:
            moved = stepAfterClose(rapid, bucketSeverity, quietEvidence, bucket, at: end, t, &out)
        }
        guard !moved, state != .monitoring else { return }
        updateSeverity(bucketSeverity, evidence, quiet: quiet, quietEvidence, at: end, t, &out)
    }

    /// Monitoring → early_warning: a new incident `topic#n`, unacknowledged, its
    /// baseline frozen from here on.
    func openIncident(_ signal: Int, _ bucketSeverity: EscalationSeverity?, _ evidence: EscalationEvidence, at end: Int64,
                      _ t: EscalationTuning, _ out: inout [EscalationTransition]) {
        incidents += 1
        incidentSignal = signal
        acknowledged = false
        severity = max(bucketSeverity ?? .sev4, .sev4)
        peak = severity
        enterIncident(t)
        move(to: .earlyWarning, at: end, cause: .evidence, evidence: evidence, t, &out)
    }

    /// early_warning → rapid_response on magnitude and breadth, or → monitoring after
    /// `dwell.early_warning` of quiet, in the state and without a warning; whether it moved.
    func stepFromEarlyWarning(_ rapid: BucketEvidence?, _ bucketSeverity: EscalationSeverity?, quiet: Bool,
                              _ quietEvidence: EscalationEvidence?, _ bucket: OpenBucket?, at end: Int64, _ t: EscalationTuning,
                              _ out: inout [EscalationTransition]) -> Bool {
        let p = t.policy, stay = end - enteredAt
        if let rapid, stay >= p.dwellBeforeRapidResponse {
            raise(bucketSeverity)
            move(to: .rapidResponse, at: end, cause: .evidence, evidence: evidence(rapid, bucket, end: end, t), t, &out)
            return true
        }
        guard quiet && quietFor(p.dwellEarlyWarning, t) && stay >= p.dwellEarlyWarning
            && Self.elapsed(since: lastWarn, to: end) >= p.dwellEarlyWarning else { return false }
        move(to: .monitoring, at: end, cause: .quiet, evidence: quietEvidence, t, &out)
        return true
    }

    /// rapid_response → early_warning after its dwell of quiet (longer while nobody has
    /// acknowledged the incident) and `dwell.rapid_response` without an alarm. The
    /// alarm's dwell stays the short one even while the unacknowledged hold asks for a
    /// longer quiet run: a CUSUM at the alarm level decays for hours after a shift while
    /// every window is back in the normal range, and waiting that out for 6 hours let a
    /// frozen baseline's morning ramp hold an incident for days.
    func stepDownFromRapidResponse(quiet: Bool, _ quietEvidence: EscalationEvidence?, at end: Int64, _ t: EscalationTuning,
                                   _ out: inout [EscalationTransition]) -> Bool {
        let p = t.policy
        guard quiet && quietFor(rapidResponseDwell(p), t) && Self.elapsed(since: lastAlarm, to: end) >= p.dwellRapidResponse
        else { return false }
        move(to: .earlyWarning, at: end, cause: .quiet, evidence: quietEvidence, t, &out)
        return true
    }

    /// follow_up and recovery: a relapse back to rapid_response, or the next stage after
    /// their time of quiet; whether it moved.
    func stepAfterClose(_ rapid: BucketEvidence?, _ bucketSeverity: EscalationSeverity?, _ quietEvidence: EscalationEvidence?,
                        _ bucket: OpenBucket?, at end: Int64, _ t: EscalationTuning, _ out: inout [EscalationTransition]) -> Bool {
        let p = t.policy
        if let rapid {
            // A relapse reopens the incident: the onset is not learned, a new ack is
            // needed to leave rapid_response (the incident stays acknowledged: no
            // reminders, the acknowledged dwell).
            clearPending()
            raise(bucketSeverity)
            move(to: .rapidResponse, at: end, cause: .evidence, evidence: evidence(rapid, bucket, end: end, t), t, &out)
            return true
        }
        let needed = state == .followUp ? (t.followUpBuckets, p.followUp) : (t.recoveryBuckets, p.recovery)
        guard quietRun >= needed.0 && end - enteredAt >= needed.1 else { return false }
        move(to: state == .followUp ? .recovery : .monitoring, at: end, cause: .quiet, evidence: quietEvidence, t, &out)
        return true
    }

    /// No change of state: the severity may still rise with new evidence, or fall after
    /// each stretch of quiet (`severity.decay`).
    func updateSeverity(_ bucketSeverity: EscalationSeverity?, _ evidence: EscalationEvidence, quiet: Bool,
                        _ quietEvidence: EscalationEvidence?, at end: Int64, _ t: EscalationTuning,
                        _ out: inout [EscalationTransition]) {
        if let e = bucketSeverity, e > (peak ?? .sev4) || peak == nil {
            peak = max(peak ?? e, e)
            if e > (severity ?? .sev4) {
                severity = e
                move(to: state, at: end, cause: .evidence, evidence: evidence, t, &out)
                return
            }
        }
        if quiet && quietRun % t.decayBuckets == 0, let current = severity, current > .sev4 {
            severity = current.lowered
            peak = severity
            move(to: state, at: end, cause: .quiet, evidence: quietEvidence, t, &out)
        }
    }

    /// While an incident no operator has acknowledged holds rapid_response, a reminder
    /// every `reminder_interval` (the first one that long after it was entered).
    func remind(at end: Int64, _ t: EscalationTuning, _ out: inout [EscalationTransition]) {
        guard state == .rapidResponse, !acknowledged, end >= nextReminder else { return }
        nextReminder = end + t.policy.reminderInterval
        out.append(EscalationTransition(topic: name, from: state, to: state, at: end, incident: incidentID, severity: severity,
                                        cause: .evidence, evidence: nil, command: nil, by: nil, line: nil, rejected: nil,
                                        isReminder: true, since: enteredAt))
    }

    /// Time from `start` to `end`; unbounded when `start` never happened.
    static func elapsed(since start: Int64, to end: Int64) -> Int64 { start == .min ? .max : end - start }

    /// Evidence severity of a bucket: warn → sev4, alarm → sev3, and sev2 / sev1 when the
    /// signal is that many times its baseline from that many distinct authors (both over
    /// the evidence's window).
    func severity(of e: BucketEvidence, _ p: EscalationPolicy) -> EscalationSeverity? {
        let authors = e.authors
        switch e.level {
        case 0: return nil
        case 1: return .sev4
        default:
            if e.ratio >= p.sev1Ratio && authors >= p.sev1Authors { return .sev1 }
            if e.ratio >= p.sev2Ratio && authors >= p.sev2Authors { return .sev2 }
            return .sev3
        }
    }

    func raise(_ e: EscalationSeverity?) {
        guard let e else { return }
        if e > (peak ?? .sev4) || peak == nil { peak = e }
        if e > (severity ?? .sev4) || severity == nil { severity = e }
    }

    // MARK: Baseline learning

    /// EWMA update of every allocated signal with its value for bucket `b`, then of the
    /// daily profile with the bucket's `volume`.
    func learn(_ t: EscalationTuning, bucket b: Int64, volume: Int32, values: (Int) -> Int32) {
        learned = min(learned + 1, 1 << 40)
        let startUp = 1 / Double(learned)
        let f = profile.factor(b, t)
        // Once the topic has its daily profile, a signal does not learn while its CUSUM
        // is climbing (at half the warning level or more): a slow onset must not become
        // the baseline before it is detected. (Without a profile the daily swing itself
        // climbs the CUSUM, and the baseline has to follow it.)
        let climbing = t.policy.shiftWarn / 2
        for i in stats.indices where !(profile.ready && stats[i].cusum >= climbing) {
            // A rare signal learns more slowly: its memory (about 2/α buckets) holds at
            // least `min_records` records, within [max_half_life, half_life].
            let rare = t.policy.minRecords > 0 ? 2 * stats[i].mean / t.policy.minRecords : t.alpha
            let alpha = max(startUp, min(t.alpha, max(t.minAlpha, rare)))
            stats[i].learn(Double(values(i)), factor: f, alpha: alpha)
        }
        let wasReady = profile.ready
        profile.learn(Double(volume), bucket: b, t)
        if profile.ready && !wasReady {
            // Until now the levels followed the raw counts of the last hours; from now
            // on they are read with the hour's factor divided out, so divide it out.
            let g = profile.factor(b, t)
            for i in stats.indices { stats[i].mean /= g }
        }
    }

    /// Queues bucket `b` for learning; the ring holds consecutive buckets, so when it is
    /// full its oldest entry is bucket `b − guard`.
    func pushPending(_ bucket: OpenBucket?, _ b: Int64, _ t: EscalationTuning) {
        let g = t.guardBuckets
        let volume = bucket?.volume ?? 0
        guard g > 0 else {
            learn(t, bucket: b, volume: volume, values: { i in Int32(bucket?.counts[self.stats[i].signal] ?? 0) })
            return
        }
        if pendingVolume.count != g { pendingVolume = Array(repeating: 0, count: g) }
        if pendingFill == g {
            let slot = pendingHead
            learn(t, bucket: b - Int64(g), volume: pendingVolume[slot], values: { i in self.stats[i].pending[slot] })
            for i in stats.indices { stats[i].pending[slot] = Int32(bucket?.counts[stats[i].signal] ?? 0) }
            pendingVolume[slot] = volume
            pendingHead = (pendingHead + 1) % g
        } else {
            let slot = (pendingHead + pendingFill) % g
            for i in stats.indices { stats[i].pending[slot] = Int32(bucket?.counts[stats[i].signal] ?? 0) }
            pendingVolume[slot] = volume
            pendingFill += 1
        }
    }

    /// Forgets the buckets not yet learned: an onset must not become the baseline.
    func clearPending() {
        for i in stats.indices { for j in stats[i].pending.indices { stats[i].pending[j] = 0 } }
        for j in pendingVolume.indices { pendingVolume[j] = 0 }
        pendingHead = 0
        pendingFill = 0
    }

    // MARK: The exit window

    /// Adds a closed bucket to the exit window and the quiet run; returns whether the
    /// topic is quiet (every signal's exit window, and its whole quiet run, this bucket
    /// included, within the baseline's normal range) and, when it is, the evidence of the
    /// incident's signal over the quiet run.
    func pushRecent(_ bucket: OpenBucket?, _ b: Int64, _ t: EscalationTuning) -> (Bool, EscalationEvidence?) {
        let k = t.exitBuckets, p = t.policy
        let slot = recentFill == k ? recentHead : (recentHead + recentFill) % k
        for i in stats.indices {
            if stats[i].recent.count != k { stats[i].recent = Array(repeating: 0, count: k); stats[i].recentSum = 0 }
            let x = Int32(bucket?.counts[stats[i].signal] ?? 0)
            stats[i].recentSum += Int64(x) - Int64(stats[i].recent[slot])
            stats[i].recent[slot] = x
        }
        if recentFill == k { recentHead = (recentHead + 1) % k } else { recentFill += 1 }
        var quiet = recentFill == k
        for s in stats where quiet {
            var expected = 0.0
            for j in 0..<Int64(k) { expected += s.expected(factor: profile.factor(b - j, t), t) }
            if !Self.normal(count: s.recentSum, expected: expected, buckets: k, s, t) { quiet = false }
        }
        // Sustained: a storm with a thin signal has quiet half-hours, but not a quiet run
        // of hours at its level. Tested once the topic has its daily profile: before,
        // a run of hours against a baseline that does not know the time of day measures
        // the morning ramp, and holding an incident on it froze the learning of the very
        // profile it lacked (a topic then opened an incident every morning).
        let f = profile.factor(b, t)
        let run = quietRun + 1
        for i in stats.indices where quiet {
            stats[i].quietCount += Int64(bucket?.counts[stats[i].signal] ?? 0)
            stats[i].quietExpected = Self.addExpected(stats[i].quietExpected, stats[i].expected(factor: f, t))
            stats[i].quietAuthors.formUnion(bucket?.authors[stats[i].signal] ?? AuthorSketch())
            if profile.ready && !Self.normal(count: stats[i].quietCount, expected: stats[i].quietExpected, buckets: Int(run), stats[i], t) {
                quiet = false
            }
        }
        guard quiet else {
            for i in stats.indices { stats[i].quietCount = 0; stats[i].quietExpected = 0; stats[i].quietAuthors = AuthorSketch() }
            return (false, nil)
        }
        let start = t.start(b + 1 - run), end = t.start(b + 1)
        if let s = stats.first(where: { $0.signal == incidentSignal }) {
            let phi = s.dispersion(s.quietExpected / Double(run), t)
            let pValue = Double(s.quietCount) <= s.quietExpected ? 1 : PoissonTail.upper(Double(s.quietCount) / phi, mean: s.quietExpected / phi)
            return (true, EscalationEvidence(
                signal: t.signalNames[s.signal], test: .quiet, windowStart: start, windowEnd: end,
                count: Int(s.quietCount), baseline: s.quietExpected, ratio: Double(s.quietCount) / s.quietExpected,
                threshold: Double(PoissonTail.quietLimit(p: p.exitP, mean: s.quietExpected, dispersion: phi)),
                pValue: pValue, cusum: nil, authors: s.quietAuthors.estimate, late: 0, examples: []))
        }
        let expected = p.minRate * Double(run)
        return (true, EscalationEvidence(
            signal: t.signalNames[incidentSignal], test: .quiet, windowStart: start, windowEnd: end,
            count: 0, baseline: expected, ratio: 0, threshold: Double(PoissonTail.quietLimit(p: p.exitP, mean: expected, dispersion: 1)),
            pValue: 1, cusum: nil, authors: 0, late: 0, examples: []))
    }

    /// A window's count is within the normal range of its expectation: its upper-tail
    /// p-value (quasi-Poisson) is above `exit.p`.
    static func normal(count: Int64, expected: Double, buckets: Int, _ s: SignalStats, _ t: EscalationTuning) -> Bool {
        guard Double(count) > expected else { return true }
        let phi = s.dispersion(expected / Double(buckets), t)
        return PoissonTail.upper(Double(count) / phi, mean: expected / phi) > t.policy.exitP
    }

    // MARK: Transitions

    /// Entering early_warning from monitoring: freeze the baseline, start the exit window.
    func enterIncident(_ t: EscalationTuning) {
        clearPending()
        recentHead = 0
        recentFill = 0
        for i in stats.indices { stats[i].recent = Array(repeating: 0, count: t.exitBuckets); stats[i].recentSum = 0 }
        resetQuietRun()
    }

    /// Starts the quiet run afresh.
    func resetQuietRun() {
        quietRun = 0
        for i in stats.indices { stats[i].quietCount = 0; stats[i].quietExpected = 0; stats[i].quietAuthors = AuthorSketch() }
    }

    /// Forgets the CUSUMs and confirmation history: after any change of state but the
    /// first step up, what comes next must be shown by new evidence.
    func resetDetection() {
        for i in stats.indices { stats[i].cusum = 0; stats[i].runCount = 0; stats[i].runExpected = 0 }
        warnMask = 0
        alarmMask = 0
    }

    func move(to next: EscalationState, at time: Int64, cause: EscalationCause, evidence: EscalationEvidence?,
              _ t: EscalationTuning, _ out: inout [EscalationTransition], command: EscalationCommand? = nil) {
        let from = state
        let incident = incidentID
        if next != from {
            if !(from == .monitoring && next == .earlyWarning) { resetDetection() }
            state = next
            enteredAt = time
            if next == .monitoring {
                holdUntil = time + t.policy.dwellMonitoring
                resetQuietRun()
                recentHead = 0
                recentFill = 0
                for i in stats.indices { stats[i].recent = []; stats[i].recentSum = 0 }
            }
            if next == .followUp { resetQuietRun() }
            nextReminder = next == .rapidResponse && t.policy.reminderInterval > 0 ? time + t.policy.reminderInterval : .max
        }
        var e = evidence
        e?.late = late
        late = 0
        out.append(EscalationTransition(topic: name, from: from, to: next, at: time, incident: incident ?? incidentID,
                                        severity: severity, cause: cause, evidence: e, command: command?.command,
                                        by: command?.by, line: command?.line, rejected: nil))
        if next == .monitoring { severity = nil; peak = nil }
    }

    // MARK: Commands

    /// Applies an operator command at event time `time`, or explains why it does not fit.
    func apply(_ c: EscalationCommand, at time: Int64, _ t: EscalationTuning, into out: inout [EscalationTransition]) {
        func reject(_ reason: String) {
            out.append(EscalationTransition(topic: name, from: state, to: state, at: time, incident: incidentID, severity: severity,
                                            cause: .command, evidence: nil, command: c.command, by: c.by, line: c.line, rejected: reason))
        }
        let closed = state == .followUp || state == .recovery
        switch c.command {
        case "ack":
            switch state {
            case .earlyWarning, .rapidResponse:
                acknowledged = true
                move(to: .assessment, at: time, cause: .command, evidence: nil, t, &out, command: c)
            case .monitoring: reject("no open incident to acknowledge")
            default: reject(closed ? "the incident is already closed" : "the incident is already acknowledged")
            }
        case "assessed":
            var assessed: EscalationSeverity?
            if let name = c.severity {
                guard let s = EscalationSeverity(name: name) else { reject("severity must be sev1, sev2, sev3 or sev4"); return }
                assessed = s
            }
            switch state {
            case .assessment:
                severity = assessed ?? lastBucketSeverity ?? .sev4
                move(to: .strategy, at: time, cause: .command, evidence: nil, t, &out, command: c)
            case .monitoring: reject("no open incident to assess")
            case .earlyWarning, .rapidResponse: reject("the incident must be acknowledged (ack) before it is assessed")
            default: reject(closed ? "the incident is already closed" : "the incident is already assessed")
            }
        case "strategy_approved":
            switch state {
            case .strategy: move(to: .execution, at: time, cause: .command, evidence: nil, t, &out, command: c)
            case .monitoring: reject("no open incident")
            case .earlyWarning, .rapidResponse, .assessment: reject("a strategy is approved after the incident is acknowledged and assessed")
            default: reject(closed ? "the incident is already closed" : "the strategy is already approved")
            }
        case "close":
            switch state {
            case .earlyWarning, .rapidResponse: move(to: .monitoring, at: time, cause: .command, evidence: nil, t, &out, command: c)
            case .assessment, .strategy, .execution: move(to: .followUp, at: time, cause: .command, evidence: nil, t, &out, command: c)
            case .monitoring: reject("no open incident to close")
            case .followUp, .recovery: reject("the incident is already closed")
            }
        default:
            reject("unknown command `\(c.command)` (expected ack, assessed, strategy_approved or close)")
        }
    }
}

