// The escalation machines of `vigil serve` (docs/escalation.md): the screen's EscalationStage behind
// a lock, fed by /v1/check, /v1/screen and /v1/commands in the order their records
// reach it. Records are numbered across requests (and across restarts, through the
// `--state` file), which gives records without `ts` their arrival time. The latest
// transition records are kept for GET /v1/escalations.
import Glibc
import Synchronization
import VigilEngine
import VigilStore

/// What a fed record produced: its own record (commands only) and the transition
/// records it caused, each one JSON line.
struct EscalationOutput: Sendable {
    var own: [UInt8]?
    var transitions: [UInt8]
    /// For a command: why it was rejected, nil when it was applied.
    var rejection: String?
    /// The record was kept as an evidence example (the console's store keeps its text).
    var isExample = false
}

/// The per-topic machines of one server, safe to call from any request.
final class ServeEscalation: Sendable {
    private struct State {
        var stage: EscalationStage
        /// Records fed since start (commands included).
        var fed = 0
        /// Transition records produced since start.
        var produced = 0
        /// The latest transition records, oldest first, with their numbers.
        var recent: [(number: Int, json: [UInt8])] = []
        /// With a database: what the machines produced for the console's store.
        var feed: StoreFeed?
    }

    private let state: Mutex<State>
    /// Serializes saves (the state is snapshotted under `state`, written outside it).
    private let saving = Mutex<Int>(0)
    let statePath: String?
    let recentLimit: Int
    /// With `--state`: the saves that answers wait for.
    private let commit = GroupCommit()
    /// With a database and no `--state`, the state is kept in the store.
    let store: (any ConsoleStore)?
    /// Kinds whose review items need a second reviewer.
    let secondReviewKinds: Set<String>
    /// On a PostgreSQL store: the shared log and the partition owner that run escalation
    /// for every instance instead of these machines (SharedEscalation).
    let shared: SharedEscalation?
    /// With a database and no `--state`: the store's writer, flushed before each state
    /// save so the saved state never runs ahead of the transitions it produced.
    private let writer: StoreWriter?

    /// Starts fresh, or restores `statePath` when it exists (exits 65/66 when it cannot);
    /// with a console and no `statePath`, restores from and saves to its store.
    init(policy: EscalationPolicy, statePath: String?, recentLimit: Int, console: ServeConsole? = nil,
         shared: SharedEscalation? = nil) throws {
        self.statePath = statePath
        self.recentLimit = max(0, recentLimit)
        self.shared = shared
        store = statePath == nil && shared == nil ? console?.store : nil
        writer = store == nil ? nil : console?.writer
        secondReviewKinds = console?.secondReviewKinds ?? []
        var stage = try EscalationStage(policy: policy, statePath: statePath)
        if let store, let console {
            let saved = try store.escalationState().map { (lines: $0.lines, snapshot: $0.snapshot) }
            stage = try EscalationStage(policy: policy, restoring: saved, from: console.path)
        }
        var initial = State(stage: stage)
        if let console, shared == nil {
            let feed = StoreFeed(notify: console.notify, secondReviewKinds: console.secondReviewKinds)
            feed.observe(stage)
            initial.feed = feed
        }
        state = Mutex(initial)
    }

    /// What the machines produced for the store since the last call (transitions,
    /// closed buckets, the rows of the topics they touched); empty without a database.
    func takeStoreBatch() -> StoreBatch {
        state.withLock { state in state.feed?.take(state.stage.monitor) ?? StoreBatch() }
    }

    /// Feeds screened lines in order; one output per line. `contentKeys`: on a shared
    /// store, the identities of records without an id (RecordIdentity).
    func feed(_ lines: [ScreenedLine], contentKeys: [Int: String] = [:]) -> [EscalationOutput] {
        if let shared { return shared.feed(lines, contentKeys: contentKeys) }
        let outputs = state.withLock { state in
            var outputs: [EscalationOutput] = []
            outputs.reserveCapacity(lines.count)
            for line in lines { outputs.append(Self.feed(line, &state, recentLimit)) }
            return outputs
        }
        saveIfChanged(outputs)
        return outputs
    }

    /// Feeds one screened line. With `atEventNow` (the console's commands) the line
    /// happens at the machines' newest event time rather than at the wall clock, so a
    /// command on a store screened from past data lands at the end of that data. Shared
    /// escalation (several instances) takes the line as it is.
    func feed(_ line: ScreenedLine, atEventNow: Bool = false, contentKey: String? = nil) -> EscalationOutput {
        if let shared { return shared.feed([line], contentKeys: contentKey.map { [0: $0] } ?? [:])[0] }
        let output = state.withLock { state in
            var line = line
            if atEventNow { line.eventTime = state.stage.monitor.newestEventTime }
            return Self.feed(line, &state, recentLimit)
        }
        saveIfChanged([output])
        return output
    }

    /// With `--state`, returns once the state file holds every record fed so far (a save
    /// without fsync, shared with the requests waiting at the same time). An answer waits
    /// for it, so a server killed at any moment (even `kill -9`) restarts with the counts
    /// and transitions of every record it answered. False when the save failed.
    /// With a database and no `--state` the same holds through the store: the save
    /// writes the machines' snapshot after everything queued for the store. On a shared
    /// PostgreSQL store, the request's records and rows are committed in one transaction.
    func persist() async -> Bool {
        if let shared { return await shared.persist() }
        guard statePath != nil || store != nil else { return true }
        return await commit.wait(through: state.withLock { $0.fed }) { try? save(sync: false) }
    }

    /// With a database and no `--state`, a transition or a command is saved to the store
    /// before its answer goes out, so a server killed at any moment restarts with every
    /// transition it reported and none that it did not.
    private func saveIfChanged(_ outputs: [EscalationOutput]) {
        guard statePath == nil, store != nil, outputs.contains(where: { !$0.transitions.isEmpty || $0.own != nil }) else { return }
        try? save(sync: false)
    }

    private static func feed(_ line: ScreenedLine, _ state: inout State, _ recentLimit: Int) -> EscalationOutput {
        guard line.kind != .error else { return EscalationOutput(own: nil, transitions: [], rejection: nil) }
        var line = line
        // A record without `ts` happened when it reached the server.
        if line.eventTime == nil { line.eventTime = wallClockMilliseconds() }
        state.fed += 1
        let sequence = state.stage.restoredLines + state.fed
        let (own, transitions) = state.stage.records(after: line, sequence: sequence)
        if !transitions.isEmpty && recentLimit > 0 {
            var start = 0
            for (index, byte) in transitions.enumerated() where byte == 0x0A {
                state.produced += 1
                state.recent.append((state.produced, Array(transitions[start..<index])))
                start = index + 1
            }
            if state.recent.count > recentLimit { state.recent.removeFirst(state.recent.count - recentLimit) }
        }
        return EscalationOutput(own: own, transitions: transitions, rejection: line.kind == .command ? state.stage.lastRejection : nil,
                                isExample: line.kind == .verdict && state.stage.monitor.lastRecordIsExample)
    }

    /// GET /v1/escalations: every topic's state, and the kept transition records numbered
    /// above `after` (all kept ones when nil).
    func statusJSON(after: Int?) throws -> [UInt8] {
        if let shared { return try shared.statusJSON(after: after) }
        return state.withLock { state in
            var writer = JSONWriter(capacity: 4096)
            writer.beginObject()
            writer.key("records"); writer.int(state.stage.restoredLines + state.fed)
            writer.key("topics")
            writer.beginArray()
            for topic in state.stage.monitor.states() {
                writer.beginObject()
                writer.key("topic"); writer.string(topic.topic)
                writer.key("state"); writer.string(topic.state.rawValue)
                writer.key("severity"); if let severity = topic.severity { writer.string(severity.name) } else { writer.null() }
                writer.key("incident"); if let incident = topic.incident { writer.string(incident) } else { writer.null() }
                writer.key("since"); if topic.since != 0 { writer.string(EventTime.format(topic.since)) } else { writer.null() }
                writer.endObject()
            }
            writer.endArray()
            writer.key("last"); writer.int(state.produced)
            writer.key("transitions")
            writer.beginArray()
            for record in state.recent where record.number > (after ?? Int.min) {
                writer.raw(String(decoding: record.json, as: UTF8.self))
            }
            writer.endArray()
            writer.endObject()
            writer.bytes.append(0x0A)
            return writer.bytes
        }
    }

    /// Topics per state, and the topics out of monitoring, for /metrics.
    func stateSummary() -> (perState: [EscalationState: Int], active: [EscalationTopicStatus], transitions: Int) {
        state.withLock { state in
            var perState: [EscalationState: Int] = [:]
            var active: [EscalationTopicStatus] = []
            for topic in state.stage.monitor.states() {
                perState[topic.state, default: 0] += 1
                if topic.state != .monitoring { active.append(topic) }
            }
            return (perState, active, state.stage.transitions)
        }
    }

    /// Saves the state file (atomically: temporary file, fsync, rename); nothing without
    /// `--state`.
    /// Returns the number of records fed that the saved state covers.
    @discardableResult
    func save(sync: Bool = true) throws -> Int {
        if shared != nil { return 0 }
        if let store {
            writer?.flush()
            let (row, fed) = state.withLock { (EscalationStateRow(lines: $0.stage.restoredLines + $0.fed, snapshot: $0.stage.monitor.snapshot()), $0.fed) }
            var batch = StoreBatch()
            batch.escalationState = row
            try saving.withLock { _ in try store.write(batch) }
            return fed
        }
        guard let statePath else { return 0 }
        return try saving.withLock { _ in
            let (bytes, fed) = state.withLock { ($0.stage.stateFile(afterLines: $0.fed), $0.fed) }
            try StateFile.write(bytes, to: statePath, sync: sync)
            return fed
        }
    }
}

/// Milliseconds since the epoch, now.
func wallClockMilliseconds() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
}
