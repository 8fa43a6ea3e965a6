// The background writer: a full queue makes the caller wait (counted), never drops a
// review item, and a failing store is retried until the batch is in.
import Foundation
import Synchronization
import Testing
@testable import VigilStore

struct StoreWriterTests {
    @Test func fullQueueAppliesBackpressureAndDropsNothing() throws {
        let store = try SQLiteStore(path: ":memory:")
        let warnings = Mutex<[String]>([])
        let writer = StoreWriter(store: store, capacity: 3, warn: { message in warnings.withLock { $0.append(message) } })
        let total = 500
        for i in 0..<total { writer.submit(StoreFixtures.batch(reviews: [StoreFixtures.review("r\(i)")])) }
        writer.close()
        #expect(try store.reviewCounts().open == total)
        let stats = writer.statistics
        #expect(stats.writtenBatches == total)
        #expect(stats.queuedRows == 0)
        #expect(stats.transactions <= total)
        // With room for 3 rows and 500 submitted in a tight loop, the caller had to wait.
        #expect(stats.backpressureWaits > 0)
        #expect(warnings.withLock { $0.first?.contains("full") } == true)
    }

    @Test func asyncSubmitWaitsAndDropsNothing() async throws {
        let store = try SQLiteStore(path: ":memory:")
        let writer = StoreWriter(store: store, capacity: 2)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for i in 0..<50 { await writer.submit(StoreFixtures.batch(reviews: [StoreFixtures.review("t\(task)-\(i)")])) }
                }
            }
        }
        writer.flush()
        #expect(try store.reviewCounts().open == 400)
        writer.close()
    }

    @Test func failedWritesAreRetriedNotDropped() throws {
        let path = StoreFixtures.databasePath()
        let store = try SQLiteStore(path: path)
        let flaky = FlakyStore(store, failures: 2)
        let writer = StoreWriter(store: flaky, capacity: 100, retryDelay: 0.01)
        writer.submit(StoreFixtures.batch(reviews: [StoreFixtures.review("kept")]))
        writer.close()
        #expect(writer.statistics.failures == 2)
        #expect(try store.reviewItems(ReviewFilter()).map(\.recordID) == ["\"kept\""])
    }
}

/// Fails its first `failures` writes, then writes to `inner`.
final class FlakyStore: ScreeningStore, @unchecked Sendable {
    let inner: SQLiteStore
    let remaining: Mutex<Int>
    init(_ inner: SQLiteStore, failures: Int) {
        self.inner = inner
        remaining = Mutex(failures)
    }
    struct Failure: Error {}
    func write(_ batch: StoreBatch) throws {
        if remaining.withLock({ left in defer { left -= 1 }; return left > 0 }) { throw Failure() }
        try inner.write(batch)
    }
    func prune(retention: Int64, now: Int64) throws -> Int { try inner.prune(retention: retention, now: now) }
    func dueDeliveries(now: Int64, limit: Int) throws -> [Delivery] { try inner.dueDeliveries(now: now, limit: limit) }
    func finishAttempt(delivery id: Int64, deliveredAt: Int64?, error: String?, retryAt: Int64) throws {
        try inner.finishAttempt(delivery: id, deliveredAt: deliveredAt, error: error, retryAt: retryAt)
    }
    func deliveryCounts() throws -> (delivered: Int, pending: Int) { try inner.deliveryCounts() }
}
