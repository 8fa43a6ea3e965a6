// The heartbeat of one shared instance, on a thread of its own. An instance whose
// heartbeat is older than `--lease` counts as dead: its watermark stops holding the
// owners back, and records it stores after that may lie behind what they have applied
// and never be counted. Written only between the owner's rounds, the heartbeat of an
// instance that serves well would lapse whenever a round took longer than the lease
// (catching up a large log, a slow database, a loaded host). So it is written here,
// every tenth of the lease, whatever the rounds do; with it the leases of the
// partitions whose machines the owner thread holds are extended, as long as it has
// shown progress within the lease (a stuck owner still loses its partitions, and a
// partition whose machine it dropped is left to expire, so another instance can take
// it).
import Foundation
import Synchronization
import VigilPostgres

final class InstanceHeartbeat: Sendable {
    private let log: SharedLog
    private let lease: Int64
    /// When the owner thread last started a round or stored a page, and the partitions
    /// whose machines it holds.
    private let owner: @Sendable () -> (progress: Int64, held: [Int])
    private let stopped = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)

    init(log: SharedLog, lease: Int64, owner: @escaping @Sendable () -> (progress: Int64, held: [Int])) {
        self.log = log
        self.lease = lease
        self.owner = owner
    }

    var interval: Double { max(0.05, Double(lease) / 10_000) }

    func start() { Thread { [self] in run() }.start() }

    func stop() {
        stopped.withLock { $0 = true }
        finished.wait()
    }

    /// One beat; a database failure is left to the next one (and to the owner's round,
    /// which reports the instance's health).
    func beat() {
        let now = wallClockMilliseconds()
        try? log.heartbeat(now: now)
        let (progress, held) = owner()
        if now - progress < lease { try? log.renewLeases(held, now: now, lease: lease) }
    }

    private func run() {
        while !stopped.withLock({ $0 }) {
            beat()
            Thread.sleep(forTimeInterval: interval)
        }
        finished.signal()
    }
}
