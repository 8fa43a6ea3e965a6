// A small HTTP/1.1 client on raw POSIX sockets for the serve tests: enough to send any
// request (also malformed ones, chunked bodies sent in parts) and read status, headers
// and body (Content-Length or chunked). Blocking I/O runs on threads of its own, never
// on the concurrency pool the server shares with the tests.
import Foundation
import Glibc

/// A response as read off the socket.
struct HTTPReply: Sendable {
    var status: Int
    /// Header names lower-cased.
    var headers: [String: String]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
    /// The body as one JSON object.
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
    /// The body as JSON lines.
    var records: [[String: Any]] {
        text.split(separator: "\n").map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:] }
    }
}

struct HTTPClientError: Error, CustomStringConvertible {
    var description: String
}

/// One blocking connection to 127.0.0.1.
final class HTTPConnection: @unchecked Sendable {
    // Safety: used by one thread at a time (each test drives its connection sequentially).
    let descriptor: Int32
    private var buffered: [UInt8] = []

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HTTPClientError(description: "socket: \(errno)") }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(descriptor); throw HTTPClientError(description: "connect to port \(port): errno \(errno)") }
    }

    deinit { close(descriptor) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if written < 0 { if errno == EINTR { continue }; throw HTTPClientError(description: "send: errno \(errno)") }
            offset += written
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Sends the head of a request (and `body` when given, with its Content-Length unless
    /// `headers` sets Transfer-Encoding or Content-Length).
    func sendRequest(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil) throws {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let names = Set(headers.map { $0.0.lowercased() })
        if let body, !names.contains("content-length"), !names.contains("transfer-encoding") { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try send(Array(head.utf8) + (body ?? []))
    }

    /// Sends one chunk of a chunked body (an empty one ends the body).
    func sendChunk(_ bytes: [UInt8]) throws {
        try send(Array(String(bytes.count, radix: 16).utf8) + [13, 10] + bytes + [13, 10] + (bytes.isEmpty ? [13, 10] : []))
    }

    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw HTTPClientError(description: "recv: errno \(errno)") }
            if count == 0 { return false }
            buffered += chunk[..<count]
            return true
        }
    }

    private func readLine() throws -> String {
        while true {
            if let index = buffered.firstIndex(of: 10) {
                var line = Array(buffered[..<index])
                buffered.removeFirst(index + 1)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard try fill() else { throw HTTPClientError(description: "connection closed in a header") }
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffered.count < count {
            guard try fill() else { throw HTTPClientError(description: "connection closed in a body") }
        }
        let out = Array(buffered[..<count])
        buffered.removeFirst(count)
        return out
    }

    /// Reads a response head: status and headers.
    func readHead() throws -> (status: Int, headers: [String: String]) {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw HTTPClientError(description: "bad status line \(statusLine)") }
        var headers: [String: String] = [:]
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers)
    }

    /// Reads the next chunk of a chunked body; nil at its end.
    func readChunk() throws -> [UInt8]? {
        let sizeLine = try readLine()
        guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else { throw HTTPClientError(description: "bad chunk size \(sizeLine)") }
        if size == 0 {
            while try !readLine().isEmpty {}
            return nil
        }
        let data = try readExactly(size)
        _ = try readLine()
        return data
    }

    /// Reads one whole response.
    func readResponse() throws -> HTTPReply {
        let (status, headers) = try readHead()
        var body: [UInt8] = []
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            while let chunk = try readChunk() { body += chunk }
        } else if let length = headers["content-length"].flatMap({ Int($0) }) {
            body = try readExactly(length)
        } else {
            while try fill() {}
            body = buffered
            buffered = []
        }
        return HTTPReply(status: status, headers: headers, body: body)
    }
}

/// Runs blocking client work on a thread of its own.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// One request on a fresh connection.
func http(_ port: Int, _ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> HTTPReply {
    try await offPool {
        let connection = try HTTPConnection(port: port)
        try connection.sendRequest(method, path, headers: headers, body: body)
        return try connection.readResponse()
    }
}

/// POST of a JSON body.
func postJSON(_ port: Int, _ path: String, _ json: String) async throws -> HTTPReply {
    try await http(port, "POST", path, headers: [("Content-Type", "application/json")], body: Array(json.utf8))
}
