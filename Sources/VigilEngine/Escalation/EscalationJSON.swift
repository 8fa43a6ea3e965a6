// Transition records as JSON (docs/escalation.md): one `{"type":"escalation",…}` object per
// transition, fields in a fixed order, numbers rounded so that the text is stable.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONWriter {
    /// Writes one escalation record:
    /// `{"type":"escalation","topic":…,"from":…,"to":…,"at":…,"incident":…,"severity":…,"cause":…,`
    /// then `"evidence":{…}` for detection, or `"command"`, `"by"`, `"line"` (and
    /// `"rejected"` with the reason) for operator commands.
    public mutating func escalation(_ t: EscalationTransition) {
        if t.isReminder { escalationReminder(t); return }
        beginObject()
        key("type"); string("escalation")
        key("topic"); string(t.topic)
        key("from"); string(t.from.rawValue)
        key("to"); string(t.to.rawValue)
        key("at"); string(EventTime.format(t.at))
        key("incident"); if let incident = t.incident { string(incident) } else { null() }
        key("severity"); if let severity = t.severity { string(severity.name) } else { null() }
        key("cause"); string(t.cause.rawValue)
        if let command = t.command {
            key("command"); string(command)
            key("by"); if let by = t.by { string(by) } else { null() }
            if let line = t.line { key("line"); int(line) }
        }
        if let rejected = t.rejected { key("rejected"); string(rejected) }
        if let e = t.evidence {
            key("evidence")
            beginObject()
            key("signal"); string(e.signal)
            key("test"); string(e.test.rawValue)
            key("window"); beginArray(); string(EventTime.format(e.windowStart)); string(EventTime.format(e.windowEnd)); endArray()
            key("count"); int(e.count)
            key("baseline"); double(Self.rounded(e.baseline, places: 3))
            key("ratio"); double(Self.rounded(e.ratio, places: 3))
            key("threshold"); double(Self.rounded(e.threshold, places: 3))
            if let p = e.pValue { key("p_value"); raw(Self.significant(p)) }
            if let c = e.cusum { key("cusum"); double(Self.rounded(c, places: 3)) }
            key("authors"); int(e.authors)
            key("late"); int(e.late)
            key("examples"); beginArray(); for id in e.examples { raw(id) }; endArray()
            endObject()
        }
        endObject()
    }

    /// `{"type":"escalation_reminder","topic":…,"incident":…,"state":"rapid_response",
    /// "since":…,"at":…,"severity":…}`: the incident has held rapid_response since
    /// `since` and no operator has acknowledged it.
    mutating func escalationReminder(_ t: EscalationTransition) {
        beginObject()
        key("type"); string("escalation_reminder")
        key("topic"); string(t.topic)
        key("incident"); if let incident = t.incident { string(incident) } else { null() }
        key("state"); string(t.to.rawValue)
        key("since"); string(EventTime.format(t.since ?? t.at))
        key("at"); string(EventTime.format(t.at))
        key("severity"); if let severity = t.severity { string(severity.name) } else { null() }
        endObject()
    }

    static func rounded(_ x: Double, places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (x * scale).rounded() / scale
    }

    /// Three significant digits: `0.0123` → `1.23e-2`; 1 and 0 stay `1.0` and `0.0`.
    static func significant(_ p: Double) -> String {
        guard p.isFinite, p > 0 else { return "0.0" }
        guard p < 1 else { return "1.0" }
        var exponent = Int(floor(log10(p)))
        var mantissa = (p / pow(10, Double(exponent)) * 100).rounded() / 100
        if mantissa >= 10 { mantissa /= 10; exponent += 1 }
        return "\(mantissa)e\(exponent)"
    }
}
