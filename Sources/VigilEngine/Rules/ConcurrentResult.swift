// Loading the rules is otherwise one thread's work, and start-up is a large part of a short
// `vigil` run. Pieces of it that depend on nothing computed meanwhile (the folding tables
// while the YAML is parsed, a regex's analysis while keywords are normalized, one keyword
// automaton while the others are built) run on a second thread through this one primitive.
// The work is a function of what it captured, and the waiting thread always takes the
// results in the same order, so the outcome never depends on timing.
import Dispatch

/// Where the work runs: a queue of its own rather than a global one. Such a queue is
/// served by threads outside the global pool, so a caller that waits from a thread of that
/// pool (Swift concurrency's, in tests) never waits for work that needs that thread.
private let startupQueue = DispatchQueue(label: "vigil.startup", attributes: .concurrent)

/// A value computed on another thread; `value()` waits until it is ready.
final class ConcurrentResult<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `result` is written once, by the work item before `ready.signal()`, and read
    // only after `ready.wait()` returned, which orders the write before every read.
    private var result: Value?
    private let ready = DispatchSemaphore(value: 0)

    /// Starts `work` on another thread.
    init(_ work: @escaping @Sendable () -> Value) {
        startupQueue.async { [self] in
            result = work()
            ready.signal()
        }
    }

    /// The computed value, once ready (may be called more than once).
    func value() -> Value {
        ready.wait()
        ready.signal()   // lets a later call through: the value stays
        return result!
    }
}
