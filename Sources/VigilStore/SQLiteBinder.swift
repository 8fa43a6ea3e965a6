// Runs one of the store's INSERT statements row after row, with the values bound
// through SQLite's C calls. The bulk inserts of a screening batch (review items, evidence
// posts, buckets) go this way: GRDB's StatementArguments box every value in an array of
// existentials and retain each string once more, and perf showed that taking more of
// the store writer's CPU than SQLite's own work (docs/store.md, Performance).
//
// A row's texts are gathered into one scratch buffer, reused from row to row, and bound
// with SQLITE_STATIC for the one step that reads them: letting SQLite copy each string
// (SQLITE_TRANSIENT) cost a malloc, a copy and a free per value, about a quarter of the
// writer's instructions. The bindings are cleared before the buffer changes again, so
// the statement never holds a pointer into memory that moved.
import GRDB
import GRDBSQLite

struct SQLiteBinder {
    private let handle: SQLiteStatement
    private var index: Int32 = 0
    /// The texts of the row being bound, back to back.
    private var scratch: [UInt8] = []
    /// Where each text parameter's bytes are in `scratch`.
    private var texts: [(parameter: Int32, start: Int, count: Int)] = []
    /// For the empty text, which has no bytes to point at.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// One binder per batch and statement: `run` ends each row.
    init(_ statement: Statement) {
        handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        scratch.reserveCapacity(4096)
        texts.reserveCapacity(16)
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
        let start = scratch.count
        text.withUTF8 { scratch.append(contentsOf: $0) }
        texts.append((index, start, scratch.count - start))
    }

    /// Binds the gathered texts, steps the statement to its end and makes ready for the
    /// next row; throws SQLite's error.
    mutating func run(_ db: Database) throws {
        let code = scratch.withUnsafeBufferPointer { bytes -> Int32 in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                for text in texts {
                    if text.count == 0 {
                        sqlite3_bind_text(handle, text.parameter, "", 0, Self.transient)
                    } else {
                        sqlite3_bind_text(handle, text.parameter, chars.baseAddress! + text.start, Int32(text.count), nil)   // nil: SQLITE_STATIC
                    }
                }
                let code = sqlite3_step(handle)
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
                return code
            }
        }
        index = 0
        scratch.removeAll(keepingCapacity: true)
        texts.removeAll(keepingCapacity: true)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
        }
    }
}
