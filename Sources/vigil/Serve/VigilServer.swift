// One `vigil serve` server: the Hummingbird HTTP server with its responder, bound to the
// configured address, run in a service group with the periodic state save and (for the
// command line) SIGHUP reloads and SIGTERM/SIGINT graceful shutdown. When the group
// ends, requests in flight have finished, and the escalation state is saved once more.
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals
import VigilEngine

/// A server, run once.
final class VigilServer: Sendable {
    let state: ServeState
    private let group = Mutex<ServiceGroup?>(nil)

    /// Loads nothing itself: `engine` is the rule set to start with, `reload` loads it again.
    init(settings: ServeSettings, engine: Engine, reload: @escaping @Sendable () throws(RuleLoadFailure) -> Engine,
         shadow: ShadowRules = ShadowRules(engine: nil, load: nil)) throws {
        state = try ServeState(settings: settings, engine: engine, reload: reload, shadow: shadow)
    }

    /// Serves until shut down. `onListening` gets the bound port (useful with port 0).
    /// With `handleSignals`, SIGTERM and SIGINT shut down gracefully and SIGHUP reloads.
    func run(handleSignals: Bool, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var logger = Logger(label: "vigil.serve")
        logger.logLevel = .warning
        let settings = state.settings
        let http = ServeHTTPServer(responder: ServeResponder(state: state), host: settings.host, port: settings.port,
                                   idleTimeout: settings.idleTimeout, logger: logger, onListening: onListening)
        var services: [any Service] = [PeriodicStateSave(state: state)]
        if handleSignals { services.append(HangupReload(state: state, hangups: await UnixSignalsSequence(trapping: .sighup))) }
        services.append(http)   // shut down first: requests in flight finish before the rest stops
        let serviceGroup = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
            logger: logger))
        group.withLock { $0 = serviceGroup }
        defer {
            state.escalation.shared?.stop()
            state.console?.close()
        }
        do {
            try await serviceGroup.run()
        } catch {
            try? state.escalation.save()
            throw error
        }
        try state.escalation.save()
    }

    /// Begins a graceful shutdown: stops accepting connections, lets requests in flight
    /// finish, then `run` saves the state and returns.
    func shutdown() async {
        guard let serviceGroup = group.withLock({ $0 }) else { return }
        await serviceGroup.triggerGracefulShutdown()
    }
}
