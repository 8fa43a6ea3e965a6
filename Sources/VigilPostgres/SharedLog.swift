// The database side of shared escalation: several `vigil serve` instances on one
// PostgreSQL store compute escalation once per topic. Every instance appends the
// escalation-relevant part of each record it accepts to `shared_record` (numbered per
// instance, so a repeated write is a no-op) together with its watermark, in the
// transaction that makes the record durable. One instance at a time owns each topic
// partition through a lease that it renews; the owner applies the log in event-time
// order up to the minimum watermark of the live instances and stores the transitions,
// buckets, machine snapshot and how far it got in one transaction that holds only while
// it still owns the lease. A dead owner's lease expires and another instance resumes
// from the stored snapshot and position.
import Foundation
import PostgresNIO
import VigilStore

/// One entry of the record log.
public struct SharedRecord: Sendable, Equatable {
    public var instance: String
    public var seq: Int64
    public var partition: Int
    /// Event time (ms).
    public var at: Int64
    /// The observation or command (SharedRecordBody); nil when read for its time only.
    public var body: String?
    /// The record's identity (topic, time, and its id or a digest of its author and
    /// text): the same record sent to two instances is stored once. Nil for records
    /// without one (no `ts`).
    public var key: String?
    /// An operator command without `ts`: applied by the owner at its machines' current
    /// time when it sees it, outside the event-time order; `at` is its arrival, which
    /// does not move the watermark.
    public var floating: Bool

    public init(instance: String, seq: Int64, partition: Int, at: Int64, body: String?, key: String? = nil, floating: Bool = false) {
        self.instance = instance
        self.seq = seq
        self.partition = partition
        self.at = at
        self.body = body
        self.key = key
        self.floating = floating
    }
}

/// What applying an operator command of the log did: why it was rejected (nil when
/// applied) and the transition records it caused, one JSON line each.
public struct SharedOutcome: Sendable, Equatable {
    public var instance: String
    public var seq: Int64
    public var rejected: String?
    public var transitions: [String]

    public init(instance: String, seq: Int64, rejected: String?, transitions: [String]) {
        self.instance = instance
        self.seq = seq
        self.rejected = rejected
        self.transitions = transitions
    }
}

/// A position in the log, in the order it is applied: (event time, instance, seq).
public struct SharedCursor: Sendable, Equatable, Comparable {
    public var at: Int64
    public var instance: String
    public var seq: Int64

    public init(at: Int64, instance: String, seq: Int64) {
        self.at = at
        self.instance = instance
        self.seq = seq
    }

    public static let start = SharedCursor(at: Int64.min, instance: "", seq: 0)

    public static func < (a: Self, b: Self) -> Bool {
        (a.at, a.instance, a.seq) < (b.at, b.instance, b.seq)
    }
}

/// A partition as its owner found it when it took the lease.
public struct SharedPartitionState: Sendable {
    public var partition: Int
    public var snapshot: [UInt8]?
    public var cursor: SharedCursor
}

/// The shared tables of one PostgreSQL store.
public final class SharedLog: Sendable {
    let store: PostgresStore
    public let instance: String
    public let partitions: Int

    public init(store: PostgresStore, instance: String, partitions: Int) {
        self.store = store
        self.instance = instance
        self.partitions = max(1, partitions)
    }

    /// Registers the instance and makes sure every partition has its row. Returns the next
    /// sequence number for this instance. The instance starts at the lowest watermark of
    /// the instances alive now (or its own from a last run, if later): nothing has been
    /// sent to it yet, so whatever it receives comes after the records that made that
    /// watermark, and it does not hold the others back. In a group where no instance has
    /// stored a record yet it starts without a watermark, and holds the bound back until
    /// it stores its first record (`liveWatermark`).
    public func register(now: Int64, lease: Int64) throws -> Int64 {
        try store.link.transaction { s in
            let live = try s.rows("""
                SELECT MIN(watermark) AS w FROM shared_instance WHERE heartbeat_at > $1 AND name <> $2
                HAVING bool_and(watermark > $3)
                """, [.int(now - lease), .text(instance), .int(Int64.min)]).first?.optionalInt("w") ?? Int64.min
            try s.execute("""
                INSERT INTO shared_instance (name, watermark, heartbeat_at, started_at) VALUES ($1, $2, $3, $3)
                ON CONFLICT (name) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, started_at = excluded.started_at,
                watermark = GREATEST(shared_instance.watermark, excluded.watermark)
                """, [.text(instance), .int(live), .int(now)])
            for p in 0..<partitions {
                try s.execute("""
                    INSERT INTO shared_partition (partition_no, owner, lease_until, applied_at, applied_instance, applied_seq)
                    VALUES ($1, NULL, 0, $2, '', 0) ON CONFLICT (partition_no) DO NOTHING
                    """, [.int(Int64(p)), .int(Int64.min)])
            }
            return (try s.rows("SELECT MAX(seq) AS seq FROM shared_record WHERE instance = $1", [.text(instance)]).first?.optionalInt("seq") ?? 0) + 1
        }
    }

    /// Stores records and the batch that goes with them (review items, posts, audit) in
    /// one transaction, and moves the instance's watermark to `watermark` (never back).
    /// Records already stored (same instance and seq) are left as they are.
    public func commit(_ records: [SharedRecord], batch: StoreBatch, watermark: Int64?, now: Int64) throws {
        try store.link.transaction { s in
            // Many rows per statement: one round trip per 500 records, not one per record.
            var start = 0
            while start < records.count {
                let page = records[start..<min(records.count, start + 500)]
                var values: [SQLValue] = []
                var rows: [String] = []
                for r in page {
                    let n = values.count
                    rows.append("($\(n + 1), $\(n + 2), $\(n + 3), $\(n + 4), $\(n + 5), $\(n + 6), $\(n + 7))")
                    values += [.text(r.instance), .int(r.seq), .int(Int64(r.partition)), .int(r.at), .text(r.body ?? ""), .text(r.key),
                               .bool(r.floating)]
                }
                try s.execute("""
                    INSERT INTO shared_record (instance, seq, partition_no, at, body, record_key, floating) VALUES \(rows.joined(separator: ", "))
                    ON CONFLICT DO NOTHING
                    """, values)
                start += page.count
            }
            try PostgresStore.write(batch, s)
            try s.execute("UPDATE shared_instance SET watermark = GREATEST(watermark, $2), heartbeat_at = $3 WHERE name = $1",
                          [.text(instance), .int(watermark ?? Int64.min), .int(now)])
        }
    }

    /// Marks the instance alive (never moving its heartbeat back).
    public func heartbeat(now: Int64) throws {
        try store.link.withSession { s in
            try s.execute("UPDATE shared_instance SET heartbeat_at = GREATEST(heartbeat_at, $2) WHERE name = $1", [.text(instance), .int(now)])
        }
    }

    /// Extends to `now + lease` the leases of `partitions` that this instance still holds
    /// (none that expired: another instance may have taken those). Returns how many.
    @discardableResult
    public func renewLeases(_ partitions: [Int], now: Int64, lease: Int64) throws -> Int {
        if partitions.isEmpty { return 0 }
        let list = partitions.map(String.init).joined(separator: ",")
        return try store.link.withSession { s in
            try s.execute("UPDATE shared_partition SET lease_until = $2 WHERE owner = $1 AND lease_until >= $3 AND partition_no IN (\(list))",
                          [.text(instance), .int(now + lease), .int(now)])
        }
    }

    /// The lowest watermark of the instances alive (a heartbeat within `lease`); nil while
    /// none has one, or while one of them has stored no record yet: such an instance may
    /// still store records of any time, and a bound that passed them would lose them.
    public func liveWatermark(now: Int64, lease: Int64) throws -> Int64? {
        try store.link.withSession { s in
            try s.rows("""
                SELECT MIN(watermark) AS w FROM shared_instance WHERE heartbeat_at > $1 HAVING bool_and(watermark > $2)
                """, [.int(now - lease), .int(Int64.min)]).first?.optionalInt("w")
        }
    }

    /// Instances alive now (a heartbeat within `lease`).
    public func liveInstances(now: Int64, lease: Int64) throws -> Int {
        try store.link.withSession { s in
            Int(try s.rows("SELECT COUNT(*) AS n FROM shared_instance WHERE heartbeat_at > $1", [.int(now - lease)]).first?.int("n") ?? 1)
        }
    }

    /// Whether `partition` is free now (never owned, or its lease expired).
    public func isFree(_ partition: Int, now: Int64) throws -> Bool {
        try store.link.withSession { s in
            try !s.rows("SELECT 1 AS one FROM shared_partition WHERE partition_no = $1 AND (owner IS NULL OR lease_until < $2)",
                        [.int(Int64(partition)), .int(now)]).isEmpty
        }
    }

    /// Gives up one partition's lease so that another instance takes it.
    public func release(_ partition: Int) throws {
        try store.link.withSession { s in
            try s.execute("UPDATE shared_partition SET lease_until = 0 WHERE partition_no = $1 AND owner = $2",
                          [.int(Int64(partition)), .text(instance)])
        }
    }

    /// Takes or renews the lease of `partition` for `lease` ms (never shortening a lease
    /// this instance holds, which its heartbeat may have extended further). Returns the stored state
    /// when this instance owns it now, nil when another live instance does.
    public func acquire(_ partition: Int, now: Int64, lease: Int64) throws -> SharedPartitionState? {
        try store.link.withSession { s in
            try s.rows("""
                UPDATE shared_partition SET owner = $2, lease_until = CASE WHEN owner = $2 THEN GREATEST(lease_until, $3) ELSE $3 END
                WHERE partition_no = $1 AND (owner = $2 OR owner IS NULL OR lease_until < $4)
                RETURNING snapshot, applied_at, applied_instance, applied_seq
                """, [.int(Int64(partition)), .text(instance), .int(now + lease), .int(now)]).first.map { row in
                SharedPartitionState(partition: partition, snapshot: try row["snapshot"].decode(Data?.self).map { [UInt8]($0) },
                                     cursor: SharedCursor(at: try row.int("applied_at"), instance: try row.string("applied_instance"),
                                                          seq: try row.int("applied_seq")))
            }
        }
    }

    /// Records after `cursor` with event time below `bound`, in applying order, at most
    /// `limit`; bodies only for `partitions` (the rest give their time only).
    public func records(after cursor: SharedCursor, below bound: Int64, partitions owned: [Int], limit: Int) throws -> [SharedRecord] {
        let list = owned.map(String.init).joined(separator: ",")
        return try store.link.withSession { s in
            try s.rows("""
                SELECT instance, seq, partition_no, at, CASE WHEN partition_no IN (\(list.isEmpty ? "-1" : list)) THEN body END AS body
                FROM shared_record WHERE (at, instance, seq) > ($1, $2, $3) AND at < $4 AND NOT floating ORDER BY at, instance, seq LIMIT $5
                """, [.int(cursor.at), .text(cursor.instance), .int(cursor.seq), .int(bound), .int(Int64(limit))]).map { row in
                SharedRecord(instance: try row.string("instance"), seq: try row.int("seq"), partition: Int(try row.int("partition_no")),
                             at: try row.int("at"), body: try row.optionalString("body"))
            }
        }
    }

    /// Stores what applying the log produced for `partition` — its transitions, buckets
    /// and topics, the outcomes of its commands, the machines' snapshot and the new
    /// position — if this instance still holds the lease; false (and nothing written)
    /// when it lost it.
    public func apply(_ partition: Int, batch: StoreBatch, outcomes: [SharedOutcome] = [], snapshot: [UInt8], cursor: SharedCursor,
                      now: Int64) throws -> Bool {
        try store.link.transaction { s in
            let owned = try s.execute("""
                UPDATE shared_partition SET snapshot = $3, applied_at = $4, applied_instance = $5, applied_seq = $6
                WHERE partition_no = $1 AND owner = $2 AND lease_until >= $7
                """, [.int(Int64(partition)), .text(instance), .bytes(snapshot), .int(cursor.at), .text(cursor.instance),
                      .int(cursor.seq), .int(now)])
            guard owned == 1 else { return false }
            try PostgresStore.write(batch, s)
            for o in outcomes {
                try s.execute("""
                    INSERT INTO shared_outcome (instance, seq, rejected, transitions, applied_at) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT DO NOTHING
                    """, [.text(o.instance), .int(o.seq), .text(o.rejected), .text(o.transitions.joined(separator: "\n")), .int(now)])
            }
            return true
        }
    }

    /// The floating commands of `partition` that no owner has applied yet, oldest first.
    public func floatingCommands(partition: Int, limit: Int) throws -> [SharedRecord] {
        try store.link.withSession { s in
            try s.rows("""
                SELECT instance, seq, at, body FROM shared_record r WHERE floating AND partition_no = $1
                AND NOT EXISTS (SELECT 1 FROM shared_outcome o WHERE o.instance = r.instance AND o.seq = r.seq)
                ORDER BY at, instance, seq LIMIT $2
                """, [.int(Int64(partition)), .int(Int64(limit))]).map { row in
                SharedRecord(instance: try row.string("instance"), seq: try row.int("seq"), partition: partition, at: try row.int("at"),
                             body: try row.optionalString("body"), floating: true)
            }
        }
    }

    /// The outcome of this instance's command number `seq`, once its owner applied it.
    public func outcome(seq: Int64) throws -> SharedOutcome? {
        try store.link.withSession { s in
            try s.rows("SELECT rejected, transitions FROM shared_outcome WHERE instance = $1 AND seq = $2",
                       [.text(instance), .int(seq)]).first.map { row in
                let lines = try row.string("transitions")
                return SharedOutcome(instance: instance, seq: seq, rejected: try row.optionalString("rejected"),
                                     transitions: lines.isEmpty ? [] : lines.split(separator: "\n").map(String.init))
            }
        }
    }

    /// Deletes the log rows every partition has applied (no owner reads them again), and
    /// command outcomes stored more than an hour before `now` (their answers are long sent).
    @discardableResult
    public func prune(now: Int64) throws -> Int {
        try store.link.withSession { s in
            try s.execute("DELETE FROM shared_record WHERE NOT floating AND at < (SELECT MIN(applied_at) FROM shared_partition)")
                + s.execute("""
                    DELETE FROM shared_record r WHERE floating
                    AND EXISTS (SELECT 1 FROM shared_outcome o WHERE o.instance = r.instance AND o.seq = r.seq)
                    """)
                + s.execute("DELETE FROM shared_outcome WHERE applied_at < $1", [.int(now - 3_600_000)])
        }
    }

    /// Gives up the leases this instance holds (a clean shutdown), so another takes them at once.
    public func release() throws {
        try store.link.withSession { s in
            try s.execute("UPDATE shared_partition SET lease_until = 0 WHERE owner = $1", [.text(instance)])
            try s.execute("UPDATE shared_instance SET heartbeat_at = 0 WHERE name = $1", [.text(instance)])
        }
    }
}
