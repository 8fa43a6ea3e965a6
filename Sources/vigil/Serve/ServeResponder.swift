// The HTTP front of `vigil serve`: maps a path to its endpoint (404 when there is none,
// 405 with Allow when the method does not fit), runs the endpoint, turns every failure
// into a JSON error body, and counts the request in the metrics. A plain dispatch rather
// than Hummingbird's router, so unknown routes and methods get the same JSON errors as
// everything else.
import HTTPTypes
import HummingbirdCore
import NIOHTTP1
import VigilEngine

/// The endpoints of SPEC §6 (docs/serve.md).
enum ServeEndpoint: String, CaseIterable, Sendable {
    case check = "/v1/check"
    case screen = "/v1/screen"
    case escalations = "/v1/escalations"
    case commands = "/v1/commands"
    case reload = "/v1/reload"
    case shadow = "/v1/shadow"
    case health = "/healthz"
    case metrics = "/metrics"

    var method: HTTPRequest.Method {
        switch self {
        case .check, .screen, .commands, .reload: .post
        case .escalations, .health, .metrics, .shadow: .get
        }
    }
}

/// Answers every request of one server.
struct ServeResponder: Sendable {
    let state: ServeState

    /// Every failure becomes a JSON error response, except a malformed HTTP request,
    /// which is rethrown for the server to answer with 400 and close the connection.
    func respond(to request: Request) async throws -> Response {
        let started = ContinuousClock.now
        guard let endpoint = ServeEndpoint(rawValue: request.uri.path) else {
            let response = ServeResponse.error(.notFound, "no such endpoint: \(request.method.rawValue) \(request.uri.path)")
            state.metrics.request(endpoint: "other", status: 404, seconds: seconds(since: started))
            return response
        }
        var response: Response
        if request.method != endpoint.method {
            response = ServeResponse.error(.methodNotAllowed, "\(endpoint.rawValue) takes \(endpoint.method.rawValue), not \(request.method.rawValue)",
                                           extra: [.allow: endpoint.method.rawValue])
        } else {
            do {
                switch endpoint {
                case .check: response = try await check(request)
                case .screen: return try screen(request, started: started)   // counted when its stream ends
                case .escalations: response = try escalations(request)
                case .commands: response = try await command(request)
                case .reload: response = await reload(request)
                case .shadow: response = ServeResponse.bytes(state.shadow.json())
                case .health: response = health()
                case .metrics: response = metrics()
                }
            } catch let error as ServeError {
                response = error.response
            } catch let error as HTTPParserError {
                throw error
            } catch {
                response = ServeResponse.error(.badRequest, "cannot read the request body: \(error)", extra: [.connection: "close"])
            }
        }
        state.metrics.request(endpoint: endpoint.rawValue, status: response.status.code, seconds: seconds(since: started))
        return response
    }
}

/// Seconds from `start` to now.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
