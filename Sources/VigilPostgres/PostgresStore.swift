// The console's store on PostgreSQL (`--database postgresql://…`): the same protocols
// as SQLiteStore, so pages, endpoints and screening never know which one they have, and
// several `vigil serve` instances can share one database. Opening migrates the schema
// under an advisory lock (instances starting together migrate once) and refuses a
// database written by a newer Vigil. The calls are in PostgresStore+*.swift.
import Foundation
import VigilStore

/// The PostgreSQL implementation of ConsoleStore.
public final class PostgresStore: ConsoleStore {
    public let url: PostgresURL
    let link: PostgresLink

    /// The advisory lock key that serializes migrations.
    static let migrationLock: Int64 = 0x7669_6769_6c00

    /// Connects and migrates. Throws StoreOpenError when the server cannot be reached at
    /// start, the database is not a Vigil store, or it was written by a newer version.
    public init(url: PostgresURL, connections: Int = 4) throws {
        self.url = url
        link = PostgresLink(url: url, maxConnections: connections)
        do {
            try migrate()
        } catch let error as StoreOpenError {
            link.shutdown()
            throw error
        } catch {
            link.shutdown()
            throw StoreOpenError("cannot open database \(url.redacted): \(error)")
        }
    }

    deinit { link.shutdown() }

    /// The schema version of the database.
    public func schemaVersion() throws -> Int {
        try link.withSession { s in Int(try s.rows("SELECT version FROM vigil_schema").first?.int("version") ?? 0) }
    }

    private func migrate() throws {
        let url = self.url
        try link.transaction { s in
            try s.execute("SELECT pg_advisory_xact_lock($1)", [.int(Self.migrationLock)])
            try s.execute("CREATE TABLE IF NOT EXISTS vigil_schema (version BIGINT NOT NULL)")
            var found = try s.rows("SELECT version FROM vigil_schema").first?.int("version")
            if found == nil {
                let tables = try s.rows("""
                    SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()
                        AND table_name <> 'vigil_schema'
                    """).first?.int("n") ?? 0
                guard tables == 0 else {
                    throw StoreOpenError("\(url.redacted) is a database but not a Vigil store (it has tables and no vigil_schema version)")
                }
                try s.execute("INSERT INTO vigil_schema (version) VALUES (0)")
                found = 0
            }
            let version = Int(found ?? 0)
            guard version <= StoreSchema.latest else {
                throw StoreOpenError("database \(url.redacted) has schema version \(version), newer than this vigil knows (\(StoreSchema.latest)): use the Vigil that wrote it, or another --database")
            }
            for next in (version + 1)..<(StoreSchema.latest + 1) where next >= 1 {
                for statement in PostgresSchema.migration(next) { try s.execute(statement) }
                try s.execute("UPDATE vigil_schema SET version = $1", [.int(Int64(next))])
            }
            for statement in PostgresSchema.postgresOnly { try s.execute(statement) }
        }
    }

    /// Whether the server answers now (for /healthz).
    public func ping() -> Bool {
        (try? link.withSession { s in try s.execute("SELECT 1") }) != nil
    }
}
