// The JSON behind the console's pages: GET /v1/review (the review queue, filtered),
// POST /v1/review/{id} (approve or remove: 200, 404 unknown, 409 already decided) and
// GET /v1/audit?after=N (the audit log from entry N on). 503 when the server runs
// without a database.
import Foundation
import Hummingbird
import VigilEngine
import VigilStore

extension ServeEndpoint {
    /// The endpoint of a path with a parameter (`/v1/review/17`), nil for any other.
    init?(pattern path: String) {
        guard path.hasPrefix("/v1/review/"), path.count > "/v1/review/".count else { return nil }
        self = .reviewDecision
    }
}

extension ServeResponder {
    func console(_ endpoint: ServeEndpoint, _ request: Request) async throws -> Response {
        guard let console = state.console else {
            throw ServeError(status: .serviceUnavailable, message: "the console store is off (start vigil serve with --database)")
        }
        do {
            switch endpoint {
            case .review: return try reviewList(request, console.store)
            case .audit: return try auditList(request, console.store)
            default: return try await reviewDecision(request, console)
            }
        } catch let error as ServeError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ServeError(status: .serviceUnavailable, message: "the console store failed: \(error)")
        }
    }

    func reviewList(_ request: Request, _ store: any ConsoleStore) throws -> Response {
        let query = request.uri.queryParameters
        let status = query["status"].map(String.init) ?? "open"
        guard ["open", "done", "all"].contains(status) else {
            throw ServeError(status: .badRequest, message: "status is open, done or all, not \"\(status)\"")
        }
        var filter = ReviewFilter(status: status == "all" ? nil : status, category: query["category"].map(String.init),
                                  topic: query["topic"].map(String.init), limit: 100)
        if let limit = query["limit"] {
            guard let value = Int(String(limit)), (1...1000).contains(value) else {
                throw ServeError(status: .badRequest, message: "limit must be 1…1000")
            }
            filter.limit = value
        }
        if let before = query["before"] {
            guard let value = Int64(String(before)) else { throw ServeError(status: .badRequest, message: "before must be an item id") }
            filter.before = value
        }
        var writer = JSONWriter(capacity: 4096)
        writer.beginObject()
        writer.key("items")
        writer.beginArray()
        for item in try store.reviewItems(filter) { ConsoleJSON.item(item, &writer) }
        writer.endArray()
        writer.endObject()
        writer.bytes.append(0x0A)
        return ServeResponse.bytes(writer.bytes)
    }

    func auditList(_ request: Request, _ store: any ConsoleStore) throws -> Response {
        var after: Int64 = 0
        if let text = request.uri.queryParameters["after"] {
            guard let value = Int64(String(text)), value >= 0 else {
                throw ServeError(status: .badRequest, message: "after must be an audit entry number, not \"\(text)\"")
            }
            after = value
        }
        let entries = try store.auditEntries(after: after, limit: 1000)
        var writer = JSONWriter(capacity: 4096)
        writer.beginObject()
        writer.key("entries")
        writer.beginArray()
        for entry in entries { ConsoleJSON.audit(entry, &writer) }
        writer.endArray()
        let last = try entries.last?.id ?? store.lastAuditID()
        writer.key("last"); writer.int(Int(last))
        writer.endObject()
        writer.bytes.append(0x0A)
        return ServeResponse.bytes(writer.bytes)
    }

    func reviewDecision(_ request: Request, _ console: ServeConsole) async throws -> Response {
        let body = try await RequestBodyReader.collect(request, limit: state.settings.maxBodyBytes)
        let text = String(buffer: body)
        guard let id = Int64(request.uri.path.dropFirst("/v1/review/".count)) else {
            throw ServeError(status: .badRequest, message: "a review item id is a number: POST /v1/review/17")
        }
        let usage = #"the body is {"action":"approve"|"remove","by":"…","note":"…"}"#
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let actionName = object["action"] as? String, let action = ReviewAction(rawValue: actionName),
              let by = object["by"] as? String, !by.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
              object["note"] == nil || object["note"] is String else {
            throw ServeError(status: .badRequest, message: usage)
        }
        let note = object["note"] as? String ?? ""
        switch try console.decide(id, action: action, by: by, note: note) {
        case .applied(let item):
            var writer = JSONWriter(capacity: 2048)
            ConsoleJSON.item(item, &writer)
            writer.bytes.append(0x0A)
            return ServeResponse.bytes(writer.bytes)
        case .notFound:
            throw ServeError(status: .notFound, message: "no review item \(id)")
        case .alreadyDecided(let item):
            throw ServeError(status: .conflict, message: "review item \(id) is already decided (\(item.outcome?.rawValue ?? "done"))")
        case .sameReviewer:
            throw ServeError(status: .conflict, message: "review item \(id) needs a second review by someone other than \(by)")
        }
    }
}
