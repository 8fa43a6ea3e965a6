// Loading the rules is otherwise one thread's work, and start-up is a large part of a short
// `vigil` run. Pieces of it that depend on nothing computed meanwhile (the folding tables
// while the YAML is parsed, a regex's analysis while keywords are normalized, one keyword
// automaton while the others are built) run on a second thread through this one primitive.
// The work is a function of what it captured, and the waiting thread always takes the
// results in the same order, so the outcome never depends on timing.
//
// Nor does finishing depend on a free thread: the work is offered to Dispatch's global
// pool, but whichever comes first — a pool thread, or the caller of `value()` — claims it
// and runs it. A caller never waits for work nobody has started, so nested waits (work
// that itself waits for other work) cannot stall on a pool with no thread to spare (one
// core, or a pool busy with parallel tests).
import Dispatch
import Synchronization

/// A value computed on another thread when one is free; `value()` computes it itself when
/// none has started it yet, and otherwise waits until it is ready.
final class ConcurrentResult<Value: Sendable>: Sendable {
    private enum State {
        case pending(@Sendable () -> Value)
        case running
        case done(Value)
    }

    private let state: Mutex<State>
    /// Signalled once the value is stored by the thread that ran the work.
    private let ready = DispatchSemaphore(value: 0)

    /// Offers `work` to another thread.
    init(_ work: @escaping @Sendable () -> Value) {
        state = Mutex(.pending(work))
        DispatchQueue.global().async { [self] in _ = runIfPending() }
    }

    /// Runs the work if nobody has claimed it; whether it ran it.
    private func runIfPending() -> Bool {
        let claimed: (@Sendable () -> Value)? = state.withLock { state in
            guard case .pending(let work) = state else { return nil }
            state = .running
            return work
        }
        guard let claimed else { return false }
        let value = claimed()
        state.withLock { $0 = .done(value) }
        ready.signal()
        return true
    }

    /// The computed value (may be called more than once).
    func value() -> Value {
        if !runIfPending(), case .running = state.withLock({ $0 }) {
            ready.wait()
            ready.signal()   // lets a later call through: the value stays
        }
        guard case .done(let value) = state.withLock({ $0 }) else { preconditionFailure("ConcurrentResult: no value after the work ran") }
        return value
    }
}
