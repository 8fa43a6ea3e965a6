// The overview's sparklines kept in the store: the kept 15-minute slots give what
// summing the buckets gives, a bucket written again replaces its share instead of
// adding to it, and pruning drops old slots with their buckets.
import Foundation
import Testing
import VigilStore

struct StoreSparklineTests {
    static let slot = SparklineSlots.slot
    static let t0: Int64 = 1_717_200_000_000   // aligned to 15 minutes

    static func points(_ start: Int64, complaint: Int, baseline: Double) -> [BucketPoint] {
        [BucketPoint(topic: "Acme", signal: "complaint", start: start, end: start + 300_000, count: complaint, baseline: baseline, threshold: 9),
         BucketPoint(topic: "Acme", signal: "pii", start: start, end: start + 300_000, count: 1, baseline: 0.5, threshold: 4),
         BucketPoint(topic: "Acme", signal: "volume", start: start, end: start + 300_000, count: 50, baseline: 0, threshold: 0),
         BucketPoint(topic: "Acme", signal: "authors", start: start, end: start + 300_000, count: 20, baseline: 3, threshold: 0)]
    }

    func write(_ store: SQLiteStore, _ points: [BucketPoint]) throws {
        var batch = StoreBatch()
        batch.buckets = points
        try store.write(batch)
    }

    @Test func keptSlotsMatchTheBucketsAndRewritesReplace() throws {
        let store = try SQLiteStore(path: StoreFixtures.databasePath())
        // Six 5-minute buckets: two slots; the first written in two transactions.
        try write(store, Self.points(Self.t0, complaint: 2, baseline: 1))
        try write(store, (1..<6).flatMap { Self.points(Self.t0 + Int64($0) * 300_000, complaint: $0, baseline: 1.5) })
        let unplotted = Array(SparklineSlots.unplotted)
        let kept = try store.sparklines(from: Self.t0, to: Self.t0 + 2 * Self.slot, slot: Self.slot, excluding: unplotted)
        // Another exclusion list is answered from the buckets: the same sums for these series.
        let summed = try store.sparklines(from: Self.t0, to: Self.t0 + 2 * Self.slot, slot: Self.slot, excluding: unplotted + ["none"])
        let acme = try #require(kept["Acme"]).sorted { $0.slot < $1.slot }
        #expect(acme.map(\.slot) == [0, 1])
        #expect(acme.map(\.count) == [2 + 1 + 2 + 3, 3 + 4 + 5 + 3])   // complaint + one pii a bucket
        #expect(acme.map(\.baseline) == [1 + 1.5 + 1.5 + 1.5, 4.5 + 1.5])
        let fromBuckets = try #require(summed["Acme"]).sorted { $0.slot < $1.slot }
        #expect(fromBuckets.map(\.count) == acme.map(\.count))
        #expect(fromBuckets.map(\.baseline) == acme.map(\.baseline))

        // The first bucket stored again with other figures: replaced, not added.
        try write(store, Self.points(Self.t0, complaint: 10, baseline: 1))
        let again = try #require(try store.sparklines(from: Self.t0, to: Self.t0 + Self.slot, slot: Self.slot, excluding: unplotted)["Acme"])
        #expect(again.map(\.count) == [10 + 1 + 2 + 3])

        // A day later, a day's retention drops the old slots with their buckets.
        try write(store, Self.points(Self.t0 + 86_400_000 + Self.slot, complaint: 1, baseline: 1))
        try store.prune(retention: 86_400_000, now: Self.t0 + 86_400_000)
        let old = try store.sparklines(from: Self.t0, to: Self.t0 + 2 * Self.slot, slot: Self.slot, excluding: unplotted)
        #expect(old["Acme"] == nil)
    }
}
