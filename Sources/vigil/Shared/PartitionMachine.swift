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

    /// Applies the log up to `bound` (exclusive), storing after each page. Throws when
    /// the database fails; returns false when the lease was lost (the caller drops this
    /// machine either way: its memory may be ahead of what is stored).
    func catchUp(_ log: SharedLog, below bound: Int64, page: Int = 5000) throws -> Bool {
        while true {
            let records = try log.records(after: cursor, below: bound, partitions: [partition], limit: page)
            if records.isEmpty { return true }
            for record in records { apply(record) }
            let batch = take()
            guard try log.apply(partition, batch: batch, snapshot: monitor.snapshot(), cursor: cursor, now: wallClockMilliseconds()) else {
                return false
            }
            if records.count < page { return true }
        }
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
        case .command(let command): write(monitor.apply(command))
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
