// Everything the endpoints of `vigil serve` share: the settings, the current rules, the
// screening working sets, the escalation machines and the metrics. One per server.
import Foundation
import VigilEngine
import VigilPostgres

/// The shared state of one server; every member is safe to use from any request.
final class ServeState: Sendable {
    let settings: ServeSettings
    let rules: RuleSetHolder
    let screeners = ScreenerPool()
    let escalation: ServeEscalation
    let metrics = ServeMetrics()
    /// The candidate rules of `--shadow-rules` (ShadowRules); empty without it.
    let shadow: ShadowRules
    /// The console's store (`--database`); nil without one.
    let console: ServeConsole?

    /// Restores the escalation state when `settings.statePath` names an existing file.
    init(settings: ServeSettings, engine: Engine, reload: @escaping @Sendable () throws(RuleLoadFailure) -> Engine,
         shadow: ShadowRules = ShadowRules(engine: nil, load: nil)) throws {
        self.settings = settings
        rules = RuleSetHolder(engine: engine, load: reload)
        self.shadow = shadow
        console = try settings.databasePath.map {
            try ServeConsole(path: $0, retention: settings.retention, notify: settings.notify, secondReviewKinds: settings.secondReviewKinds,
                             pruneInterval: settings.pruneInterval)
        }
        let shared = try (console?.store as? PostgresStore).map {
            try SharedEscalation(store: $0, settings: settings.shared, policy: engine.policy.escalation, notify: settings.notify)
        }
        escalation = try ServeEscalation(policy: engine.policy.escalation, statePath: settings.statePath,
                                         recentLimit: settings.recentTransitions, console: console, shared: shared)
        console?.recordRules(rules.snapshot, outcome: "start")
        console?.prune()
    }

    /// Reloads the rules (SIGHUP or POST /v1/reload), logging the outcome on stderr.
    func reloadRules() async -> ReloadOutcome {
        let outcome = await rules.reload()
        if shadow.load != nil {
            // Compiled on a thread of its own, as the live rules are (RuleSetHolder.reload).
            let shadow = self.shadow
            let problems = await withCheckedContinuation { (continuation: CheckedContinuation<[RuleDiagnostic], Never>) in
                Thread { continuation.resume(returning: shadow.reload()) }.start()
            }
            for diagnostic in problems { printError("shadow rules: \(diagnostic.description)") }
        }
        switch outcome {
        case .reloaded(let loaded):
            console?.recordRules(loaded, outcome: "reloaded")
            metrics.reload(succeeded: true)
            printError("vigil serve: rules reloaded (version \(loaded.version), \(loaded.engine.rules.rules.count) rules)")
        case .failed(let diagnostics, let kept):
            console?.recordRules(kept, outcome: "failed", diagnostics: diagnostics.map(\.description))
            metrics.reload(succeeded: false)
            for diagnostic in diagnostics { printError(diagnostic.description) }
            printError("vigil serve: reload failed; still using rules version \(kept.version)")
        }
        return outcome
    }

    /// `POST /v1/reload?promote=shadow`: the candidate becomes the live set (and is
    /// reloaded from its paths from then on); nil when there is no candidate.
    func promoteShadow() -> LoadedRules? {
        guard let load = shadow.load, let engine = shadow.clear() else { return nil }
        let loaded = rules.replace(with: engine, load: load)
        console?.recordRules(loaded, outcome: "promoted")
        metrics.reload(succeeded: true)
        printError("vigil serve: shadow rules promoted (version \(loaded.version), \(engine.rules.rules.count) rules)")
        return loaded
    }
}
