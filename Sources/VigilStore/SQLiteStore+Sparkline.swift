// SQLiteStore: the overview's sparklines, kept ready. Summing a day of every topic's
// buckets (100 topics × 288 buckets × each series) took most of the overview's time, so
// each write also refreshes the 15-minute slots its buckets fall in, in the
// `sparkline` table (one row per topic and slot, summed over the plotted signals), and
// the overview reads 96 rows a topic. A slot is recomputed from the bucket table rather
// than added to, so a bucket stored twice (a restart after an older saved state) is
// still counted once.
import GRDB

extension SQLiteStore {
    /// Refreshes the sparkline slots of the buckets just written.
    static func refreshSparklines(_ points: [BucketPoint], _ db: Database) throws {
        guard !points.isEmpty else { return }
        var slots = Set<SlotKey>()
        for point in points where !SparklineSlots.unplotted.contains(point.signal) {
            slots.insert(SlotKey(topic: point.topic, start: SparklineSlots.slotStart(point.start)))
        }
        guard !slots.isEmpty else { return }
        let refresh = try db.cachedStatement(sql: """
            INSERT INTO sparkline (topic, slot_start, count, baseline)
            SELECT topic, ?, SUM(count), SUM(baseline) FROM bucket
            WHERE topic = ? AND start_at >= ? AND start_at < ? AND signal NOT IN (\(SparklineSlots.unplottedSQL))
            GROUP BY topic
            ON CONFLICT (topic, slot_start) DO UPDATE SET count = excluded.count, baseline = excluded.baseline
            """)
        for slot in slots {
            try refresh.execute(arguments: [slot.start, slot.topic, slot.start, slot.start + SparklineSlots.slot])
        }
    }

    struct SlotKey: Hashable {
        var topic: String
        var start: Int64
    }

    /// The kept slots in [from, to), numbered from `from`; nil when `slot` and
    /// `excluding` are not the kept ones (the caller then sums the buckets).
    static func keptSparklines(from: Int64, to: Int64, slot: Int64, excluding: [String], _ db: Database) throws
        -> [String: [(slot: Int, count: Int, baseline: Double)]]? {
        guard slot == SparklineSlots.slot, Set(excluding) == SparklineSlots.unplotted else { return nil }
        var out: [String: [(slot: Int, count: Int, baseline: Double)]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT topic, (slot_start - ?) / ? AS slot, count, baseline FROM sparkline
            WHERE slot_start >= ? AND slot_start < ?
            """, arguments: [from, slot, from, to])
        while let row = try rows.next() {
            out[row[0], default: []].append((row[1], row[2], row[3]))
        }
        return out
    }
}
