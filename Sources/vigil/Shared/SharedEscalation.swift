// Shared escalation inside `vigil serve --database postgresql://…`: what the request side
// of an instance does instead of running escalation machines of its own. Each screened
// record becomes an entry of the shared record log (numbered by this instance, its
// topic's partition, its event time — arrival time when it has no `ts`) gathered in the
// request's SharedRequest and committed with the request (SharedCommit); the
// partitions' owners (PartitionOwner, on whichever instance holds each lease) run the
// machines. Transitions are therefore not in the answer to /v1/check or /v1/screen: they
// are in GET /v1/escalations, numbered by the store in one sequence for all instances.
import Foundation
import Synchronization
import VigilEngine
import VigilPostgres
import VigilStore

final class SharedEscalation: Sendable {
    let log: SharedLog
    let store: PostgresStore
    let owner: PartitionOwner
    private let commit: SharedCommit
    private let nextSeq: Mutex<Int64>
    /// Whether the last commit reached the database.
    private let lastCommit = CommitHealth()

    init(store: PostgresStore, settings: SharedSettings, policy: EscalationPolicy, notify: [String]) throws {
        self.store = store
        log = SharedLog(store: store, instance: settings.instance, partitions: settings.partitions)
        nextSeq = Mutex(try log.register(now: wallClockMilliseconds(), lease: settings.leaseMilliseconds))
        owner = PartitionOwner(log: log, policy: policy, notify: notify, lease: settings.leaseMilliseconds)
        let lastCommit = self.lastCommit
        commit = SharedCommit(log: log) { stored, _ in lastCommit.stored.withLock { $0 = stored } }
        owner.start()
    }

    /// The log entries of screened lines, added to the request being served; one output
    /// per line (no transitions: the owners produce them). A record is kept as a post
    /// when it is risky, since the owner, not this instance, picks the evidence examples.
    /// `contentKeys` gives, by index, the identity of records without an id of their own
    /// (RecordIdentity.contentKey).
    func feed(_ lines: [ScreenedLine], contentKeys: [Int: String] = [:]) -> [EscalationOutput] {
        var records: [SharedRecord] = []
        var outputs: [EscalationOutput] = []
        outputs.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            guard line.kind != .error, let body = SharedRecordBody.encode(line) else {
                outputs.append(EscalationOutput(own: nil, transitions: []))
                continue
            }
            let seq = nextSeq.withLock { n in defer { n += 1 }; return n }
            if line.kind == .command { SharedRequest.current?.noteCommand(seq) }
            records.append(SharedRecord(instance: log.instance, seq: seq, partition: Self.partition(of: line.topic, log.partitions),
                                        at: line.eventTime ?? wallClockMilliseconds(), body: body,
                                        key: RecordIdentity.key(line) ?? contentKeys[index],
                                        floating: line.kind == .command && line.eventTime == nil))
            let risky = line.decision != .allow || line.signals.contains { $0.count > 0 }
            outputs.append(EscalationOutput(own: line.kind == .command ? Self.queuedRecord(line) : nil, transitions: [],
                                            isExample: line.kind == .verdict && risky))
        }
        SharedRequest.current?.add(records)
        return outputs
    }

    /// Commits what the request gathered; false when the database did not take it.
    func persist() async -> Bool {
        guard let request = SharedRequest.current else { return true }
        let (records, batch) = request.take()
        return await commit.commit(records: records, batch: batch)
    }

    /// A command's answer from its applied outcome: its own record as one instance writes
    /// it (`accepted`, and `reason` when rejected) and the transition records it caused.
    static func output(_ line: ScreenedLine, _ outcome: SharedOutcome) -> EscalationOutput {
        let own = commandRecord(line) { own in
            own.key("accepted"); own.bool(outcome.rejected == nil)
            if let rejected = outcome.rejected { own.key("reason"); own.string(rejected) }
        }
        var transitions: [UInt8] = []
        for record in outcome.transitions { transitions += Array(record.utf8); transitions.append(0x0A) }
        return EscalationOutput(own: own, transitions: transitions, rejection: outcome.rejected)
    }

    /// The outcome of this request's command once its partition's owner has applied it,
    /// asked every 50 ms for up to `wait`; nil when the wait ran out (or the database
    /// did not answer): the command stays queued and is applied later.
    func commandOutcome(wait: Duration) async -> SharedOutcome? {
        guard let seq = SharedRequest.current?.lastCommand else { return nil }
        let deadline = ContinuousClock.now + wait
        while true {
            if let outcome = try? log.outcome(seq: seq) { return outcome }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// `ok` while commits and the owner's rounds reach the database and it answers now.
    var healthy: Bool { lastCommit.stored.withLock { $0 } && owner.status.withLock { $0.healthy } && store.ping() }

    /// A command's own record: queued for its partition's owner, outcome not yet known.
    static func queuedRecord(_ line: ScreenedLine) -> [UInt8] {
        commandRecord(line) { own in own.key("queued"); own.bool(true) }
    }

    /// A command's own record, one line: its type, line, command and topic, then what
    /// `outcome` writes.
    static func commandRecord(_ line: ScreenedLine, _ outcome: (inout JSONWriter) -> Void) -> [UInt8] {
        var own = JSONWriter()
        own.beginObject()
        own.key("type"); own.string("command")
        own.key("line"); own.int(line.line)
        own.key("command"); own.string(line.command ?? "")
        own.key("topic"); own.string(line.topic)
        outcome(&own)
        own.endObject()
        own.bytes.append(0x0A)
        return own.bytes
    }

    /// A topic's partition: FNV-1a of its UTF-8 bytes, modulo the partition count.
    static func partition(of topic: String, _ count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in topic.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(max(1, count)))
    }

    /// GET /v1/escalations from the store: every topic, and the transitions numbered above
    /// `after` (the store's sequence, the same on every instance), at most 1000.
    func statusJSON(after: Int?) throws -> [UInt8] {
        let topics = try store.topics().sorted { $0.topic < $1.topic }
        let transitions = try store.transitions(after: Int64(after ?? 0), limit: 1000)
        var writer = JSONWriter(capacity: 4096)
        writer.beginObject()
        writer.key("instance"); writer.string(log.instance)
        writer.key("topics")
        writer.beginArray()
        for topic in topics {
            writer.beginObject()
            writer.key("topic"); writer.string(topic.topic)
            writer.key("state"); writer.string(topic.state)
            writer.key("severity"); if let severity = topic.severity { writer.string(severity) } else { writer.null() }
            writer.key("incident"); if let incident = topic.incident { writer.string(incident) } else { writer.null() }
            writer.key("since"); if topic.since != 0 { writer.string(EventTime.format(topic.since)) } else { writer.null() }
            writer.endObject()
        }
        writer.endArray()
        writer.key("last"); writer.int(Int(transitions.last?.id ?? Int64(after ?? 0)))
        writer.key("transitions")
        writer.beginArray()
        for t in transitions { writer.raw(t.json) }
        writer.endArray()
        writer.endObject()
        writer.bytes.append(0x0A)
        return writer.bytes
    }

    func stop() { owner.stop() }
}

/// Whether the last commit reached the database (a class: the commit queue keeps it).
final class CommitHealth: Sendable {
    let stored = Mutex(true)
}

/// `--instance`, `--partitions`, `--lease` as the server uses them.
struct SharedSettings: Sendable {
    var instance: String
    var partitions = 4
    var leaseMilliseconds: Int64 = 10_000

    /// The default name: host name and process id.
    static var defaultInstance: String { "\(ProcessInfo.processInfo.hostName)-\(getpid())" }
}
