// `vigil serve` prunes its store past `--retention` while it runs, not only at start: a
// server started on an empty database, then fed three and a half hours of a topic,
// keeps only the last hour of buckets once its upkeep has run.
import Foundation
import Testing
@testable import vigil
import VigilStore

@Suite(.serialized)
struct StoreUpkeepTests {
    @Test func servePrunesPastTheRetentionWhileItRuns() async throws {
        let database = temporaryFolder().appendingPathComponent("upkeep.sqlite").path
        let hour: Int64 = 3_600_000
        let server = try await TestServer.start(database: database, retention: hour, pruneInterval: 0.3)
        do {
            for line in incidentStream() {
                #expect(try await postJSON(server.port, "/v1/check", line).status == 200)
            }
            let store = try SQLiteStore(path: database)
            var buckets: [BucketPoint] = []
            let deadline = ContinuousClock.now + .seconds(20)
            repeat {
                try await Task.sleep(for: .milliseconds(200))
                buckets = try store.buckets(topic: "Acme", from: 0, to: .max)
            } while (buckets.isEmpty || buckets.first!.start < buckets.last!.end - hour - 300_000) && ContinuousClock.now < deadline
            let newest = try #require(buckets.map(\.end).max())
            #expect(!buckets.isEmpty)
            // The stream spans 3 h 35 min: without pruning, its first buckets would be there.
            #expect(buckets.allSatisfy { $0.start >= newest - hour - 300_000 }, "oldest bucket \(buckets.first?.start ?? 0), newest end \(newest)")
            #expect(try store.transitions(topic: "Acme", from: 0, to: .max).allSatisfy { $0.at >= newest - hour - 300_000 })
        } catch {
            Issue.record(error)
        }
        try await server.stop()
    }
}
