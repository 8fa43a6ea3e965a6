// The two background services that run beside the HTTP server: the periodic save of the
// escalation state, and rule reloads on SIGHUP. Both stop on graceful shutdown.
import ServiceLifecycle
import UnixSignals

/// Saves the escalation state every `interval` (the final save follows shutdown).
struct PeriodicStateSave: Service {
    let state: ServeState

    func run() async throws {
        guard state.settings.statePath != nil || state.console != nil else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await Task.sleep(for: state.settings.saveInterval) } catch { break }
                do { try state.escalation.save() } catch { /* `fail` printed why; the next save tries again */ }
            }
        }
    }
}

/// Reloads the rules on every SIGHUP.
struct HangupReload: Service {
    let state: ServeState
    /// Trapping starts when the sequence is made, before the server listens.
    let hangups: UnixSignalsSequence

    func run() async throws {
        for await _ in hangups.cancelOnGracefulShutdown() {
            _ = await state.reloadRules()
        }
    }
}
