// POST /v1/check: one input record in, its verdict out (docs/reference/records.md) — the record
// `vigil screen` writes for that line. The engine runs synchronously on the request's
// task with a pooled working set; the verdict also feeds the escalation machines.
// A record without `kind` is a `post` (the pre-publish check); an unknown kind is a 400.
import Hummingbird
import VigilEngine

extension ServeResponder {
    static let checkTypes: [String: BodyType] = ["application/json": .json]

    func check(_ request: Request) async throws -> Response {
        _ = try RequestBodyReader.bodyType(request, accepted: Self.checkTypes, fallback: .json)
        let encoding = try RequestBodyReader.encoding(request)
        let body = RequestBodyReader.utf8(try await RequestBodyReader.collect(request, limit: state.settings.maxBodyBytes), from: encoding)
        let engine = state.rules.snapshot.engine
        let shadow = state.shadow
        let (line, output, verdict, key) = body.withUnsafeReadableBytes { raw in
            state.screeners.withScreener { pooled in
                let bytes = raw.bindMemory(to: UInt8.self)
                let line = pooled.screener.screen(bytes, lineNumber: 1, format: .jsonl,
                                                  engine: engine, defaultKind: .post, into: &pooled.writer)
                let key = state.escalation.shared != nil && !line.hasOwnID ? RecordIdentity.contentKey(bytes) : nil
                let result = (line, ByteBuffer(bytes: pooled.writer.bytes), pooled.screener.lastVerdict, key)
                if let live = result.2 {
                    shadow.compare(line: bytes, format: .jsonl, defaultKind: .post, live: live, idJSON: line.idJSON,
                                   endpoint: ServeEndpoint.check.rawValue, screener: pooled.screener)
                }
                return result
            }
        }
        switch line.kind {
        case .verdict:
            if let verdict { state.metrics.screened(verdict) }
            let fed = state.escalation.feed(line, contentKey: key)
            if let console = state.console {
                await console.submit(ConsoleRecording.check(line, fed, body: body, verdict: output, escalation: state.escalation))
            }
            guard await state.escalation.persist() else { return ServeResponse.stateNotSaved }
            return Response(status: .ok, headers: [.contentType: ServeResponse.json], body: ResponseBody(byteBuffer: output))
        case .error:
            // The error record of `vigil screen` (it has "error" and "decision":"review").
            state.metrics.screened(verdicts: [], errors: 1)
            return Response(status: .badRequest, headers: [.contentType: ServeResponse.json], body: ResponseBody(byteBuffer: output))
        case .command:
            return ServeResponse.error(.badRequest, "a command record: send operator commands to POST /v1/commands")
        }
    }
}
