// The responses `vigil serve` builds: JSON bodies from bytes the JSONWriter wrote, and
// error bodies `{"error":"…","status":N,…}` for every failure (docs/serve.md). No error
// is answered with an empty or HTML body.
import Hummingbird
import VigilEngine

enum ServeResponse {
    static let json = "application/json"
    static let ndjson = "application/x-ndjson"

    /// A complete body of `contentType`.
    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, contentType: String = json, extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: contentType]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static let stateNotSavedMessage = "the escalation state could not be saved; nothing of this request was kept"
    /// 503 when `--state` cannot be written: a record is not answered until its counts
    /// are kept.
    static var stateNotSaved: Response { error(.serviceUnavailable, stateNotSavedMessage) }

    /// `{"error": message, "status": code, …}`; `fields` adds more members (already-written
    /// JSON values by key).
    static func error(_ status: HTTPResponse.Status, _ message: String, fields: [(String, (inout JSONWriter) -> Void)] = [],
                      extra: HTTPFields = [:]) -> Response {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.key("error"); writer.string(message)
        writer.key("status"); writer.int(status.code)
        for (key, write) in fields { writer.key(key); write(&writer) }
        writer.endObject()
        writer.bytes.append(0x0A)
        return bytes(writer.bytes, status: status, extra: extra)
    }
}

/// A request that cannot be served, answered with `ServeResponse.error`.
struct ServeError: Error {
    var status: HTTPResponse.Status
    var message: String
    var extra: HTTPFields = [:]

    var response: Response { ServeResponse.error(status, message, extra: extra) }
}
