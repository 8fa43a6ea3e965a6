// Reusable screening working sets for `vigil serve`: each holds the engine's per-thread
// scratch (parser, normalization buffers, PCRE2 match data) and an output buffer, so a
// request allocates none of them. One set per thread, kept in thread-local storage: a
// set is used synchronously, between two suspension points of one request, so a thread
// never needs two, and it stays in that thread's caches. The scratch does not depend on
// the rules, so sets outlive reloads (as screen's workers do).
import Glibc
import VigilEngine

/// One working set, owned by one thread.
final class PooledScreener {
    let screener = RecordScreener(keepsVerdict: true)
    var writer = JSONWriter(capacity: 4096)
    /// Set while a closure uses it (a nested use on the same thread gets a fresh set).
    var inUse = false
}

/// Hands out the calling thread's working set.
final class ScreenerPool: Sendable {
    /// The thread-local slot, shared by every server in the process.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let created = pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<PooledScreener>.fromOpaque(pointer).release() }
        }
        precondition(created == 0, "pthread_key_create failed")
        return key
    }()

    init() {}

    /// Runs `body` with the calling thread's working set; its output buffer starts empty.
    /// `body` must not suspend (it is synchronous) and must not let the set escape.
    func withScreener<Result>(_ body: (PooledScreener) throws -> Result) rethrows -> Result {
        let pooled: PooledScreener
        if let pointer = pthread_getspecific(Self.key) {
            pooled = Unmanaged<PooledScreener>.fromOpaque(pointer).takeUnretainedValue()
        } else {
            pooled = PooledScreener()
            pthread_setspecific(Self.key, Unmanaged.passRetained(pooled).toOpaque())
        }
        if pooled.inUse { return try body(PooledScreener()) }
        pooled.inUse = true
        defer { pooled.inUse = false }
        pooled.writer.reset()
        return try body(pooled)
    }
}
