// The escalation machines of one topic partition, on the instance that owns it: restored
// from the partition's stored snapshot, fed from the shared record log in applying order
// — its own topics' records counted, the other partitions' records only moving the
// clock, so that every partition closes its buckets at the same event times as one
// `vigil screen` over the merged stream would — and saved, with what it produced, in
// one transaction that holds only while the lease does.
import VigilEngine
import VigilPostgres
import VigilStore

final class PartitionMachine {
    let partition: Int
    let monitor: EscalationMonitor
    private(set) var cursor: SharedCursor
    private var pending = StoreBatch()
    /// What the commands applied since the last store did (the instance that took each
    /// command waits for its outcome to answer).
    private var outcomes: [SharedOutcome] = []
    private var touched: Set<String> = []
    private let notify: [String]
    /// Transitions produced (not reminders), for the takeover measurement and metrics.
    private(set) var produced = 0

    init(policy: EscalationPolicy, state: SharedPartitionState, notify: [String]) throws {
        partition = state.partition
        if let snapshot = state.snapshot {
            monitor = try EscalationMonitor(policy: policy, restoring: snapshot)
        } else {
            monitor = EscalationMonitor(policy: policy)
        }
        cursor = state.cursor
        self.notify = notify
        monitor.bucketObserver = { [unowned self] bucket in
            pending.buckets += BucketPoint.points(of: bucket)
            touched.insert(bucket.topic)
        }
    }

    /// Applies the log up to `bound` (exclusive; nothing when no instance has a
    /// watermark yet), storing after each page, then the floating commands (commands
    /// without `ts`) at the machines' newest event time. Throws when the database fails;
    /// returns false when the lease was lost (the caller drops this machine either way:
    /// its memory may be ahead of what is stored). `stored` is called after each store.
    func catchUp(_ log: SharedLog, below bound: Int64?, page: Int = 5000, stored: () -> Void = {}) throws -> Bool {
        while let bound {
            let records = try log.records(after: cursor, below: bound, partitions: [partition], limit: page)
            if records.isEmpty { break }
            for record in records { apply(record) }
            guard try store(log) else { return false }
            stored()
            if records.count < page { break }
        }
        let floating = try log.floatingCommands(partition: partition, limit: 100)
        if floating.isEmpty { return true }
        for record in floating { applyFloating(record) }
        return try store(log)
    }

    /// Stores what was applied since the last store; false when the lease was lost.
    private func store(_ log: SharedLog) throws -> Bool {
        let batch = take(), done = outcomes
        outcomes.removeAll()
        return try log.apply(partition, batch: batch, outcomes: done, snapshot: monitor.snapshot(), cursor: cursor,
                             now: wallClockMilliseconds())
    }

    /// A command without `ts` happens at the machines' newest event time (its arrival
    /// time when they have seen nothing), as the console's commands do on one instance.
    private func applyFloating(_ record: SharedRecord) {
        let at = monitor.newestEventTime ?? record.at
        guard let text = record.body,
              case .command(let command)? = SharedRecordBody.decode(text, at: at, line: Int(truncatingIfNeeded: record.seq)) else {
            outcomes.append(SharedOutcome(instance: record.instance, seq: record.seq, rejected: "not a command record", transitions: []))
            return
        }
        applyCommand(command, record)
    }

    private func applyCommand(_ command: EscalationCommand, _ record: SharedRecord) {
        let produced = monitor.apply(command)
        let rejected = produced.first { $0.rejected != nil }?.rejected
        outcomes.append(SharedOutcome(instance: record.instance, seq: record.seq, rejected: rejected,
                                      transitions: produced.map { TransitionRow.json(of: $0) }))
        write(produced)
        if let body = record.body, SharedRecordBody.isAudited(body) { audit(command, rejected: rejected, record) }
    }

    /// The second audit entry of a command that its instance wrote to the audit log as
    /// `queued`: what applying it did, stored with the machines.
    private func audit(_ command: EscalationCommand, rejected: String?, _ record: SharedRecord) {
        var action = command.command
        if let severity = command.severity { action += " \(severity)" }
        pending.audit.append(AuditEntry(at: wallClockMilliseconds(), kind: .command, actor: command.by ?? "unknown", subject: command.topic,
                                        action: action, note: "outcome of the command queued through instance \(record.instance)",
                                        outcome: rejected.map { "rejected: \($0)" } ?? "applied"))
    }

    private func apply(_ record: SharedRecord) {
        cursor = SharedCursor(at: record.at, instance: record.instance, seq: record.seq)
        guard record.partition == partition, let text = record.body,
              let body = SharedRecordBody.decode(text, at: record.at, line: Int(truncatingIfNeeded: record.seq)) else {
            write(monitor.advance(to: record.at))
            return
        }
        switch body {
        case .verdict(let observation): write(monitor.observe(observation))
        case .command(let command): applyCommand(command, record)
        }
    }

    private func write(_ transitions: [EscalationTransition]) {
        for t in transitions {
            let json = TransitionRow.json(of: t)
            pending.transitions.append(TransitionRow(t, json: json))
            touched.insert(t.topic)
            if !t.isReminder && t.rejected == nil { produced += 1 }
            guard !t.isReminder, t.rejected == nil else { continue }
            for url in notify { pending.deliveries.append(NewDelivery(url: url, payload: json, key: StoreFeed.idempotencyKey(json, url))) }
        }
    }

    private func take() -> StoreBatch {
        if !touched.isEmpty {
            let now = wallClockMilliseconds()
            pending.topics = monitor.states().filter { touched.contains($0.topic) }.map { TopicRow($0, updatedAt: now) }
            touched.removeAll()
        }
        defer { pending = StoreBatch() }
        return pending
    }
}
