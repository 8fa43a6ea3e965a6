// SIGHUP asks `vigil screen` to reload its rules between batches. The handler only
// sets a flag; the reader thread does the loading.
import Glibc
import Synchronization

/// Set by SIGHUP, cleared by the reader when it reloads.
let reloadRequested = Atomic<Bool>(false)

enum ReloadSignal {
    /// Installs the SIGHUP handler.
    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in reloadRequested.store(true, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0     // no SA_RESTART: a blocked read returns EINTR and is retried
        sigaction(SIGHUP, &action, nil)
    }

    /// True once per SIGHUP received.
    static func consume() -> Bool {
        reloadRequested.exchange(false, ordering: .relaxed)
    }
}
