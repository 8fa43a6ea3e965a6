// The heartbeat of one shared instance, on a thread of its own. An instance whose
// heartbeat is older than `--lease` counts as dead: its watermark stops holding the
// owners back, and records it stores after that may lie behind what they have applied
// and never be counted. Written only between the owner's rounds, the heartbeat of an
// instance that serves well would lapse whenever a round took longer than the lease
// (catching up a large log, a slow database, a loaded host). So it is written here,
// every tenth of the lease, whatever the rounds do; with it the leases the instance
// holds are extended, as long as its owner thread has shown progress within the lease
// (a stuck owner still loses its partitions).
import Foundation
import Synchronization
import VigilPostgres

final class InstanceHeartbeat: Sendable {
    private let log: SharedLog
    private let lease: Int64
    private let progress: @Sendable () -> Int64
    private let stopped = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)

    /// `progress`: when the owner thread last started a round or stored a page.
    init(log: SharedLog, lease: Int64, progress: @escaping @Sendable () -> Int64) {
        self.log = log
        self.lease = lease
        self.progress = progress
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
        if now - progress() < lease { try? log.renewLeases(now: now, lease: lease) }
    }

    private func run() {
        while !stopped.withLock({ $0 }) {
            beat()
            Thread.sleep(forTimeInterval: interval)
        }
        finished.signal()
    }
}
