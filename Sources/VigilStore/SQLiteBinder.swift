// Runs one of the store's cached INSERT statements with its values bound through
// SQLite's C calls. The bulk inserts of a screening batch (review items, evidence posts,
// buckets) go this way: GRDB's StatementArguments box every value in an array of
// existentials and retain each string once more, and perf showed that taking more of
// the store writer's CPU than SQLite's own work (docs/store.md, Performance). Strings
// are copied by SQLite (SQLITE_TRANSIENT), so nothing outlives the call.
import GRDB
import GRDBSQLite

struct SQLiteBinder {
    private let handle: SQLiteStatement
    private var index: Int32 = 0
    /// SQLite copies the bytes before the bind call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ statement: Statement) {
        handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(handle, index, value)
    }

    mutating func bind(_ value: Int) { bind(Int64(value)) }

    mutating func bind(_ value: Double) {
        index += 1
        sqlite3_bind_double(handle, index, value)
    }

    /// nil binds NULL; an empty string binds an empty text, not NULL.
    mutating func bind(_ value: String?) {
        index += 1
        guard var text = value else { sqlite3_bind_null(handle, index); return }
        _ = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress, chars.count > 0 {
                    sqlite3_bind_text(handle, index, base, Int32(chars.count), Self.transient)
                } else {
                    sqlite3_bind_text(handle, index, "", 0, Self.transient)
                }
            }
        }
    }

    /// Steps the statement to its end and resets it; throws SQLite's error.
    func run(_ db: Database) throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
        }
    }
}
