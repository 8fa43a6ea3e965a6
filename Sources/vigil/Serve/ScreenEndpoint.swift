// POST /v1/screen: a body of JSON lines (or plain-text lines) in, one output record per
// input line out, in order, streamed as the body arrives — `vigil screen` over HTTP.
// Each part of the body is screened as it comes and fed to the escalation machines, whose
// records follow the verdict that caused them. The whole stream uses the rules of its
// start; memory is bounded by one part plus the longest line allowed.
import Hummingbird
import VigilEngine
import VigilStore

extension ServeResponder {
    static let screenTypes: [String: BodyType] = [
        "application/x-ndjson": .jsonLines, "application/jsonl": .jsonLines, "application/x-jsonlines": .jsonLines,
        "application/json-lines": .jsonLines, "text/plain": .text,
    ]

    func screen(_ request: Request, started: ContinuousClock.Instant) throws -> Response {
        let format: InputFormat
        do {
            format = try RequestBodyReader.bodyType(request, accepted: Self.screenTypes, fallback: .jsonLines) == .text ? .text : .jsonl
        } catch {
            state.metrics.request(endpoint: ServeEndpoint.screen.rawValue, status: error.status.code, seconds: seconds(since: started))
            throw error
        }
        let encoding: InputEncoding
        do { encoding = try RequestBodyReader.encoding(request) } catch {
            state.metrics.request(endpoint: ServeEndpoint.screen.rawValue, status: error.status.code, seconds: seconds(since: started))
            throw error
        }
        let state = self.state
        let engine = state.rules.snapshot.engine
        BodyReadMark.beginReading()   // the answer's stream reads it
        let body = ResponseBody { writer in
            try await SharedRequest.$current.withValue(state.escalation.shared == nil ? nil : SharedRequest()) {
                try await Self.stream(request, state: state, engine: engine, format: format, encoding: encoding, started: started, to: &writer)
            }
        }
        return Response(status: .ok, headers: [.contentType: ServeResponse.ndjson], body: body)
    }

    /// Screens the body part by part, writing each part's records once they are kept.
    static func stream(_ request: Request, state: ServeState, engine: Engine, format: InputFormat, encoding: InputEncoding,
                       started: ContinuousClock.Instant, to writer: inout any ResponseBodyWriter) async throws {
        var stream = ScreenStream(state: state, engine: engine, format: format, encoding: encoding)
        defer { state.metrics.request(endpoint: ServeEndpoint.screen.rawValue, status: 200, seconds: seconds(since: started)) }
        for try await part in request.body {
            let first = stream.lineNumber + 1
            let output = part.withUnsafeReadableBytes { stream.screen(part: $0, last: false) }
            if let console = state.console { await console.submit(stream.takeStoreBatch()) }
            if output.readableBytes > 0, try await !stream.persistThenWrite(output, to: &writer) {
                try await writer.write(ScreenStream.refusal(resendFrom: first))
                return try await writer.finish(nil)
            }
        }
        let first = stream.lineNumber + 1
        let output = stream.screen(part: UnsafeRawBufferPointer(start: nil, count: 0), last: true)
        if let console = state.console { await console.submit(stream.takeStoreBatch()) }
        if output.readableBytes > 0, try await !stream.persistThenWrite(output, to: &writer) {
            try await writer.write(ScreenStream.refusal(resendFrom: first))
            return try await writer.finish(nil)
        }
        try await writer.finish(nil)
    }
}

/// One /v1/screen body being screened.
struct ScreenStream {
    let state: ServeState
    let engine: Engine
    let format: InputFormat
    var body: BodyLineStream
    var lineNumber = 0
    /// With a database: what the parts screened so far give the store (ScreenStream+Store).
    var storeBatch = StoreBatch()

    init(state: ServeState, engine: Engine, format: InputFormat, encoding: InputEncoding = .utf8) {
        self.state = state
        self.engine = engine
        self.format = format
        body = BodyLineStream(encoding: encoding, maximumLineBytes: state.settings.maxBodyBytes)
    }

    /// Writes a part's records once the state file holds their counts (with `--state`);
    /// when it cannot be saved, the stream ends in an error instead. On a shared store a
    /// part the database did not take is not written and false returned: the caller ends
    /// the stream with `refusal`, the lines before it answered and kept.
    func persistThenWrite(_ output: ByteBuffer, to writer: inout any ResponseBodyWriter) async throws -> Bool {
        guard await state.escalation.persist() else {
            if state.escalation.shared != nil { return false }
            throw ServeError(status: .serviceUnavailable, message: ServeResponse.stateNotSavedMessage)
        }
        try await writer.write(output)
        return true
    }

    /// The last line of a /v1/screen answer whose part the shared database did not take:
    /// `{"type":"refused","error":…,"status":503,"resend_from":N}`, N the first line of
    /// the body not accepted (nothing of it or after it was kept).
    static func refusal(resendFrom line: Int) -> ByteBuffer {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.key("type"); writer.string("refused")
        writer.key("error"); writer.string("the database cannot be reached; lines from \(line) on were not kept: send them again")
        writer.key("status"); writer.int(503)
        writer.key("resend_from"); writer.int(line)
        writer.endObject()
        writer.bytes.append(0x0A)
        return ByteBuffer(bytes: writer.bytes)
    }

    /// Screens the lines `part` completes (and the last line when `last`); returns their
    /// records, each followed by the escalation records it caused. The body is decoded
    /// first when it is not UTF-8, and a UTF-8 byte-order mark at its start is skipped.
    mutating func screen(part: UnsafeRawBufferPointer, last: Bool) -> ByteBuffer {
        var lines: [ScreenedLine] = []
        var ends: [Int] = []
        var verdicts: [Verdict] = []
        // With a database: the input of each risky line (review items and evidence
        // examples keep the record); other lines are not copied.
        var inputs: [Int: [UInt8]] = [:]
        // On a shared store: the identities of records without an id (RecordIdentity).
        var contentKeys: [Int: String] = [:]
        let shared = state.escalation.shared != nil
        var errors = 0
        var records = ByteBuffer()
        var number = lineNumber
        let engine = self.engine, format = self.format, shadow = state.shadow, keepsInputs = state.console != nil
        state.screeners.withScreener { pooled in
            func each(_ split: SplitLine) {
                number += 1
                let line: ScreenedLine
                switch split {
                case .line(let bytes):
                    line = pooled.screener.screen(bytes, lineNumber: number, format: format, engine: engine, into: &pooled.writer)
                    if let live = pooled.screener.lastVerdict {
                        if keepsInputs, line.decision != .allow || line.signals.contains(where: { $0.count > 0 }) {
                            inputs[lines.count] = Array(bytes)
                        }
                        verdicts.append(live)
                        if shared, line.eventTime != nil, !line.hasOwnID {
                            contentKeys[lines.count] = RecordIdentity.contentKey(bytes)
                        }
                        shadow.compare(line: bytes, format: format, defaultKind: .comment, live: live, idJSON: line.idJSON,
                                       endpoint: ServeEndpoint.screen.rawValue, screener: pooled.screener)
                        lines.append(line)
                        ends.append(pooled.writer.bytes.count)
                        return
                    }
                case .oversized(let size):
                    line = pooled.screener.screen(UnsafeBufferPointer(start: nil, count: 0), lineNumber: number, oversizedBytes: size,
                                                  format: format, engine: engine, into: &pooled.writer)
                }
                if let verdict = pooled.screener.lastVerdict { verdicts.append(verdict) }
                if line.kind == .error { errors += 1 }
                lines.append(line)
                ends.append(pooled.writer.bytes.count)
            }
            body.feed(part, last: last, each)
            records = ByteBuffer(bytes: pooled.writer.bytes)
        }
        lineNumber = number
        guard !lines.isEmpty else { return ByteBuffer() }
        state.metrics.screened(verdicts: verdicts, errors: errors)
        let escalation = state.escalation.feed(lines, contentKeys: contentKeys)
        if state.console != nil { noteForStore(lines, inputs: inputs, ends: ends, records: records, escalation: escalation) }
        var output = ByteBuffer()
        output.reserveCapacity(records.readableBytes + 64)
        var start = 0
        for (index, line) in lines.enumerated() {
            if line.kind != .command, var record = records.getSlice(at: start, length: ends[index] - start) {
                output.writeBuffer(&record)
            }
            start = ends[index]
            if let own = escalation[index].own { output.writeBytes(own) }
            output.writeBytes(escalation[index].transitions)
        }
        return output
    }
}
