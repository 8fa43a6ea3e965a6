// Checks a request's Content-Type against what an endpoint accepts (415 otherwise) and
// collects its body up to the size limit (413 beyond it, from Content-Length before
// anything is read, or as soon as a streamed body passes the limit).
import Foundation
import Hummingbird
import NIOCore
import VigilEngine

/// What a body holds, from its Content-Type.
enum BodyType: Sendable {
    case json, jsonLines, text
}

enum RequestBodyReader {
    /// The media type of `request` (lower case, without parameters), nil when absent.
    static func mediaType(_ request: Request) -> String? {
        guard let value = request.headers[.contentType] else { return nil }
        let type = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = type.trimmingCharacters(in: .whitespaces).lowercased()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The body type of a request to an endpoint accepting `accepted` (media type → body
    /// type); a request without Content-Type is taken as `fallback`.
    static func bodyType(_ request: Request, accepted: [String: BodyType], fallback: BodyType) throws(ServeError) -> BodyType {
        guard let type = mediaType(request) else { return fallback }
        if let bodyType = accepted[type] { return bodyType }
        throw ServeError(status: .unsupportedMediaType,
                         message: "unsupported Content-Type \(type); this endpoint accepts \(accepted.keys.sorted().joined(separator: ", "))")
    }

    /// The encoding the `charset` parameter of the Content-Type names (UTF-8 without one);
    /// a charset Vigil cannot decode is a 415.
    static func encoding(_ request: Request) throws(ServeError) -> InputEncoding {
        guard let value = request.headers[.contentType] else { return .utf8 }
        var unknown: String?
        guard let encoding = InputEncoding.of(contentType: value, unknown: &unknown) else {
            throw ServeError(status: .unsupportedMediaType, message: "unsupported charset \(unknown ?? ""); one of \(InputEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return encoding
    }

    /// The body as UTF-8: decoded from `encoding`, and without a leading UTF-8 byte-order mark.
    static func utf8(_ body: ByteBuffer, from encoding: InputEncoding) -> ByteBuffer {
        var body = body
        if encoding != .utf8, let decoded = body.withUnsafeReadableBytes({ Transcoder.decode($0, from: encoding) }) {
            body = ByteBuffer(bytes: decoded)
        }
        if body.readableBytesView.starts(with: [0xEF, 0xBB, 0xBF]) { body.moveReaderIndex(forwardBy: 3) }
        return body
    }

    /// The whole body, at most `limit` bytes.
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw tooLarge(limit)
        }
        var collected: ByteBuffer?
        BodyReadMark.beginReading()
        for try await var part in request.body {
            guard (collected?.readableBytes ?? 0) + part.readableBytes <= limit else { throw tooLarge(limit) }
            if collected == nil { collected = part } else { collected!.writeBuffer(&part) }
        }
        return collected ?? ByteBuffer()
    }

    static func tooLarge(_ limit: Int) -> ServeError {
        ServeError(status: .contentTooLarge, message: "request body is over the limit of \(limit) bytes (--max-body-bytes)",
                   extra: [.connection: "close"])
    }
}
