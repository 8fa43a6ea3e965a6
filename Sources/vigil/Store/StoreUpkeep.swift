// `vigil serve`'s upkeep of its store: pruning what is past `--retention` not only when
// the server starts but periodically, so a server that runs for months keeps only its
// retention. A thread of its own that sleeps between passes (an hour, or a tenth of the
// retention when that is shorter) and that `stop()` wakes and ends.
import Foundation
import Synchronization

final class StoreUpkeep: Sendable {
    private let wakeUp = DispatchSemaphore(value: 0)
    private let stopped = Mutex<Bool>(false)
    private let done = DispatchSemaphore(value: 0)
    /// Seconds between passes.
    let interval: Double

    /// Runs `pass` every `interval` seconds (the first one `interval` after now).
    init(interval: Double, pass: @escaping @Sendable () -> Void) {
        self.interval = interval
        Thread { [self] in
            while true {
                _ = wakeUp.wait(timeout: .now() + interval)
                if stopped.withLock({ $0 }) { break }
                pass()
            }
            done.signal()
        }.start()
    }

    /// The interval for a retention (ms): a tenth of it, at most an hour, at least a second.
    static func interval(retention: Int64) -> Double {
        max(1, min(3600, Double(retention) / 10_000))
    }

    /// Ends the thread (after the pass under way, if any).
    func stop() {
        let already = stopped.withLock { stopped in defer { stopped = true }; return stopped }
        guard !already else { return }
        wakeUp.signal()
        done.wait()
    }
}
