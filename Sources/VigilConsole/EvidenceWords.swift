// A transition's evidence in words, as an operator would say it:
// "29 complaints in 3 h 15 min against 8.3 expected; threshold 12; 17 authors".
import VigilEngine

enum EvidenceWords {
    /// The evidence sentence, or nil when the transition carries none.
    static func sentence(_ e: EscalationEvidence) -> String {
        let window = ConsoleFormat.duration(e.windowEnd - e.windowStart)
        var parts = ["\(ConsoleFormat.count(e.count, ConsoleFormat.signalNoun(e.signal))) in \(window) against \(ConsoleFormat.number(e.baseline)) expected"]
        parts.append("threshold \(ConsoleFormat.number(e.threshold))")
        parts.append(ConsoleFormat.count(e.authors, "author"))
        if e.late > 0 { parts.append("\(e.late) late") }
        return parts.joined(separator: "; ")
    }

    /// What the test measured, in words: the statistic behind the sentence.
    static func test(_ e: EscalationEvidence) -> String {
        switch e.test {
        case .spike:
            let p = e.pValue.map { " (p = \(scientific($0)))" } ?? ""
            return "Spike: one bucket far above its baseline\(p), \(ConsoleFormat.number(e.ratio))× expected."
        case .shift:
            let c = e.cusum.map { " (CUSUM \(ConsoleFormat.number($0)))" } ?? ""
            return "Shift: a sustained rise over several buckets\(c), \(ConsoleFormat.number(e.ratio))× expected."
        case .quiet:
            return "Quiet: the window is back within its normal range (\(ConsoleFormat.number(e.ratio))× expected)."
        case .sustained:
            return "Sustained: \(ConsoleFormat.number(e.ratio))× expected with \(ConsoleFormat.count(e.authors, "author")) over the window."
        }
    }

    /// 1.2e-7 style, two significant digits.
    static func scientific(_ value: Double) -> String {
        guard value > 0, value.isFinite else { return value == 0 ? "0" : "—" }
        if value >= 0.01 { return ConsoleFormat.number(value * 100) == "0" ? "0" : trimmed(value) }
        var exponent = 0, mantissa = value
        while mantissa < 1 { mantissa *= 10; exponent -= 1 }
        return "\(ConsoleFormat.number(mantissa))e\(exponent)"
    }

    private static func trimmed(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "0.\(ConsoleFormat.two(hundredths))"
    }

    /// A transition in one line: "Rapid response (sev2) — evidence", "ack by Mei: …".
    static func headline(_ t: EscalationTransition) -> String {
        let to = ConsoleFormat.stageName(t.to.rawValue)
        if let command = t.command {
            let who = t.by.map { " by \($0)" } ?? ""
            if let rejected = t.rejected { return "\(command)\(who) rejected: \(rejected)" }
            return "\(command)\(who): \(ConsoleFormat.stageName(t.from.rawValue)) → \(to)"
        }
        if t.isReminder { return "Reminder: \(to) still unacknowledged" }
        if t.from == t.to { return "Severity now \(t.severity?.name ?? "—") in \(to)" }
        return t.cause == .quiet ? "Quiet: \(ConsoleFormat.stageName(t.from.rawValue)) → \(to)"
                                 : "\(ConsoleFormat.stageName(t.from.rawValue)) → \(to)"
    }
}
