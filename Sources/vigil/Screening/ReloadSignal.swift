// SIGHUP asks `vigil screen` to reload its rules between batches. The handler only
// sets a flag and makes sure the reader's blocking read is interrupted; the reader
// thread does the loading.
import Glibc
import Synchronization

/// Set by SIGHUP, cleared by the reader when it reloads.
let reloadRequested = Atomic<Bool>(false)
/// The reader thread (`pthread_t`), 0 before it has registered.
let reloadReader = Atomic<UInt>(0)

enum ReloadSignal {
    /// Installs the SIGHUP handler.
    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            reloadRequested.store(true, ordering: .relaxed)
            // Threads started before the mask was set (the runtime's, the libraries')
            // may take the signal; pass it on so the reader's read returns EINTR.
            // (pthread_self and pthread_kill are async-signal-safe.)
            let reader = reloadReader.load(ordering: .relaxed)
            if reader != 0 && pthread_self() != reader { pthread_kill(reader, SIGHUP) }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0     // no SA_RESTART: a blocked read returns EINTR and is retried
        sigaction(SIGHUP, &action, nil)
    }

    /// Keeps SIGHUP away from this thread and the threads it starts, so that it mostly
    /// lands on the reader; threads that existed before (the runtime's, the server
    /// libraries') may still take it, and the handler passes it on from there.
    static func blockOnThisThread() { mask(SIG_BLOCK) }

    /// Lets SIGHUP interrupt this thread, and has it passed on here from any other.
    static func receiveOnThisThread() {
        reloadReader.store(pthread_self(), ordering: .relaxed)
        mask(SIG_UNBLOCK)
    }

    private static func mask(_ how: Int32) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGHUP)
        pthread_sigmask(how, &set, nil)
    }

    /// True once per SIGHUP received.
    static func consume() -> Bool {
        reloadRequested.exchange(false, ordering: .relaxed)
    }
}
