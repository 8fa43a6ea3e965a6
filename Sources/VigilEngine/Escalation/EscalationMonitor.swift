// The escalation machine (docs/escalation.md) for every topic of a stream: the event-time clock
// and watermark shared by all topics, the topics themselves (created on their first
// record, forgotten when idle), and the order in which closed buckets are evaluated.
//
// Time. Each record's time is its `ts`; a record without one takes the newest time
// seen so far (or `line × arrival_step` while no record had a `ts`). The watermark is
// the newest time minus `lateness`; a bucket closes when the watermark reaches its end,
// and only then is it evaluated. A record whose bucket has closed is late: counted in
// the next transition's evidence, never added to history.
//
// Order. When the watermark moves, every topic with something to evaluate closes its
// buckets; the transitions come out ordered by time, then topic, then cause. A topic
// with nothing open and nothing to say (monitoring, no records in open buckets) is
// caught up lazily when it is next touched: closing empty buckets in monitoring can
// change its baseline but never its state, so the result is the same.

/// One topic as `states()` reports it.
public struct EscalationTopicStatus: Sendable, Equatable {
    public var topic: String
    public var state: EscalationState
    public var severity: EscalationSeverity?
    public var incident: String?
    /// Event time the current state was entered (ms; 0 for a topic never out of monitoring).
    public var since: Int64
}

/// Escalation machines for every topic of one stream. Not thread-safe: call it from one
/// thread, in input order.
public final class EscalationMonitor {
    public let policy: EscalationPolicy
    var tuning: EscalationTuning
    /// Newest event time seen (ms); nil before the first record.
    var clock: Int64?
    /// First bucket that has not closed.
    var firstOpen: Int64 = 0
    var topics: [String: TopicMachine] = [:]
    /// Topics that must close buckets when the watermark moves.
    var hot: Set<String> = []
    /// Incident numbers of forgotten topics, so `topic#n` never repeats.
    var retired: [String: Int] = [:]
    var nextSweep: Int64 = 0
    /// The topic last looked up (always the entry of `topics` under its name), so a run
    /// of records on one topic — every record of a stream without topics is `"*"` —
    /// skips hashing its name; nil after it is forgotten.
    var recent: TopicMachine?
    /// `recent`'s name is known to be in `hot` (cleared whenever `hot` loses a name).
    var recentIsHot = false
    /// Signal name → index in the tuning, for the names seen so far (few: one per signal).
    var signalSlots: [(name: String, slot: Int?)] = []
    /// The counted signals of the record being observed: the first `riskyCount` entries.
    /// A record notes each of its signal names once, and names map to distinct signals
    /// below the derived ones, so `riskyCapacity` (one entry per such signal) is enough:
    /// allocated once, it never grows, and starting a record is a store, not an array call.
    let riskySignals: UnsafeMutablePointer<Int>
    let riskyCapacity: Int
    var riskyCount = 0
    /// Whether the record observed last was kept as an evidence example of its bucket
    /// (the console's store keeps the texts of those records).
    public internal(set) var lastRecordIsExample = false

    public init(policy: EscalationPolicy) {
        self.policy = policy
        tuning = EscalationTuning(policy)
        riskyCapacity = max(1, tuning.authorsSignal)
        riskySignals = .allocate(capacity: riskyCapacity)
    }

    deinit { riskySignals.deallocate() }

    /// Topics held in memory (evicted ones are not).
    public var topicCount: Int { topics.count }

    /// The newest event time seen (ms), the machines' "now"; nil before the first record.
    public var newestEventTime: Int64? { clock }

    /// Counts one verdict; returns the transitions of the buckets its time closed.
    public func observe(_ o: EscalationObservation) -> [EscalationTransition] {
        riskyCount = 0
        for (name, hits) in o.signals where hits > 0 { noteSignal(name) }
        return withUnsafePointer(to: ScreenedLine(verdict: o)) { observeNoted($0, sequence: o.line) }
    }

    /// Counts the verdict of a screened line, read in place: the same as `observe(_:)`
    /// with an observation built from the line (`id: idJSON`, `line: sequence`, its
    /// signals as a dictionary), without building one. What `vigil screen`'s escalation stage
    /// calls for every line. The line is passed by address, not as a value, because a
    /// value read from a batch's storage is copied for the call, which retains and
    /// releases each of its strings; read through the pointer, only what is kept (an
    /// example id, a new topic or author) is copied. `line` must stay valid and unchanged
    /// during the call. `sequence` is the record's number in the stream (its time when it
    /// has no `ts`).
    public func observe(_ line: UnsafePointer<ScreenedLine>, sequence: Int) -> [EscalationTransition] {
        riskyCount = 0
        if let first = line.pointee.signals.first {
            if first.count > 0 { noteSignal(first.name) }
            // Reading `rest` only when it has something keeps the common line free of an
            // iterator (and of the retain of the array it holds).
            if !line.pointee.signals.rest.isEmpty {
                for (name, hits) in line.pointee.signals.rest where hits > 0 { noteSignal(name) }
            }
        }
        return observeNoted(line, sequence: sequence)
    }

    /// Adds a signal of the record being observed to `riskySignals` when it counts
    /// (known, not one of the derived signals). Each name once per record.
    @inline(__always)
    func noteSignal(_ name: String) {
        guard let signal = signalSlot(name), signal < tuning.authorsSignal else { return }
        precondition(riskyCount < riskyCapacity, "a signal noted twice for one record")
        riskySignals[riskyCount] = signal
        riskyCount += 1
    }

    /// `observe`, the record's signals already noted (the first `riskyCount` of
    /// `riskySignals`); the record's other fields are read from `line`.
    func observeNoted(_ line: UnsafePointer<ScreenedLine>, sequence: Int) -> [EscalationTransition] {
        lastRecordIsExample = false
        let time = eventTime(line.pointee.eventTime, line: sequence)
        let out = advance(time)
        // The topic's machine: `recent` itself when the record is on the topic last seen
        // and `existing` would return it untouched (not due for eviction, caught up to
        // the watermark) — most records; otherwise `touch`, which does the rest.
        var machine: Unmanaged<TopicMachine>?
        if let recent, recent.name == line.pointee.topic, recent.nextBucket >= firstOpen {
            machine = .passUnretained(recent)
        }
        let firstOpen = firstOpen, evictBuckets = tuning.evictBuckets
        if machine?._withUnsafeGuaranteedRef({ $0.isEvictable(firstOpen: firstOpen, evictBuckets: evictBuckets) }) != false {
            machine = .passUnretained(touch(line.pointee.topic))
        }
        let b = tuning.bucket(of: time)
        let signals = UnsafeBufferPointer(start: riskySignals, count: riskyCount)
        // The machine is used without a retain of its own: `topics` holds it from `touch`
        // to the end of this call (nothing in between forgets a topic), and a retain and
        // release per line are a pair of atomic operations.
        let counted = machine.unsafelyUnwrapped._withUnsafeGuaranteedRef { topic -> Bool in
            topic.lastRecordBucket = max(topic.lastRecordBucket, b)
            if b < firstOpen {
                topic.late += 1
                return false
            }
            // Every record counts into the topic's volume (its daily profile); risky ones
            // also into their signals.
            let risky = line.pointee.decision != .allow || !signals.isEmpty
            self.lastRecordIsExample = topic.add(line, bucket: b, risky: risky, signals: signals, tuning.counting)
            return true
        }
        // The machine is `recent` (`touch` leaves it there).
        if counted && !recentIsHot {
            hot.insert(line.pointee.topic)
            recentIsHot = true
        }
        return out
    }

    /// `tuning.signalIndex[name]`, remembered per name.
    @inline(__always)
    func signalSlot(_ name: String) -> Int? {
        for entry in signalSlots where entry.name == name { return entry.slot }
        return newSignalSlot(name)
    }

    /// `signalSlot` for a name not seen before (kept out of line: the common case only
    /// compares names, which needs no copy of the name).
    @inline(never)
    func newSignalSlot(_ name: String) -> Int? {
        let slot = tuning.signalIndex[name]
        if signalSlots.count < 64 { signalSlots.append((name, slot)) }
        return slot
    }

    /// Counts verdicts in order; the same as calling `observe` on each.
    public func observe(_ batch: [EscalationObservation]) -> [EscalationTransition] {
        var out: [EscalationTransition] = []
        for o in batch { out += observe(o) }
        return out
    }

    /// Applies an operator command at its time (after closing what that time closes).
    /// A command that does not fit the topic's state comes back as a record with
    /// `rejected` set and changes nothing.
    public func apply(_ c: EscalationCommand) -> [EscalationTransition] {
        let time = eventTime(c.eventTime, line: c.line)
        var out = advance(time)
        if let topic = existing(c.topic) {
            topic.apply(c, at: time, tuning, into: &out)
            if topic.isHot(tuning) { hot.insert(c.topic) } else { hot.remove(c.topic); recentIsHot = false }
        } else {
            // An unknown topic is in monitoring: every command is rejected without creating it.
            TopicMachine(name: c.topic, firstOpen: firstOpen, incidents: retired[c.topic] ?? 0).apply(c, at: time, tuning, into: &out)
        }
        return out
    }

    /// Moves event time forward to `time` without a record (a heartbeat): closes the
    /// buckets the new watermark passes.
    public func advance(to time: Int64) -> [EscalationTransition] { advance(time) }

    /// End of input. Closes nothing: buckets close only when the watermark passes them,
    /// so that a run stopped here and resumed from `snapshot()` on more input gives the
    /// transitions of one uninterrupted run. A stream whose tail must be judged ends
    /// with a record, command or `advance(to:)` at least one bucket plus the lateness
    /// past its last record.
    public func finish() -> [EscalationTransition] { [] }

    /// Every topic in memory that is not due for eviction, sorted by topic.
    public func states() -> [EscalationTopicStatus] {
        topics.values.filter { !$0.isEvictable(firstOpen: firstOpen, tuning) }
            .sorted { $0.name < $1.name }
            .map { EscalationTopicStatus(topic: $0.name, state: $0.state, severity: $0.severity, incident: $0.incidentID, since: $0.enteredAt) }
    }

    // MARK: Time

    func eventTime(_ ts: Int64?, line: Int) -> Int64 {
        if let ts { return ts }
        let arrival = Int64(line).multipliedReportingOverflow(by: policy.arrivalStep).partialValue
        return max(clock ?? Int64.min, arrival)
    }

    /// Raises the clock to `time` and closes every bucket the watermark passed, for every
    /// topic that has something to evaluate.
    func advance(_ time: Int64) -> [EscalationTransition] {
        guard let current = clock else {
            clock = time
            firstOpen = tuning.bucket(of: time - policy.lateness)
            nextSweep = firstOpen + max(1, tuning.evictBuckets / 4)
            return []
        }
        guard time > current else { return [] }
        clock = time
        let newFirstOpen = tuning.bucket(of: time - policy.lateness)
        guard newFirstOpen > firstOpen else { return [] }
        var out: [EscalationTransition] = []
        var cold: [String] = []
        for name in hot.sorted() {
            let topic = topics[name]!
            topic.close(through: newFirstOpen, tuning, lazy: true, into: &out)
            if !topic.isHot(tuning) { cold.append(name) }
        }
        for name in cold { hot.remove(name) }
        if !cold.isEmpty { recentIsHot = false }
        firstOpen = newFirstOpen
        if out.count > 1 {
            // Each topic's transitions are in time order; merge them by (time, topic).
            out = out.enumerated().sorted { a, b in
                (a.element.at, a.element.topic, a.offset) < (b.element.at, b.element.topic, b.offset)
            }.map(\.element)
        }
        if firstOpen >= nextSweep { sweep() }
        return out
    }

    // MARK: Topics

    /// The topic's machine, created or renewed as needed and caught up to the watermark.
    func touch(_ name: String) -> TopicMachine {
        if let topic = existing(name) { return topic }
        let topic = TopicMachine(name: name, firstOpen: firstOpen, incidents: retired.removeValue(forKey: name) ?? 0)
        topics[name] = topic
        recent = topic
        recentIsHot = false
        return topic
    }

    /// The live machine of a topic, caught up to the watermark; nil when the topic is new
    /// or due for eviction (then it is forgotten here).
    func existing(_ name: String) -> TopicMachine? {
        let topic: TopicMachine
        if let recent, recent.name == name {
            topic = recent
        } else {
            guard let found = topics[name] else { return nil }
            topic = found
            recent = found
            recentIsHot = false
        }
        if topic.isEvictable(firstOpen: firstOpen, evictBuckets: tuning.evictBuckets) {
            forget(topic)
            return nil
        }
        if topic.nextBucket < firstOpen {
            var none: [EscalationTransition] = []
            topic.close(through: firstOpen, tuning, into: &none)
            assert(none.isEmpty, "a cold topic closed buckets with a transition")
        }
        return topic
    }

    func forget(_ topic: TopicMachine) {
        topics[topic.name] = nil
        hot.remove(topic.name)
        if recent === topic { recent = nil }
        recentIsHot = false
        if topic.incidents > 0 { retired[topic.name] = topic.incidents }
    }

    /// Forgets every topic idle in monitoring for longer than evict_after. Removal only:
    /// a forgotten topic and one kept but due for eviction behave the same.
    func sweep() {
        let due = topics.values.filter { $0.isEvictable(firstOpen: firstOpen, tuning) }
        for topic in due { forget(topic) }
        nextSweep = firstOpen + max(1, tuning.evictBuckets / 4)
    }
}

extension ScreenedLine {
    /// The verdict line an observation stands for, without signals (the monitor notes
    /// those first), so that every way in is counted by the same code.
    init(verdict o: EscalationObservation) {
        self.init(kind: .verdict, line: o.line, idJSON: o.id, eventTime: o.eventTime, topic: o.topic, author: o.author,
                  signals: ScreenedSignals(), decision: o.decision, command: nil, by: nil)
    }
}
