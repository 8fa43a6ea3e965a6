// The operator actions of the console, shared by the JSON endpoints and the pages'
// forms: an operator command to a topic's machine (ack, assessed with a severity,
// strategy_approved, close) with who gave it and a note, and a review decision. Each
// is written to the audit log.
import Foundation
import NIOCore
import VigilEngine
import VigilStore

/// What an operator command did.
struct CommandResult: Sendable {
    /// Why it was rejected; nil when applied.
    var rejection: String?
    /// The transition records it caused (JSON lines).
    var transitions: [UInt8]
    /// On a shared store: not applied yet when the wait for its outcome ran out.
    var queued = false
}

extension ServeConsole {
    /// Decides a review item (the store writes the audit entry in the same transaction).
    func decide(_ id: Int64, action: ReviewAction, by: String, note: String) throws -> ReviewOutcome {
        try store.decide(review: id, action: action, by: by, note: note, at: wallClockMilliseconds())
    }

    /// After POST /v1/commands (or `command`): the audit entry, with the note of the
    /// body's `note` field, and what the machines produced.
    func recordCommand(_ line: ScreenedLine, _ output: EscalationOutput, body: ByteBuffer, escalation: ServeEscalation) async {
        let bytes = body.getBytes(at: body.readerIndex, length: body.readableBytes) ?? []
        let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
        let note = object?["note"] as? String ?? ""
        var action = line.command ?? ""
        if let severity = line.severity { action += " \(severity)" }
        let entry = AuditEntry(at: wallClockMilliseconds(), kind: .command, actor: line.by ?? "unknown", subject: line.topic,
                               action: action, note: note,
                               outcome: output.rejection.map { "rejected: \($0)" } ?? (escalation.shared == nil ? "applied" : "queued"))
        var batch = escalation.takeStoreBatch()
        batch.audit.append(entry)
        // On a shared store the entry is committed with the command's log entry.
        // Its owner adds a second entry with the outcome once it applied the command.
        if escalation.shared != nil, let request = SharedRequest.current {
            request.add(batch)
            request.auditLastCommand()
            return
        }
        // Queued behind what earlier requests queued (written straight away, it raced them:
        // a topic row queued before the command could overwrite the command's), and waited
        // for, so the audit page shows it on the next refresh.
        await submit(batch)
        await writtenSoFar()
    }
}

extension ServeState {
    /// An operator command from the console: `command` is ack, assessed,
    /// strategy_approved or close; `severity` (sev1…sev4) goes with assessed. Throws
    /// ServeError 400 for an unknown command.
    func operatorCommand(topic: String, command: String, severity: String?, by: String, note: String) async throws -> CommandResult {
        guard EscalationCommand.names.contains(command) else {
            throw ServeError(status: .badRequest, message: "unknown command \"\(command)\"; one of \(EscalationCommand.names.joined(separator: ", "))")
        }
        var record: [String: Any] = ["type": "command", "command": command, "topic": topic, "by": by, "note": note]
        if let severity { record["severity"] = severity }
        let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        let body = ByteBuffer(bytes: [UInt8](data))
        let engine = rules.snapshot.engine
        let line = data.withUnsafeBytes { raw in
            screeners.withScreener { pooled in
                pooled.screener.screen(raw.bindMemory(to: UInt8.self), lineNumber: 1, format: .jsonl, engine: engine, into: &pooled.writer)
            }
        }
        let produced = escalation.feed(line, atEventNow: true)
        await console?.recordCommand(line, produced, body: body, escalation: escalation)
        if let shared = escalation.shared {
            guard await escalation.persist() else { throw ServeError(status: .serviceUnavailable, message: ServeResponse.stateNotSavedMessage) }
            guard let outcome = await shared.commandOutcome(wait: settings.commandWait) else {
                return CommandResult(rejection: nil, transitions: [], queued: true)
            }
            let applied = SharedEscalation.output(line, outcome)
            return CommandResult(rejection: applied.rejection, transitions: applied.transitions)
        }
        return CommandResult(rejection: produced.rejection, transitions: produced.transitions)
    }
}

/// The console's JSON shapes.
enum ConsoleJSON {
    /// `{"id":…,"record":{…},"verdict":{…},"status":…,"reviews":[…],…}`.
    static func item(_ item: ReviewItem, _ writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id"); writer.int(Int(item.id))
        writer.key("created_at"); writer.string(EventTime.format(item.createdAt))
        writer.key("source"); writer.string(item.source.rawValue)
        writer.key("kind"); writer.string(item.kind)
        writer.key("topic"); writer.string(item.topic)
        writer.key("categories"); writer.beginArray(); for c in item.categories { writer.string(c) }; writer.endArray()
        writer.key("record"); writer.raw(item.record)
        writer.key("verdict"); writer.raw(item.verdict)
        writer.key("status"); writer.string(item.status)
        writer.key("required_reviews"); writer.int(item.requiredReviews)
        writer.key("reviews")
        writer.beginArray()
        for r in item.reviews {
            writer.beginObject()
            writer.key("step"); writer.int(r.step)
            writer.key("action"); writer.string(r.action.rawValue)
            writer.key("by"); writer.string(r.by)
            writer.key("note"); writer.string(r.note)
            writer.key("at"); writer.string(EventTime.format(r.at))
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }

    static func audit(_ entry: AuditEntry, _ writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id"); writer.int(Int(entry.id))
        writer.key("at"); writer.string(EventTime.format(entry.at))
        writer.key("kind"); writer.string(entry.kind.rawValue)
        writer.key("by"); writer.string(entry.actor)
        writer.key("subject"); writer.string(entry.subject)
        writer.key("action"); writer.string(entry.action)
        writer.key("note"); writer.string(entry.note)
        writer.key("outcome"); writer.string(entry.outcome)
        writer.endObject()
    }
}
