// Reusable screening working sets for `vigil serve`: each holds the engine's per-thread
// scratch (parser, normalization buffers, PCRE2 match data) and an output buffer, so a
// request allocates none of them. A set is used synchronously, between two suspension
// points of one request, so no more exist than threads run requests at once.
import Synchronization
import VigilEngine

/// One working set. Used by one request at a time (see `ScreenerPool.withScreener`).
final class PooledScreener: @unchecked Sendable {
    // Safety: a PooledScreener is only reachable through `ScreenerPool`, which hands it to
    // one synchronous closure at a time.
    let screener = RecordScreener()
    var writer = JSONWriter(capacity: 4096)
}

/// A free list of working sets.
final class ScreenerPool: Sendable {
    private let free = Mutex<[PooledScreener]>([])

    init() {}

    /// Runs `body` with a working set of its own; the output buffer starts empty.
    func withScreener<Result>(_ body: (PooledScreener) throws -> Result) rethrows -> Result {
        let pooled = free.withLock { $0.popLast() } ?? PooledScreener()
        pooled.writer.reset()
        defer { free.withLock { $0.append(pooled) } }
        return try body(pooled)
    }
}
