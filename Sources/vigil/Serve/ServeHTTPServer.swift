// The HTTP server of `vigil serve`: Hummingbird's HTTP/1.1 server (HummingbirdCore)
// driving ServeResponder directly. Hummingbird's Application would wrap every request
// in a request context, a logger with a request id and a task-local binding; the
// service uses none of them, and on a two-core machine they are a measurable share of
// a check (docs/serve.md, Performance).
import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The listening server, as a service of the server's group.
struct ServeHTTPServer: Service {
    let responder: ServeResponder
    let host: String
    let port: Int
    /// Closes a connection that sends nothing for this long (idle, or stalled in a request).
    let idleTimeout: Duration
    let logger: Logger
    let onListening: @Sendable (Int) async -> Void

    func run() async throws {
        let responder = self.responder
        let dates = HTTPDate()
        let idle = idleTimeout.components
        let timeout = TimeAmount.seconds(idle.seconds) + .nanoseconds(idle.attoseconds / 1_000_000_000)
        let server = try HTTPServerBuilder.http1(configuration: .init(idleTimeout: timeout)).buildServer(
            configuration: ServerConfiguration(address: .hostname(host, port: port)),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: logger,
            responder: { (request, responseWriter: consuming ResponseWriter, channel) in
                let bodyRead = BodyReadMark()
                var response = try await BodyReadMark.$current.withValue(bodyRead) { try await responder.respond(to: request) }
                response.headers[.date] = dates.now
                do {
                    try await responseWriter.write(response: response.head, body: response.body)
                } catch is HTTPParserError {
                    // The response has begun: close the connection rather than let the
                    // server write a second (400) response.
                    throw ResponseAbandoned()
                }
                if response.headers[.connection] == "close" {
                    // A request refused before its body was read (413, 401, …): the
                    // answer is sent and the output closed now. Left to the server, the
                    // connection would wait for the rest of the body (a client that sent
                    // `Connection: close` would hang). The unread body is then drained
                    // for a moment before the socket closes: closing a socket with
                    // unread input resets it, and a client still sending (Python's
                    // urllib sends the whole body before reading) would lose the answer.
                    try? await channel.close(mode: .output)
                    if !bodyRead.bodyWasRead { await Self.drain(request.body, for: Self.lingerTime) }
                    try? await channel.close()
                }
            },
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) })
        try await server.run()
    }
}

extension ServeHTTPServer {
    /// How long a refused request's unread body is drained before its socket closes.
    static let lingerTime = Duration.seconds(2)

    /// Reads and discards `body` until it ends or `time` has passed.
    static func drain(_ body: RequestBody, for time: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { do { for try await _ in body {} } catch {} }
            group.addTask { try? await Task.sleep(for: time) }
            await group.next()
            group.cancelAll()
        }
    }
}

/// The request body broke while its response was being written.
struct ResponseAbandoned: Error {}

/// The `Date` header (IMF-fixdate), formatted once a second.
final class HTTPDate: Sendable {
    private let cached = Mutex<(second: Int, text: String)>((-1, ""))
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    var now: String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let second = spec.tv_sec
        return cached.withLock { cached in
            if cached.second != second { cached = (second, Self.format(second)) }
            return cached.text
        }
    }

    static func format(_ second: Int) -> String {
        var time = time_t(second)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
