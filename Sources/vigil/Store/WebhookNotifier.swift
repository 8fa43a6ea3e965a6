// `--notify URL`: delivers the outbox (queued in the store, one row per transition and
// URL, in the same transaction as the transition) on a thread of its own, so a slow or
// failing webhook never holds up screening. Each delivery is retried with exponential
// backoff (1 s, 2 s, 4 s, … up to 5 min) until the receiver answers 2xx, and carries the
// same `Idempotency-Key` on every attempt: delivery is at least once, and survives a
// restart because the outbox is in the database.
import Foundation
import Synchronization
import VigilStore

final class WebhookNotifier: Sendable {
    private let store: any ConsoleStore
    private let wakeUp = DispatchSemaphore(value: 0)
    private let state = Mutex<(stopped: Bool, delivered: Int, failed: Int)>((false, 0, 0))
    private let done = DispatchSemaphore(value: 0)
    /// First retry delay in ms; doubled per failed attempt.
    let baseDelay: Int64
    let maximumDelay: Int64 = 300_000
    /// How often the outbox is looked at when nothing wakes the thread (ms).
    let pollInterval: Double

    init(store: any ConsoleStore, baseDelay: Int64 = 1_000, pollInterval: Double = 0.5) {
        self.store = store
        self.baseDelay = baseDelay
        self.pollInterval = pollInterval
        Thread { [self] in run() }.start()
    }

    var counts: (delivered: Int, failed: Int) { state.withLock { ($0.delivered, $0.failed) } }

    /// New deliveries were queued: look now rather than at the next poll.
    func wake() { wakeUp.signal() }

    func stop() {
        let already = state.withLock { state in defer { state.stopped = true }; return state.stopped }
        guard !already else { return }
        wakeUp.signal()
        done.wait()
    }

    private func run() {
        while !state.withLock({ $0.stopped }) {
            deliverDue()
            _ = wakeUp.wait(timeout: .now() + pollInterval)
        }
        done.signal()
    }

    /// One pass over the deliveries due now.
    func deliverDue() {
        guard let due = try? store.dueDeliveries(now: wallClockMilliseconds(), limit: 100) else { return }
        for delivery in due {
            if state.withLock({ $0.stopped }) { return }
            let failure = HTTPPost.send(delivery.payload, to: delivery.url, headers: [("Idempotency-Key", delivery.key)])
            let now = wallClockMilliseconds()
            let delay = min(maximumDelay, baseDelay << Int64(min(delivery.attempts, 20)))
            try? store.finishAttempt(delivery: delivery.id, deliveredAt: failure == nil ? now : nil, error: failure, retryAt: now + delay)
            state.withLock { if failure == nil { $0.delivered += 1 } else { $0.failed += 1 } }
            if let failure { printError("vigil: webhook \(delivery.url): \(failure); retrying in \(delay / 1000) s") }
        }
    }
}

/// A minimal HTTP/1.1 POST over a plain TCP socket (http:// only), enough for a webhook:
/// one request per connection, a 5-second timeout, success on a 2xx status line.
enum HTTPPost {
    /// nil on success, else why it failed.
    static func send(_ body: String, to url: String, headers: [(String, String)]) -> String? {
        guard let target = Target(url) else { return "not an http:// URL" }
        let fd = connect(target)
        guard fd >= 0 else { return "cannot connect to \(target.host):\(target.port)" }
        defer { close(fd) }
        var request = "POST \(target.path) HTTP/1.1\r\nHost: \(target.host):\(target.port)\r\nContent-Type: application/json\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return "connection closed while sending" }
            sent += n
        }
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 12 else { return "no answer" }
        let status = String(decoding: buffer[9..<12], as: UTF8.self)
        return status.hasPrefix("2") ? nil : "answered \(status)"
    }

    struct Target {
        var host: String
        var port: UInt16
        var path: String
        init?(_ url: String) {
            guard url.hasPrefix("http://") else { return nil }
            let rest = url.dropFirst(7)
            let authority = rest.prefix { $0 != "/" }
            path = rest.count > authority.count ? String(rest.dropFirst(authority.count)) : "/"
            let parts = authority.split(separator: ":", maxSplits: 1)
            guard let first = parts.first else { return nil }
            host = String(first)
            port = parts.count > 1 ? UInt16(parts[1]) ?? 0 : 80
            if port == 0 { return nil }
        }
    }

    /// A connected socket with send and receive timeouts, or -1.
    static func connect(_ target: Target) -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(target.host, String(target.port), &hints, &result) == 0, let first = result else { return -1 }
        defer { freeaddrinfo(result) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { return -1 }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard Glibc.connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else { close(fd); return -1 }
        return fd
    }
}
