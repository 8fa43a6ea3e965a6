// Group commit for `vigil serve` on a shared PostgreSQL store. What one request (or one
// part of a /v1/screen body) carries — its records for the shared log, its review items
// and example posts — is gathered in its SharedRequest and committed as one unit: the
// answer waits until a transaction holding all of it has committed, and when that
// transaction fails the whole unit is dropped and the request answered 503, so nothing
// a failed request carried is half-written and a retry does not count twice. Units that
// wait at the same time share one transaction (the first to wait leads and commits for
// everyone queued), which is what keeps the cost per record small.
import Synchronization
import VigilPostgres
import VigilStore

/// What one request has to commit.
final class SharedRequest: Sendable {
    private struct Pending {
        var records: [SharedRecord] = []
        var batch = StoreBatch()
    }

    private let pending = Mutex(Pending())
    /// The log number of the last operator command fed in this request.
    private let command = Mutex<Int64?>(nil)

    /// The request being served on this task, when the endpoint set one.
    @TaskLocal static var current: SharedRequest?

    func noteCommand(_ seq: Int64) { command.withLock { $0 = seq } }
    var lastCommand: Int64? { command.withLock { $0 } }

    /// Marks the last command fed in this request as written to the audit log, so that
    /// its owner writes the outcome there too (SharedRecordBody.audited).
    func auditLastCommand() {
        guard let seq = lastCommand else { return }
        pending.withLock { p in
            guard let index = p.records.lastIndex(where: { $0.seq == seq }), let body = p.records[index].body else { return }
            p.records[index].body = SharedRecordBody.audited(body)
        }
    }

    func add(_ records: [SharedRecord]) { pending.withLock { $0.records += records } }
    func add(_ batch: StoreBatch) { pending.withLock { $0.batch.append(batch) } }

    /// Takes what was gathered so far.
    func take() -> (records: [SharedRecord], batch: StoreBatch) {
        pending.withLock { p in
            defer { p = Pending() }
            return (p.records, p.batch)
        }
    }
}

/// The commit queue of one instance.
final class SharedCommit: Sendable {
    private struct Unit {
        var records: [SharedRecord]
        var batch: StoreBatch
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct Queue {
        var waiting: [Unit] = []
        var leading = false
    }

    private let queue = Mutex(Queue())
    private let log: SharedLog
    /// Called after each commit with whether it succeeded (health and metrics).
    private let outcome: @Sendable (Bool, Int) -> Void

    init(log: SharedLog, outcome: @escaping @Sendable (Bool, Int) -> Void) {
        self.log = log
        self.outcome = outcome
    }

    /// Commits a unit (with whatever else is waiting); true once it is stored.
    func commit(records: [SharedRecord], batch: StoreBatch) async -> Bool {
        if records.isEmpty && batch.isEmpty { return true }
        return await withCheckedContinuation { continuation in
            let lead = queue.withLock { q -> Bool in
                q.waiting.append(Unit(records: records, batch: batch, continuation: continuation))
                if q.leading { return false }
                q.leading = true
                return true
            }
            if lead { commitUntilNobodyWaits() }
        }
    }

    /// The leader's loop: take every unit waiting, commit them in one transaction, answer
    /// them, and go on while more arrived meanwhile.
    private func commitUntilNobodyWaits() {
        while true {
            let units = queue.withLock { q in
                defer { q.waiting.removeAll() }
                return q.waiting
            }
            var records: [SharedRecord] = []
            var batch = StoreBatch()
            for unit in units {
                records += unit.records
                batch.append(unit.batch)
            }
            // A floating command's time is its arrival, not a point of the streams.
            let watermark = records.filter { !$0.floating }.map(\.at).max()
            let stored = (try? log.commit(records, batch: batch, watermark: watermark, now: wallClockMilliseconds())) != nil
            outcome(stored, records.count)
            for unit in units { unit.continuation.resume(returning: stored) }
            let more = queue.withLock { q in
                q.leading = !q.waiting.isEmpty
                return q.leading
            }
            if !more { return }
        }
    }
}
