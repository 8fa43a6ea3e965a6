// The background side of shared escalation on one instance: a thread that, every
// `interval`, takes or renews the lease of every partition
// it can (a partition whose owner stopped renewing is free once its lease expired),
// and brings the machines of the partitions it owns up to the lowest watermark of the
// live instances minus the allowed lateness (no live instance can still send a record
// before that). A database failure drops the machines held in memory; they are
// restored from the stored snapshots when the database answers again. The instance's
// heartbeat, and the renewal of its leases while a long round is under way, run on a
// thread of their own (InstanceHeartbeat).
import Foundation
import Synchronization
import VigilEngine
import VigilPostgres

final class PartitionOwner: @unchecked Sendable {
    // Safety: `machines` is used only by the owner's thread; `status` is a Mutex.
    private var machines: [Int: PartitionMachine] = [:]
    private let log: SharedLog
    private let policy: EscalationPolicy
    private let notify: [String]
    let lease: Int64
    private let interval: Double
    private let stopped = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)
    private var nextPrune: Int64 = 0
    /// When the thread last started a round or stored a page (the heartbeat renews the
    /// leases only while this is recent).
    private let progress = Mutex<(at: Int64, held: [Int])>((0, []))
    private var heartbeat: InstanceHeartbeat?
    /// The last round's error, printed once rather than every round.
    private var lastError: String?
    /// Partitions owned now, and whether the last round reached the database.
    let status = Mutex<(owned: [Int], healthy: Bool)>(([], true))

    init(log: SharedLog, policy: EscalationPolicy, notify: [String], lease: Int64, interval: Double = 0.2) {
        self.log = log
        self.policy = policy
        self.notify = notify
        self.lease = lease
        self.interval = interval
    }

    func start() {
        madeProgress()
        let heartbeat = InstanceHeartbeat(log: log, lease: lease) { [weak self] in self?.progress.withLock { $0 } ?? (0, []) }
        self.heartbeat = heartbeat
        heartbeat.beat()
        heartbeat.start()
        Thread { [self] in run() }.start()
    }

    /// Stops the threads after their round, and gives up the leases.
    func stop() {
        stopped.withLock { $0 = true }
        finished.wait()
        heartbeat?.stop()
        try? log.release()
    }

    /// Notes the time and the partitions held now, for the heartbeat.
    private func madeProgress() {
        let held = machines.keys.sorted()
        progress.withLock { $0 = (wallClockMilliseconds(), held) }
    }

    private func run() {
        while !stopped.withLock({ $0 }) {
            let healthy: Bool
            do {
                try round()
                healthy = true
                lastError = nil
            } catch {
                machines.removeAll()
                madeProgress()
                healthy = false
                let message = "\(error)"
                if message != lastError { printError("vigil serve: instance \(log.instance): shared escalation round failed: \(message)") }
                lastError = message
            }
            status.withLock { $0 = (machines.keys.sorted(), healthy) }
            Thread.sleep(forTimeInterval: interval)
        }
        finished.signal()
    }

    /// One round: heartbeat, leases, catching up. An instance holds at most its fair
    /// share of the partitions (all of them divided among the live instances, rounded
    /// up): it takes a free partition only below its share and gives one up above it, so
    /// a new instance gets partitions within a round or two.
    private func round() throws {
        let now = wallClockMilliseconds()
        madeProgress()
        let bound = try log.liveWatermark(now: now, lease: lease).map { $0 - policy.lateness }
        let live = max(1, try log.liveInstances(now: now, lease: lease))
        let share = (log.partitions + live - 1) / live
        if machines.count > share, let extra = machines.keys.max() {
            machines[extra] = nil
            madeProgress()
            try log.release(extra)
        }
        for partition in 0..<log.partitions {
            if machines[partition] == nil {
                if machines.count >= share { continue }
                if try !log.isFree(partition, now: now) { continue }
            }
            guard let state = try log.acquire(partition, now: now, lease: lease) else {
                machines[partition] = nil
                madeProgress()
                continue
            }
            if machines[partition] == nil {
                machines[partition] = try PartitionMachine(policy: policy, state: state, notify: notify)
                printError("vigil serve: instance \(log.instance) owns topic partition \(partition) (from \(state.snapshot == nil ? "the start" : "its stored state"))")
            }
            guard let machine = machines[partition] else { continue }
            if try !machine.catchUp(log, below: bound, stored: madeProgress) { machines[partition] = nil }
            madeProgress()
        }
        if machines[0] != nil, now >= nextPrune {   // the owner of partition 0 prunes, once a minute
            try log.prune(now: now)
            nextPrune = now + 60_000
        }
    }
}
