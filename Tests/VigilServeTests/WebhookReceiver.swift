// A webhook receiver for the tests of `--notify`: a plain HTTP/1.1 server on a loopback
// port, on a thread of its own, that records every POST (its Idempotency-Key, body and
// arrival time) and answers 500 to the first `failures` requests, 200 afterwards. Every
// socket has a timeout and the accept loop polls, so `stop()` always ends the thread.
import Foundation
import Glibc
import Synchronization

final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var key: String
        var body: String
        var at: ContinuousClock.Instant
        /// The status answered.
        var status: Int
    }

    let port: Int
    private let listener: Int32
    private let failures: Int
    private let state = Mutex<(received: [Received], stopped: Bool)>(([], false))
    private let finished = DispatchSemaphore(value: 0)

    init(failures: Int) throws {
        self.failures = failures
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ReceiverError.socket }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                bind(fd, raw, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { close(fd); throw ReceiverError.socket }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in serve() }.start()
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var received: [Received] { state.withLock { $0.received } }

    /// Ends the accept loop and waits for it (at most the poll interval).
    func stop() {
        let already = state.withLock { state in defer { state.stopped = true }; return state.stopped }
        guard !already else { return }
        finished.wait()
        close(listener)
    }

    private func serve() {
        while !state.withLock({ $0.stopped }) {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            handle(connection)
            close(connection)
        }
        finished.signal()
    }

    private func handle(_ connection: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let (headers, body) = Self.readRequest(connection) else { return }
        let key = headers["idempotency-key"] ?? ""
        let status = state.withLock { state -> Int in
            let status = state.received.count < failures ? 500 : 200
            state.received.append(Received(key: key, body: body, at: .now, status: status))
            return status
        }
        let reply = Array("HTTP/1.1 \(status) \(status == 200 ? "OK" : "Internal Server Error")\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        _ = reply.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// The request's headers (lowercased names) and body; nil when it does not arrive whole.
    static func readRequest(_ connection: Int32) -> ([String: String], String)? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            if let end = headerEnd, bytes.count >= end + contentLength { break }
            let n = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return nil }
            bytes += chunk[0..<n]
            if headerEnd == nil, let range = bytes.firstRange(of: Array("\r\n\r\n".utf8)) {
                headerEnd = range.upperBound
                let head = String(decoding: bytes[0..<range.lowerBound], as: UTF8.self)
                contentLength = Int(Self.headers(head)["content-length"] ?? "0") ?? 0
            }
        }
        let end = headerEnd!
        let head = String(decoding: bytes[0..<(end - 4)], as: UTF8.self)
        return (Self.headers(head), String(decoding: bytes[end..<(end + contentLength)], as: UTF8.self))
    }

    static func headers(_ head: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in head.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    enum ReceiverError: Error { case socket }
}
