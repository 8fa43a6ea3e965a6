// SQLiteStore: what the console needs beyond ConsoleStore — the end of the newest
// closed bucket, the console's "now" (a batch run examined later shows its own last
// day). One indexed lookup (bucket_start).
import GRDB

extension SQLiteStore {
    /// End (ms) of the bucket with the latest start; nil when no bucket is stored.
    public func latestBucketEnd() throws -> Int64? {
        try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT end_at FROM bucket ORDER BY start_at DESC LIMIT 1")
        }
    }
}
