// Screens one input line of `vigil screen` (docs/reference/records.md): parses it (JSONL or plain
// text), checks the post, and writes exactly one output record — a verdict, or an
// error record with `decision: "review"` so a consumer that reads only `decision`
// never publishes a bad line. Used per worker thread; reuses all its buffers.

/// How input lines are read.
public enum InputFormat: String, Sendable, CaseIterable {
    case jsonl, text
}

/// What the escalation stage needs from a screened line, in input order.
public struct ScreenedLine: Sendable {
    public enum Kind: Sendable { case verdict, error, command }
    public var kind: Kind
    public var line: Int
    /// The id as JSON (echoed id, or the line number).
    public var idJSON: String
    /// Whether the record carried an id of its own (else `idJSON` is the line number).
    public var hasOwnID = false
    public var eventTime: Int64?
    public var topic: String
    public var author: String?
    /// Hit counts per escalation signal, in first-hit order.
    public var signals: ScreenedSignals
    public var decision: Decision
    public var command: String?
    public var by: String?
    /// For an `assessed` command: the severity given.
    public var severity: String? = nil
    /// For a `review` verdict of `vigil screen`: its hits as the review queue indexes
    /// them; nil otherwise (and when the verdict was built as a `Verdict` value).
    public var reviewHits: ReviewHitSummary? = nil
}

/// The kind of a record that gives none.
public enum DefaultKind: String, Sendable {
    /// The pre-publish check of the brand's own posts (`check`, POST /v1/check).
    case post
    /// Screening of a stream (`screen`, POST /v1/screen, `rules diff`).
    case comment
}

/// Per-thread line screener.
public final class RecordScreener {
    var parser = JSONLineParser()
    /// The record being screened (reused: parsed into in place).
    var input = InputRecord()
    let scratch = ScanScratch()
    var repaired: [UInt8] = []
    let fragments = HitFragments()
    /// Where a verdict record is assembled before it is appended to the output.
    let verdictBuffer = RecordBuffer()
    /// Whether each verdict is also built as a `Verdict` value (`lastVerdict`).
    let keepsVerdict: Bool
    /// With `keepsVerdict`, the verdict of the last line screened, nil when it was an
    /// error or a command (`vigil serve` counts hits per category from it); always nil
    /// otherwise.
    public private(set) var lastVerdict: Verdict?
    /// The kind of a record that gives none: `comment` for `screen`, `post` for the
    /// pre-publish check (set per call of `screen`).
    var defaultKind = DefaultKind.comment

    /// `keepsVerdict` asks for `lastVerdict`; without it, the output record is written
    /// straight from the scored hits (what `vigil screen` does), which is cheaper.
    public init(keepsVerdict: Bool = false) {
        self.keepsVerdict = keepsVerdict
    }

    /// Screens `line` (without its newline) and appends one record to `writer`.
    /// `oversizedBytes` is set when the reader cut the line because it was too long.
    /// A record without `kind` is of `defaultKind`; a kind the policy does not know gives
    /// an error record (PolicyKinds).
    public func screen(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, oversizedBytes: Int? = nil,
                       format: InputFormat, engine: Engine, defaultKind: DefaultKind = .comment,
                       into writer: inout JSONWriter) -> ScreenedLine {
        if keepsVerdict { lastVerdict = nil }   // only ever set when kept
        if defaultKind != self.defaultKind { self.defaultKind = defaultKind }
        if let oversizedBytes {
            return error("line is \(oversizedBytes) bytes, over the limit; it was skipped", lineNumber, &writer)
        }
        switch format {
        case .text:
            if line.isEmpty { return error("blank line", lineNumber, &writer) }
            if line.contains(0) { return error("NUL byte in line", lineNumber, &writer) }
            let valid = UTF8Validation.repair(line, into: &repaired)
            input.reset()
            if !valid {
                input.warnings.append("invalid UTF-8 was replaced with U+FFFD: the post cannot be read as written, so it is held for review")
                input.unreadableText = true
            }
            return repaired.withUnsafeBufferPointer { text in
                verdict(text, nil, lineNumber, engine, &writer)
            }
        case .jsonl:
            if let failure = parser.parse(line, into: &input) { return error(failure.message, lineNumber, &writer) }
            if input.isCommand { return command(lineNumber) }
            if let kind = input.kind, !engine.policy.knowsKind(kind) {
                return error(engine.policy.unknownKindMessage(kind), lineNumber, &writer)
            }
            // The id and the text, where the parser left them: in the line, or decoded.
            if let span = input.idSpan {
                return jsonlVerdict(line, UnsafeBufferPointer(rebasing: line[span]), lineNumber, engine, &writer)
            }
            if let idJSON = input.idJSON {
                return idJSON.withUnsafeBufferPointer { jsonlVerdict(line, $0, lineNumber, engine, &writer) }
            }
            return jsonlVerdict(line, nil, lineNumber, engine, &writer)
        }
    }

    /// `verdict` for the JSONL record just parsed from `line`.
    func jsonlVerdict(_ line: UnsafeBufferPointer<UInt8>, _ idJSON: UnsafeBufferPointer<UInt8>?, _ lineNumber: Int,
                      _ engine: Engine, _ writer: inout JSONWriter) -> ScreenedLine {
        if let span = input.textSpan {
            return verdict(UnsafeBufferPointer(rebasing: line[span]), idJSON, lineNumber, engine, &writer)
        }
        return parser.text.withUnsafeBufferPointer { text in
            verdict(text, idJSON, lineNumber, engine, &writer)
        }
    }

    /// The verdict of the record in `input`, whose post is `text`. `idJSON` is the id
    /// as JSON; without one the line number is the id.
    func verdict(_ text: UnsafeBufferPointer<UInt8>, _ idJSON: UnsafeBufferPointer<UInt8>?,
                 _ lineNumber: Int, _ engine: Engine, _ writer: inout JSONWriter) -> ScreenedLine {
        if keepsVerdict { return builtVerdict(text, idJSON, lineNumber, engine, &writer) }
        engine.evaluate(utf8: text, scratch: scratch)
        let thresholds = input.kind.map { engine.policy.thresholds(forKind: $0) }
            ?? (defaultKind == .post ? engine.postThresholds : engine.commentThresholds)
        var (decision, score) = engine.score(thresholds: thresholds, scratch: scratch)
        if input.unreadableText { decision = decision.raised(unreadable: true) }
        let id = idJSON.map(Self.idString) ?? String(lineNumber)
        fragments.prepare(for: engine.rules)
        let output = verdictBuffer
        output.reset()
        output.writeScoredVerdict(decision: decision, score: score, scratch: scratch, engine: engine, original: text,
                                  inputWarnings: input.warnings.isEmpty ? nil : input.warnings, idJSON: idJSON, line: lineNumber, fragments: fragments)
        output.append(0x0A)
        writer.bytes.append(contentsOf: output.bytes)
        var signals = ScreenedSignals()
        if !scratch.reportHits.isEmpty {
            for span in scratch.reportHits { signals.count(scratch.ruleSignals[Int(span.rule)]) }
        }
        var screened = ScreenedLine(kind: .verdict, line: lineNumber, idJSON: id, eventTime: input.eventTime,
                                    topic: input.topic ?? "*", author: input.author, signals: signals,
                                    decision: decision, command: nil, by: nil)
        screened.hasOwnID = idJSON != nil
        if decision == .review {
            screened.reviewHits = ReviewHitSummary(scratch, rules: engine.rules)
        }
        return screened
    }

    /// The id's JSON as a `String`: what `String(decoding:as:)` gives (invalid UTF-8
    /// repaired), built in place, which costs less per line for the short ids of posts.
    static func idString(_ json: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: json.count) { buffer in
            _ = buffer.initialize(fromContentsOf: json)
            return json.count
        }
    }

    /// `verdict`, building the `Verdict` value and keeping it in `lastVerdict`.
    func builtVerdict(_ text: UnsafeBufferPointer<UInt8>, _ idJSON: UnsafeBufferPointer<UInt8>?,
                      _ lineNumber: Int, _ engine: Engine, _ writer: inout JSONWriter) -> ScreenedLine {
        var verdict = engine.check(utf8: text, kind: input.kind ?? defaultKind.rawValue, scratch: scratch)
        if !input.warnings.isEmpty { verdict.warnings = input.warnings + verdict.warnings }
        verdict.decision = verdict.decision.raised(unreadable: input.unreadableText)
        let id = idJSON.map { String(decoding: $0, as: UTF8.self) } ?? String(lineNumber)
        fragments.prepare(for: engine.rules)
        writer.verdict(verdict, id: id, line: lineNumber, fragments: fragments)
        writer.bytes.append(0x0A)
        lastVerdict = verdict
        var signals = ScreenedSignals()
        for hit in verdict.hits { signals.count(hit.signal) }
        var screened = ScreenedLine(kind: .verdict, line: lineNumber, idJSON: id, eventTime: input.eventTime,
                                    topic: input.topic ?? "*", author: input.author, signals: signals,
                                    decision: verdict.decision, command: nil, by: nil)
        screened.hasOwnID = idJSON != nil
        return screened
    }

    func error(_ message: String, _ lineNumber: Int, _ writer: inout JSONWriter) -> ScreenedLine {
        writer.beginObject()
        writer.key("type"); writer.string("error")
        writer.key("line"); writer.int(lineNumber)
        writer.key("decision"); writer.string(Decision.review.rawValue)
        writer.key("error"); writer.string(message)
        writer.endObject()
        writer.bytes.append(0x0A)
        return ScreenedLine(kind: .error, line: lineNumber, idJSON: String(lineNumber), eventTime: nil, topic: "*",
                            author: nil, signals: ScreenedSignals(), decision: .review, command: nil, by: nil)
    }

    /// Operator commands produce their records in the escalation stage, in order.
    func command(_ lineNumber: Int) -> ScreenedLine {
        ScreenedLine(kind: .command, line: lineNumber, idJSON: String(lineNumber), eventTime: input.eventTime,
                     topic: input.topic ?? "*", author: nil, signals: ScreenedSignals(), decision: .allow,
                     command: input.command, by: input.by, severity: input.severity)
    }
}
