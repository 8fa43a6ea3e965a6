// Everything the endpoints of `vigil serve` share: the settings, the current rules, the
// screening working sets, the escalation machines and the metrics. One per server.
import VigilEngine

/// The shared state of one server; every member is safe to use from any request.
final class ServeState: Sendable {
    let settings: ServeSettings
    let rules: RuleSetHolder
    let screeners = ScreenerPool()
    let escalation: ServeEscalation
    let metrics = ServeMetrics()

    /// Restores the escalation state when `settings.statePath` names an existing file.
    init(settings: ServeSettings, engine: Engine, reload: @escaping @Sendable () throws(RuleLoadFailure) -> Engine) throws {
        self.settings = settings
        rules = RuleSetHolder(engine: engine, load: reload)
        escalation = try ServeEscalation(policy: engine.policy.escalation, statePath: settings.statePath,
                                         recentLimit: settings.recentTransitions)
    }

    /// Reloads the rules (SIGHUP or POST /v1/reload), logging the outcome on stderr.
    func reloadRules() async -> ReloadOutcome {
        let outcome = await rules.reload()
        switch outcome {
        case .reloaded(let loaded):
            metrics.reload(succeeded: true)
            printError("vigil serve: rules reloaded (version \(loaded.version), \(loaded.engine.rules.rules.count) rules)")
        case .failed(let diagnostics, let kept):
            metrics.reload(succeeded: false)
            for diagnostic in diagnostics { printError(diagnostic.description) }
            printError("vigil serve: reload failed; still using rules version \(kept.version)")
        }
        return outcome
    }
}
