// The `--database` value that names a PostgreSQL server rather than a SQLite file:
// `postgresql://user[:password]@host[:port]/database` (also `postgres://`). Parsed here
// so a typo is a usage error at start, not a connection failure later.
import Foundation

/// A parsed `postgresql://` address.
public struct PostgresURL: Sendable, Equatable {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String

    /// Whether `text` names a PostgreSQL server (and not a SQLite file).
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// Parses the address; throws a message naming what is wrong.
    public init(_ text: String) throws {
        guard Self.isPostgres(text), let parts = URLComponents(string: text), let host = parts.host, !host.isEmpty else {
            throw PostgresURLError("--database \(text): expected postgresql://user[:password]@host[:port]/database")
        }
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        self.user = parts.user?.removingPercentEncoding ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        self.password = parts.password?.removingPercentEncoding ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        self.host = host
        self.port = parts.port ?? 5432
        self.database = path.isEmpty ? self.user : path
    }

    /// The address without the password, for messages.
    public var redacted: String { "postgresql://\(user)@\(host):\(port)/\(database)" }
}

public struct PostgresURLError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
