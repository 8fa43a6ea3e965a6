// The operations console inside `vigil serve`: HTML pages rendered on the server
// (VigilConsole), the stylesheet and the refresh script, and the form posts of the
// operator actions. The JSON endpoints stay where they are; a path the console does not
// know falls through to them (and to their JSON 404).
import Foundation
import Hummingbird
import NIOHTTP1
import VigilConsole
import VigilEngine
import VigilStore

extension ServeResponder {
    /// The console's answer to `request`, or nil when the path is not a console page.
    func consolePage(_ request: Request) async throws -> Response? {
        let path = request.uri.path
        let get = request.method == .get || request.method == .head
        switch path {
        case "/" where get: return try html(overviewPage())
        case "/console.css" where get: return asset(ConsoleAssets.stylesheet, type: "text/css; charset=utf-8")
        case "/console.js" where get: return asset(ConsoleAssets.script, type: "text/javascript; charset=utf-8")
        case "/check" where get: return html(checkPage(text: "", kind: "post", run: false))
        case "/check" where request.method == .post:
            let form = try await formBody(request)
            return html(checkPage(text: form.raw("text") ?? "", kind: form["kind"] ?? "post", run: true))
        case "/rules" where get: return try html(rulesPage())
        case "/audit" where get: return try html(auditPage())
        case "/review" where get: return try html(reviewPage(request.uri.queryParameters, notice: Self.notice(request)))
        default: break
        }
        if path.hasPrefix("/topics/") {
            let rest = path.dropFirst("/topics/".count)
            if rest.hasSuffix("/actions"), request.method == .post {
                return try await topicAction(request, topic: ConsoleForm.decode(Array(rest.dropLast("/actions".count).utf8)))
            }
            guard get, !rest.contains("/") else { return nil }
            let hours = request.uri.queryParameters["hours"].flatMap { Int(String($0)) }.map { min(720, max(1, $0)) } ?? 24
            return try html(topicPage(ConsoleForm.decode(Array(rest.utf8)), hours: hours, notice: Self.notice(request)))
        }
        if path.hasPrefix("/review/"), request.method == .post, let id = Int64(path.dropFirst("/review/".count)) {
            return try await reviewAction(request, id: id)
        }
        return nil
    }

    var pages: ConsolePages { ConsolePages(policy: state.rules.snapshot.engine.policy.escalation, asksForToken: state.settings.token != nil) }

    func html(_ text: String?, status: HTTPResponse.Status = .ok) -> Response {
        guard let text else { return ServeResponse.error(.notFound, "no such topic") }
        return ServeResponse.bytes(Array(text.utf8), status: status, contentType: "text/html; charset=utf-8", extra: [.cacheControl: "no-store"])
    }

    func asset(_ text: String, type: String) -> Response {
        ServeResponse.bytes(Array(text.utf8), contentType: type, extra: [.cacheControl: "max-age=300"])
    }

    /// A form post's fields (application/x-www-form-urlencoded).
    func formBody(_ request: Request) async throws -> ConsoleForm {
        ConsoleForm(try await RequestBodyReader.collect(request, limit: state.settings.maxBodyBytes).readableBytesView)
    }

    /// The outcome of an action, carried by the redirect after a form post.
    static func notice(_ request: Request) -> (text: String, isError: Bool)? {
        let query = request.uri.queryParameters
        if let text = query["done"] { return (String(text), false) }
        if let text = query["failed"] { return (String(text), true) }
        return nil
    }

    /// 303 to `location` with the outcome in its query.
    static func seeOther(_ location: String, notice: String, isError: Bool) -> Response {
        let separator = location.contains("?") ? "&" : "?"
        let target = "\(location)\(separator)\(isError ? "failed" : "done")=\(ConsolePages.pathComponent(notice))"
        return Response(status: .seeOther, headers: [.location: target, .contentType: "text/plain; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: "See \(target)\n")))
    }

    /// The token check of state-changing endpoints, for forms: the Authorization header
    /// or a `token` field.
    func tokenAccepted(_ request: Request, _ form: ConsoleForm) -> Bool {
        guard let token = state.settings.token else { return true }
        if BearerToken.matches(request, token) { return true }
        return BearerToken.constantTimeEqual(Array((form.raw("token") ?? "").utf8), token)
    }
}

extension ServeResponder {
    /// The console page for `request`, with failures as an HTML page, counted in the
    /// metrics under `console`; nil when the path is not the console's.
    func consoleResponse(_ request: Request) async throws -> Response? {
        let started = ContinuousClock.now
        var response: Response
        do {
            guard let page = try await consolePage(request) else { return nil }
            response = page
        } catch let error as ServeError {
            response = html(Self.errorPage(error.message), status: error.status)
        } catch let error as HTTPParserError {
            throw error
        } catch {
            response = html(Self.errorPage("\(error)"), status: .internalServerError)
        }
        state.metrics.request(endpoint: "console", status: response.status.code, seconds: seconds(since: started))
        return response
    }

    static func errorPage(_ message: String) -> String {
        let escaped = message.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vigil</title><link rel=\"stylesheet\" href=\"/console.css\"></head>"
            + "<body><main id=\"main\"><h1>Not available</h1><div class=\"notice notice-error\">\(escaped)</div><p><a href=\"/\">Overview</a></p></main></body></html>"
    }
}
