// The background writer between screening and the store. Screening hands it batches
// and goes on; a thread of its own writes them, merging what queued up meanwhile into
// one transaction. The queue is bounded (in rows): when it is full the caller waits —
// backpressure on the request or on the screen's writer thread — and the wait is
// counted and warned about once per episode. Nothing is ever dropped: a batch whose
// write fails stays first in the queue and is tried again.
import Foundation

/// Counts of a writer, for /metrics and the tests.
public struct StoreWriterStats: Sendable, Equatable {
    /// Rows waiting to be written.
    public var queuedRows = 0
    /// Batches written.
    public var writtenBatches = 0
    /// Transactions committed (several batches may share one).
    public var transactions = 0
    /// Times a caller had to wait for room in the queue.
    public var backpressureWaits = 0
    /// Failed writes (each retried).
    public var failures = 0
}

/// A bounded queue in front of a store, drained by one background thread.
public final class StoreWriter: @unchecked Sendable {
    // Safety: every mutable field is used only while holding `condition`.
    private let condition = NSCondition()
    private var queue: [StoreBatch] = []
    private var stats = StoreWriterStats()
    private var writing = 0
    private var closed = false
    private var warnedFull = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private let finished = DispatchSemaphore(value: 0)

    public let store: any ScreeningStore
    /// Most rows queued before callers wait.
    public let capacity: Int
    private let warn: @Sendable (String) -> Void
    private let retryDelay: Double

    public init(store: any ScreeningStore, capacity: Int = 20_000, retryDelay: Double = 1,
                warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.capacity = max(1, capacity)
        self.retryDelay = retryDelay
        self.warn = warn
        Thread { [self] in drain() }.start()
    }

    public var statistics: StoreWriterStats { condition.withLock { stats } }

    /// Queues a batch, waiting (blocking this thread) while the queue is full.
    public func submit(_ batch: StoreBatch) {
        guard !batch.isEmpty else { return }
        condition.lock()
        if !hasRoom(for: batch.weight) {
            noteFull()
            while !hasRoom(for: batch.weight) && !closed { condition.wait() }
        }
        enqueue(batch)
        condition.unlock()
    }

    /// Queues a batch from async code: suspends (without blocking a thread) while full.
    public func submit(_ batch: StoreBatch) async {
        guard !batch.isEmpty else { return }
        while true {
            let queued: Bool = condition.withLock {
                guard hasRoom(for: batch.weight) || closed else { return false }
                enqueue(batch)
                return true
            }
            if queued { return }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                condition.lock()
                if hasRoom(for: batch.weight) || closed {
                    condition.unlock()
                    continuation.resume()
                    return
                }
                noteFull()
                waiters.append(continuation)
                condition.unlock()
            }
        }
    }

    /// Waits until everything queued so far is written.
    public func flush() {
        condition.lock()
        while !queue.isEmpty || writing > 0 { condition.wait() }
        condition.unlock()
    }

    /// Writes what is queued, then stops the thread.
    public func close() {
        flush()
        condition.lock()
        let wasClosed = closed
        closed = true
        condition.broadcast()
        condition.unlock()
        if !wasClosed { finished.wait() }
    }

    // MARK: Inside the lock

    /// A batch bigger than the whole queue still goes in when the queue is empty.
    private func hasRoom(for weight: Int) -> Bool { stats.queuedRows == 0 || stats.queuedRows + weight <= capacity }

    private func enqueue(_ batch: StoreBatch) {
        queue.append(batch)
        stats.queuedRows += batch.weight
        condition.broadcast()
    }

    private func noteFull() {
        stats.backpressureWaits += 1
        if !warnedFull {
            warnedFull = true
            warn("the store's write queue is full (\(capacity) rows): screening waits for the database")
        }
    }

    // MARK: The writer thread

    private func drain() {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty && closed { condition.unlock(); break }
            let taken = queue
            queue.removeAll()
            writing = taken.count
            condition.unlock()
            // The first batch as it is (no copy of its rows), the others appended to it.
            var merged = taken[0]
            for batch in taken.dropFirst() { merged.append(batch) }
            let failure = write(merged)
            condition.lock()
            writing = 0
            if failure {
                queue.insert(contentsOf: taken, at: 0)   // kept, tried again
            } else {
                stats.queuedRows -= merged.weight
                stats.writtenBatches += taken.count
                stats.transactions += 1
                if stats.queuedRows < capacity / 2 { warnedFull = false }
            }
            let resumed = waiters
            waiters.removeAll()
            condition.broadcast()
            condition.unlock()
            for waiter in resumed { waiter.resume() }
        }
        finished.signal()
    }

    /// Writes one merged batch; true when it failed (after a pause before the retry).
    private func write(_ batch: StoreBatch) -> Bool {
        do {
            try store.write(batch)
            return false
        } catch {
            condition.withLock { stats.failures += 1 }
            warn("cannot write to the store (\(error)); retrying")
            Thread.sleep(forTimeInterval: retryDelay)
            return true
        }
    }
}
