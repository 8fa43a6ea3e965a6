// The bound up to which partition owners apply the shared record log (the lowest
// watermark of the live instances) never passes a record that a live instance can still
// store: an instance that has stored nothing yet holds it back, one that joins a running
// group starts at the group's watermark, and the heartbeat extends only the leases the
// instance still holds, of the partitions it names. Times are passed in, so nothing here waits for a clock.
import Foundation
import PostgresTestSupport
import VigilPostgres
import VigilStore
import XCTest

final class SharedBoundTests: XCTestCase {
    nonisolated(unsafe) static var cluster: PostgresTestCluster?
    nonisolated(unsafe) static var failure: String?

    override class func setUp() { (cluster, failure) = PostgresTestCluster.start() }
    override class func tearDown() { cluster?.stop() }

    static let now: Int64 = 1_000_000, lease: Int64 = 10_000, t0: Int64 = 1_717_200_000_000, minute: Int64 = 60_000

    func logs(_ database: String, _ names: [String], partitions: Int = 1) throws -> [SharedLog] {
        let cluster = try PostgresTestCluster.require(Self.cluster, Self.failure)
        let store = try PostgresStore(url: PostgresURL(cluster.database(database)))
        return names.map { SharedLog(store: store, instance: $0, partitions: partitions) }
    }

    func store(_ log: SharedLog, _ seq: Int64, at: Int64) throws {
        try log.commit([SharedRecord(instance: log.instance, seq: seq, partition: 0, at: at, body: "x")], batch: StoreBatch(),
                       watermark: at, now: Self.now)
    }

    /// Two instances start together and get lines of one stream: `a` stores its lines
    /// (up to ten minutes in) before `b` stores its first, which is earlier than all of
    /// them. A bound taken from `a` alone would let the owner apply past `b`'s record,
    /// which it would then never count.
    func testAnInstanceThatStoredNothingYetHoldsTheBoundBack() throws {
        let logs = try logs("bound_start", ["a", "b"])
        let (a, b) = (logs[0], logs[1])
        for log in logs { _ = try log.register(now: Self.now, lease: Self.lease) }
        try store(a, 1, at: Self.t0 + Self.minute)
        try store(a, 2, at: Self.t0 + 10 * Self.minute)
        XCTAssertNil(try a.liveWatermark(now: Self.now, lease: Self.lease), "b may still store a record of any time")
        try store(b, 1, at: Self.t0 + Self.minute / 2)
        XCTAssertEqual(try a.liveWatermark(now: Self.now, lease: Self.lease), Self.t0 + Self.minute / 2)
        // Once b's heartbeat is older than the lease it no longer counts.
        try a.heartbeat(now: Self.now + Self.lease)
        XCTAssertEqual(try a.liveWatermark(now: Self.now + Self.lease + 1, lease: Self.lease), Self.t0 + 10 * Self.minute)
    }

    /// An instance added to a running group starts at the group's watermark: it neither
    /// stops the owners nor moves the bound back.
    func testAnInstanceJoiningARunningGroupStartsAtItsWatermark() throws {
        let logs = try logs("bound_join", ["a", "b", "c"])
        for log in logs.prefix(2) { _ = try log.register(now: Self.now, lease: Self.lease) }
        try store(logs[0], 1, at: Self.t0 + 5 * Self.minute)
        try store(logs[1], 1, at: Self.t0 + 7 * Self.minute)
        XCTAssertEqual(try logs[2].register(now: Self.now, lease: Self.lease), 1)
        XCTAssertEqual(try logs[0].liveWatermark(now: Self.now, lease: Self.lease), Self.t0 + 5 * Self.minute)
        try store(logs[2], 1, at: Self.t0 + 6 * Self.minute)
        XCTAssertEqual(try logs[0].liveWatermark(now: Self.now, lease: Self.lease), Self.t0 + 5 * Self.minute)
    }

    /// The heartbeat extends a lease still held of a partition it names (those whose
    /// machines the owner holds); one that expired (another instance may have taken it)
    /// stays expired.
    func testLeasesAreRenewedOnlyWhileHeld() throws {
        let logs = try logs("bound_lease", ["a", "b"], partitions: 2)
        let (a, b) = (logs[0], logs[1])
        for log in logs { _ = try log.register(now: Self.now, lease: Self.lease) }
        XCTAssertNotNil(try a.acquire(0, now: Self.now, lease: Self.lease))
        XCTAssertNotNil(try a.acquire(1, now: Self.now, lease: Self.lease))
        XCTAssertEqual(try a.renewLeases([1], now: Self.now + Self.lease - 1, lease: Self.lease), 1)
        XCTAssertNotNil(try b.acquire(0, now: Self.now + Self.lease + 1, lease: Self.lease), "not named: expired, b takes it")
        XCTAssertNil(try b.acquire(1, now: Self.now + Self.lease + 1, lease: Self.lease), "renewed: still a's")
        XCTAssertEqual(try a.renewLeases([0, 1], now: Self.now + 3 * Self.lease, lease: Self.lease), 0, "expired or b's: not renewed")
        XCTAssertNotNil(try b.acquire(1, now: Self.now + 3 * Self.lease, lease: Self.lease))
    }
}
