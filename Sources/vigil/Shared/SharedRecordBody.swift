// The escalation-relevant part of a screened record, as an instance writes it to the
// shared record log and the owner of its topic's partition reads it back: a verdict's
// id, topic, author, counted signals and decision, or an operator command. Its event
// time travels beside it (SharedRecord.at). Small JSON: written once per record by the
// instance that accepted it, read once by the owner, never on the screening hot path's
// inner loop.
import Foundation
import VigilEngine

enum SharedRecordBody {
    case verdict(EscalationObservation)
    case command(EscalationCommand)

    /// The body of a screened line (a verdict or a command); nil for an error line.
    static func encode(_ line: ScreenedLine) -> String? {
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        switch line.kind {
        case .error:
            return nil
        case .verdict:
            writer.key("id"); writer.raw(line.idJSON)
            writer.key("topic"); writer.string(line.topic)
            if let author = line.author { writer.key("author"); writer.string(author) }
            writer.key("decision"); writer.string(line.decision.rawValue)
            writer.key("signals")
            writer.beginObject()
            for (name, count) in line.signals where count > 0 { writer.key(name); writer.int(count) }
            writer.endObject()
        case .command:
            writer.key("command"); writer.string(line.command ?? "")
            writer.key("topic"); writer.string(line.topic)
            if let by = line.by { writer.key("by"); writer.string(by) }
            if let severity = line.severity { writer.key("severity"); writer.string(severity) }
        }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// A command's body marked as written to the audit log by the instance that took it
    /// (`"audit":true`): its owner adds a second audit entry with the outcome.
    static func audited(_ body: String) -> String {
        body.hasSuffix("}") ? String(body.dropLast()) + ",\"audit\":true}" : body
    }

    /// Whether a command's body is marked `audited`.
    static func isAudited(_ text: String) -> Bool { text.hasSuffix(",\"audit\":true}") }

    /// Reads a body back; `at` is its event time, `line` its place in the owner's stream.
    static func decode(_ text: String, at: Int64, line: Int) -> SharedRecordBody? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? [String: Any],
              let topic = object["topic"] as? String else { return nil }
        if let command = object["command"] as? String {
            return .command(EscalationCommand(command: command, topic: topic, eventTime: at, by: object["by"] as? String, line: line,
                                              severity: object["severity"] as? String))
        }
        guard let id = idJSON(text) else { return nil }
        let signals = (object["signals"] as? [String: Any] ?? [:]).compactMapValues { $0 as? Int }
        let decision = Decision(rawValue: object["decision"] as? String ?? "allow") ?? .allow
        return .verdict(EscalationObservation(id: id, line: line, eventTime: at, topic: topic, author: object["author"] as? String,
                                              signals: signals, decision: decision))
    }

    /// The `id` member exactly as written (`17` or `"a-17"`): the first member, so it
    /// runs from after `{"id":` to the comma before `"topic"`.
    static func idJSON(_ text: String) -> String? {
        guard text.hasPrefix("{\"id\":"), let end = text.range(of: ",\"topic\":") else { return nil }
        return String(text[text.index(text.startIndex, offsetBy: 6)..<end.lowerBound])
    }
}
