// The HTTP front of `vigil serve`: maps a path to its endpoint (404 when there is none,
// 405 with Allow when the method does not fit), runs the endpoint, turns every failure
// into a JSON error body, and counts the request in the metrics. A plain dispatch rather
// than Hummingbird's router, so unknown routes and methods get the same JSON errors as
// everything else.
import HTTPTypes
import HummingbirdCore
import NIOHTTP1
import VigilEngine

/// The endpoints of docs/serve.md.
enum ServeEndpoint: String, CaseIterable, Sendable {
    case check = "/v1/check"
    case screen = "/v1/screen"
    case escalations = "/v1/escalations"
    case commands = "/v1/commands"
    case reload = "/v1/reload"
    case shadow = "/v1/shadow"
    case review = "/v1/review"
    case reviewDecision = "/v1/review/{id}"
    case audit = "/v1/audit"
    case health = "/healthz"
    case metrics = "/metrics"

    case openAPI = "/openapi.json"

    var method: HTTPRequest.Method {
        switch self {
        case .check, .screen, .commands, .reload, .reviewDecision: .post
        case .escalations, .health, .metrics, .shadow, .openAPI, .review, .audit: .get
        }
    }

    /// Endpoints that change the server's state: guarded by `--token-file`.
    var changesState: Bool { self == .commands || self == .reload || self == .reviewDecision }
}

/// Answers every request of one server.
struct ServeResponder: Sendable {
    let state: ServeState

    /// Every failure becomes a JSON error response, except a malformed HTTP request,
    /// which is rethrown for the server to answer with 400 and close the connection.
    func respond(to request: Request) async throws -> Response {
        // On a shared store, what the request carries is committed as one unit (SharedCommit).
        try await SharedRequest.$current.withValue(state.escalation.shared == nil ? nil : SharedRequest()) {
            try await dispatch(request)
        }
    }

    private func dispatch(_ request: Request) async throws -> Response {
        if let page = try await consoleResponse(request) { return page }   // the console's pages (PageRoutes.swift)
        let started = ContinuousClock.now
        guard let endpoint = ServeEndpoint(rawValue: request.uri.path) ?? ServeEndpoint(pattern: request.uri.path) else {
            var response = ServeResponse.error(.notFound, "no such endpoint: \(request.method.rawValue) \(request.uri.path)")
            Self.closeIfBodyUnread(request, &response)
            state.metrics.request(endpoint: "other", status: 404, seconds: seconds(since: started))
            return response
        }
        var response: Response
        if request.method != endpoint.method {
            response = ServeResponse.error(.methodNotAllowed, "\(endpoint.rawValue) takes \(endpoint.method.rawValue), not \(request.method.rawValue)",
                                           extra: [.allow: endpoint.method.rawValue])
        } else if endpoint.changesState, let token = state.settings.token, !BearerToken.matches(request, token) {
            response = ServeResponse.error(.unauthorized, "\(endpoint.rawValue) needs Authorization: Bearer <token> (the token of --token-file)",
                                           extra: [.wwwAuthenticate: "Bearer", .connection: "close"])
        } else {
            do {
                switch endpoint {
                case .check: response = try await check(request)
                case .screen: return try screen(request, started: started)   // counted when its stream ends
                case .escalations: response = try escalations(request)
                case .commands: response = try await command(request)
                case .reload:
                    _ = try await RequestBodyReader.collect(request, limit: state.settings.maxBodyBytes)   // read, ignored
                    response = await reload(request)
                case .shadow: response = ServeResponse.bytes(state.shadow.json())
                case .health: response = health()
                case .metrics: response = metrics()
                case .openAPI: response = openAPI()
                case .review, .reviewDecision, .audit: response = try await console(endpoint, request)
                }
            } catch let error as ServeError {
                response = error.response
            } catch let error as HTTPParserError {
                throw error
            } catch {
                response = ServeResponse.error(.badRequest, "cannot read the request body: \(error)", extra: [.connection: "close"])
            }
        }
        Self.closeIfBodyUnread(request, &response)
        state.metrics.request(endpoint: endpoint.rawValue, status: response.status.code, seconds: seconds(since: started))
        return response
    }

    /// The refusals answered before the body is read (401, 404, 405, 413, 415) close the
    /// connection when the request has a body: the server then closes it at once
    /// (ServeHTTPServer) instead of waiting for or reading the rest.
    static func closeIfBodyUnread(_ request: Request, _ response: inout Response) {
        guard [401, 404, 405, 413, 415].contains(response.status.code) else { return }
        let length = request.headers[.contentLength].flatMap { Int($0) } ?? 0
        if length > 0 || request.headers[.transferEncoding] != nil { response.headers[.connection] = "close" }
    }
}

/// Seconds from `start` to now.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
