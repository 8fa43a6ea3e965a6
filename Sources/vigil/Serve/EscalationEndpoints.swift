// GET /v1/escalations (every topic's state and the latest transition records) and
// POST /v1/commands (an operator command to a topic's machine, as the
// `{"type":"command",…}` records of `vigil screen`).
import Hummingbird
import VigilEngine

extension ServeResponder {
    func escalations(_ request: Request) throws(ServeError) -> Response {
        var after: Int?
        if let text = request.uri.queryParameters["after"] {
            guard let number = Int(String(text)) else {
                throw ServeError(status: .badRequest, message: "after must be a transition number, not \"\(text)\"")
            }
            after = number
        }
        do {
            return ServeResponse.bytes(try state.escalation.statusJSON(after: after))
        } catch {
            throw ServeError(status: .serviceUnavailable, message: "the database cannot be reached: \(error)")
        }
    }

    func command(_ request: Request) async throws -> Response {
        _ = try RequestBodyReader.bodyType(request, accepted: Self.checkTypes, fallback: .json)
        let encoding = try RequestBodyReader.encoding(request)
        let body = RequestBodyReader.utf8(try await RequestBodyReader.collect(request, limit: state.settings.maxBodyBytes), from: encoding)
        let usage = #"a command record is {"type":"command","command":"ack|assessed|strategy_approved|close","topic":…,"ts":…,"by":…}"#
        var parser = JSONLineParser()
        let parsed = body.withUnsafeReadableBytes { parser.parse($0.bindMemory(to: UInt8.self)) }
        switch parsed {
        case .failure(let failure):
            throw ServeError(status: .badRequest, message: failure.message.hasPrefix("missing \"text\"") ? "not a command record: \(usage)" : failure.message)
        case .success(let record) where !record.isCommand:
            throw ServeError(status: .badRequest, message: "not a command record: \(usage)")
        case .success:
            break
        }
        // Commands do not run the engine; the screener turns the record into a ScreenedLine.
        let engine = state.rules.snapshot.engine
        let line = body.withUnsafeReadableBytes { raw in
            state.screeners.withScreener { pooled in
                pooled.screener.screen(raw.bindMemory(to: UInt8.self), lineNumber: 1, format: .jsonl, engine: engine, into: &pooled.writer)
            }
        }
        let name = line.command ?? ""
        guard EscalationCommand.names.contains(name) else {
            throw ServeError(status: .badRequest, message: "unknown command \"\(name)\"; one of \(EscalationCommand.names.joined(separator: ", "))")
        }
        var produced = state.escalation.feed(line)
        if let console = state.console { await console.recordCommand(line, produced, body: body, escalation: state.escalation) }
        guard await state.escalation.persist() else { return ServeResponse.stateNotSaved }
        // On a shared store the owner of the topic's partition applies the command: its
        // outcome is waited for, and the command answered 202 `queued` when the wait runs out.
        var status: HTTPResponse.Status = .ok
        if let shared = state.escalation.shared {
            if let outcome = await shared.commandOutcome(wait: state.settings.commandWait) {
                produced = SharedEscalation.output(line, outcome)
            } else {
                status = .accepted
            }
        }
        var writer = JSONWriter(capacity: 512)
        writer.beginObject()
        let ownText = produced.own.map { String(decoding: $0, as: UTF8.self) } ?? "null"
        if let rejection = produced.rejection {
            writer.key("error"); writer.string("command rejected: \(rejection)")
            writer.key("status"); writer.int(409)
        }
        writer.key("command"); writer.raw(ownText.trimmingTrailingNewline)
        writer.key("transitions")
        writer.beginArray()
        for record in produced.transitions.split(separator: 0x0A) { writer.raw(String(decoding: record, as: UTF8.self)) }
        writer.endArray()
        writer.endObject()
        writer.bytes.append(0x0A)
        return ServeResponse.bytes(writer.bytes, status: produced.rejection == nil ? status : .conflict)
    }
}

extension String {
    var trimmingTrailingNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
