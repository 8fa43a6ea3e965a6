// The rule set `vigil serve` is using, swapped whole on SIGHUP or POST /v1/reload. The
// compiled rules are an immutable Sendable value: a request takes one snapshot when it
// starts and finishes on it, whatever reloads happen meanwhile.
import Foundation
import Synchronization
import VigilEngine

/// One loaded rule set and its version (1 at start, +1 per successful reload).
struct LoadedRules: Sendable {
    let engine: Engine
    let version: Int
    /// Seconds since the epoch when it was loaded.
    let loadedAt: Double
}

/// The outcome of a reload.
enum ReloadOutcome: Sendable {
    case reloaded(LoadedRules)
    /// The new rules did not load; `kept` is still in use. `diagnostics` are every
    /// problem found, as `vigil rules lint` prints them.
    case failed(diagnostics: [RuleDiagnostic], kept: LoadedRules)
}

/// Holds the current rule set behind a lock; reloads are serialized.
final class RuleSetHolder: Sendable {
    private let current: Mutex<LoadedRules>
    private let reloading = Mutex<Int>(0)
    private let loader: Mutex<@Sendable () throws(RuleLoadFailure) -> Engine>

    /// Starts with `engine`; `load` builds a fresh engine from the same rule paths.
    init(engine: Engine, load: @escaping @Sendable () throws(RuleLoadFailure) -> Engine) {
        current = Mutex(LoadedRules(engine: engine, version: 1, loadedAt: Date().timeIntervalSince1970))
        loader = Mutex(load)
    }

    /// Makes `engine` the current set (a promoted shadow set), loaded by `load` from now on.
    func replace(with engine: Engine, load: @escaping @Sendable () throws(RuleLoadFailure) -> Engine) -> LoadedRules {
        reloading.withLock { _ in
            loader.withLock { $0 = load }
            return current.withLock { rules in
                rules = LoadedRules(engine: engine, version: rules.version + 1, loadedAt: Date().timeIntervalSince1970)
                return rules
            }
        }
    }

    /// The rules to use for one request.
    var snapshot: LoadedRules { current.withLock { $0 } }

    /// Loads the rules again on a thread of its own (compiling takes a while and must not
    /// hold up the request threads) and swaps them in when they load.
    func reload() async -> ReloadOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<ReloadOutcome, Never>) in
            Thread { [self] in continuation.resume(returning: reloadNow()) }.start()
        }
    }

    /// Loads and swaps on the calling thread.
    func reloadNow() -> ReloadOutcome {
        reloading.withLock { _ in
            do throws(RuleLoadFailure) {
                let load = loader.withLock { $0 }
                let engine = try load()
                return .reloaded(current.withLock { rules in
                    rules = LoadedRules(engine: engine, version: rules.version + 1, loadedAt: Date().timeIntervalSince1970)
                    return rules
                })
            } catch {
                return .failed(diagnostics: error.diagnostics, kept: snapshot)
            }
        }
    }
}
