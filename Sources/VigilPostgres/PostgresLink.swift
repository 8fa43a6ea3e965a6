// Synchronous calls to PostgreSQL over postgres-nio, for the store's protocols (which
// are synchronous, like GRDB's). A small pool of connections on an event loop of its
// own: callers block on a future's result, which is safe from any thread that is not
// this loop (the request handlers run elsewhere). A connection that fails is dropped
// and the next call opens a new one, so work resumes by itself when the server is back.
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// A value bound to a `$n` placeholder.
enum SQLValue {
    case text(String?)
    case int(Int64?)
    case double(Double?)
    case bytes([UInt8]?)
    case bool(Bool)
}

/// The server could not be reached, or the connection broke: nothing of the call was
/// committed (a transaction either commits or leaves no trace).
public struct PostgresUnavailable: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// A pool of connections to one server.
final class PostgresLink: @unchecked Sendable {
    // Safety: `idle`, `open` and `nextID` are used only while holding `condition`.
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var nextID = 0
    let url: PostgresURL
    private let configuration: PostgresConnection.Configuration
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let logger = Logger(label: "vigil-postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    let maxConnections: Int

    init(url: PostgresURL, maxConnections: Int = 4) {
        self.url = url
        self.maxConnections = max(1, maxConnections)
        var configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                             password: url.password, database: url.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(3)
        self.configuration = configuration
    }

    /// Runs `body` on a connection of the pool.
    @discardableResult
    func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let connection = try checkout()
        do {
            let result = try body(PostgresSession(connection: connection, logger: logger))
            checkin(connection)
            return result
        } catch {
            checkin(connection)
            throw Self.classify(error, connection)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    @discardableResult
    func transaction<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try withSession { session in
            try session.execute("BEGIN")
            do {
                let result = try body(session)
                try session.execute("COMMIT")
                return result
            } catch {
                _ = try? session.execute("ROLLBACK")
                throw error
            }
        }
    }

    private func checkout() throws -> PostgresConnection {
        condition.lock()
        while idle.isEmpty && open >= maxConnections { condition.wait() }
        if let connection = idle.popLast() {
            condition.unlock()
            if !connection.isClosed { return connection }
            condition.withLock { open -= 1 }
            return try checkout()
        }
        open += 1
        nextID += 1
        let id = nextID
        condition.unlock()
        do {
            return try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger).wait()
        } catch {
            condition.withLock { open -= 1; condition.signal() }
            throw PostgresUnavailable(description: "cannot reach PostgreSQL at \(url.redacted): \(Self.message(error))")
        }
    }

    private func checkin(_ connection: PostgresConnection) {
        condition.withLock {
            if connection.isClosed { open -= 1 } else { idle.append(connection) }
            condition.signal()
        }
    }

    /// A broken connection reads as PostgresUnavailable; a server error keeps its message.
    private static func classify(_ error: any Error, _ connection: PostgresConnection) -> any Error {
        if error is PostgresUnavailable { return error }
        if connection.isClosed { return PostgresUnavailable(description: "lost the connection to PostgreSQL: \(message(error))") }
        return PostgresStoreError(description: message(error))
    }

    /// A postgres-nio error in one line: the server's message when there is one.
    static func message(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let text = error.serverInfo?[.message] { return text }
            return "\(error.code)"
        }
        return "\(error)"
    }

    func shutdown() {
        let connections = condition.withLock { () -> [PostgresConnection] in
            defer { idle.removeAll() }
            return idle
        }
        for connection in connections { _ = try? connection.close().wait() }
        try? group.syncShutdownGracefully()
    }
}

/// A query error reported by the server (a bug or a constraint), not an outage.
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// One connection, for the length of a call.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    /// How long a statement may take before the connection is given up (a connection
    /// can go silent when the server restarts under it).
    static let timeout = TimeAmount.seconds(15)

    /// The rows of a query with `$1…$n` placeholders.
    func rows(_ sql: String, _ values: [SQLValue] = []) throws -> [PostgresRandomAccessRow] {
        try wait(connection.query(Self.query(sql, values), logger: logger)).rows.map { $0.makeRandomAccess() }
    }

    /// Runs a statement; returns the rows it touched.
    @discardableResult
    func execute(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        try wait(connection.query(Self.query(sql, values), logger: logger)).metadata.rows ?? 0
    }

    /// The result of `future`, or PostgresUnavailable (and the connection closed) when
    /// none comes within `timeout`.
    private func wait(_ future: EventLoopFuture<PostgresQueryResult>) throws -> PostgresQueryResult {
        let promise = future.eventLoop.makePromise(of: PostgresQueryResult.self)
        let done = NIOLockedValueBox(false)
        func finish(_ result: Result<PostgresQueryResult, any Error>) {
            guard done.withLockedValue({ value in defer { value = true }; return !value }) else { return }
            promise.completeWith(result)
        }
        future.whenComplete(finish)
        let connection = self.connection
        let timer = future.eventLoop.scheduleTask(in: Self.timeout) {
            finish(.failure(PostgresUnavailable(description: "PostgreSQL did not answer within 15 s")))
            let _: EventLoopFuture<Void> = connection.close()
        }
        defer { timer.cancel() }
        return try promise.futureResult.wait()
    }

    static func query(_ sql: String, _ values: [SQLValue]) -> PostgresQuery {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .text(let v): binds.append(v)
            case .int(let v): binds.append(v)
            case .double(let v): binds.append(v)
            case .bytes(let v): if let v { binds.append(ByteBuffer(bytes: v)) } else { binds.appendNull() }
            case .bool(let v): binds.append(v)
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}

extension PostgresRandomAccessRow {
    func string(_ column: String) throws -> String { try self[column].decode(String.self) }
    func optionalString(_ column: String) throws -> String? { try self[column].decode(String?.self) }
    func int(_ column: String) throws -> Int64 { try self[column].decode(Int64.self) }
    func optionalInt(_ column: String) throws -> Int64? { try self[column].decode(Int64?.self) }
    func double(_ column: String) throws -> Double { try self[column].decode(Double.self) }
    func optionalDouble(_ column: String) throws -> Double? { try self[column].decode(Double?.self) }
}
