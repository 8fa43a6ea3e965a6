// The console's store in one SQLite file (or in memory), through GRDB: opening,
// migrating, and refusing a database written by a newer Vigil. The calls of
// ConsoleStore are in the files beside this one (SQLiteStore+*.swift).
//
// A file is opened as a GRDB DatabasePool: write-ahead logging, so the pages read while
// the background writer writes, and one writer at a time. `:memory:` is a
// DatabaseQueue that lives as long as the store (nothing is kept on disk).
import Foundation
import GRDB

/// The SQLite implementation of ConsoleStore.
public final class SQLiteStore: ConsoleStore {
    /// The file, or `:memory:`.
    public let path: String
    let database: any DatabaseWriter

    /// Opens (creating when missing) and migrates the store at `path`. Throws
    /// StoreOpenError when the file is not a Vigil store, cannot be opened, or was
    /// written by a newer version.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "vigil-store"
        configuration.prepareDatabase { db in
            // WAL with synchronous=NORMAL: a crash loses at most the last transactions,
            // never consistency; a killed process loses nothing committed.
            if db.configuration.readonly == false { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        }
        do {
            if path == ":memory:" {
                database = try DatabaseQueue(configuration: configuration)
            } else {
                database = try DatabasePool(path: path, configuration: configuration)
            }
        } catch {
            throw StoreOpenError("cannot open database \(path): \(Self.message(error))")
        }
        try migrate()
    }

    /// The schema version of the open database.
    public func schemaVersion() throws -> Int {
        try database.read { db in try Self.version(db) }
    }

    private static func version(_ db: Database) throws -> Int {
        guard try db.tableExists("vigil_schema") else { return 0 }
        return try Int.fetchOne(db, sql: "SELECT version FROM vigil_schema") ?? 0
    }

    /// Applies the migrations the database lacks, each in its own transaction.
    private func migrate() throws {
        let path = self.path
        do {
            try database.write { db in
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS vigil_schema (version INTEGER NOT NULL)")
                if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vigil_schema") == 0 {
                    let tables = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name <> 'vigil_schema'") ?? 0
                    guard tables == 0 else { throw StoreOpenError("\(path) is a database but not a Vigil store (it has tables and no vigil_schema version)") }
                    try db.execute(sql: "INSERT INTO vigil_schema (version) VALUES (0)")
                }
            }
            let found = try database.read { db in try Self.version(db) }
            guard found <= StoreSchema.latest else {
                throw StoreOpenError("database \(path) has schema version \(found), newer than this vigil knows (\(StoreSchema.latest)): use the Vigil that wrote it, or another --database")
            }
            for version in (found + 1)..<(StoreSchema.latest + 1) where version >= 1 {
                try database.write { db in
                    for statement in StoreSchema.migrations[version - 1] { try db.execute(sql: statement) }
                    try db.execute(sql: "UPDATE vigil_schema SET version = ?", arguments: [version])
                }
            }
            try database.write { db in
                for statement in StoreSchema.sqliteOnly { try db.execute(sql: statement) }
            }
        } catch let error as StoreOpenError {
            throw error
        } catch {
            throw StoreOpenError("cannot open database \(path): \(Self.message(error))")
        }
    }

    /// A database error in one line (GRDB's description, without the SQL for most).
    static func message(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
