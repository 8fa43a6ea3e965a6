// Why a topic is in its state and what would move it, in words built from the policy's
// own figures (dwell times, confirmation, rapid-response magnitude and breadth), so an
// operator can tell why an incident stepped back without reading the design notes.
import VigilEngine

enum StateExplanation {
    /// Why the topic is where it is: the last transition that put it there.
    static func why(_ topic: ConsoleTopic, last: EscalationTransition?) -> String {
        guard let last else {
            return topic.state == .monitoring ? "No incident has been opened for this topic." : "No transition is recorded for this state."
        }
        let when = ConsoleFormat.time(last.at)
        if let command = last.command {
            return "\(command) by \(last.by ?? "an operator") at \(when)."
        }
        if let e = last.evidence {
            let cause = last.cause == .quiet ? "Signals were quiet" : "Evidence at \(when)"
            return "\(cause): \(EvidenceWords.sentence(e))."
        }
        return "Entered at \(when)."
    }

    /// What would move the topic out of its state, one sentence per way out.
    static func next(_ state: EscalationState, policy p: EscalationPolicy) -> [String] {
        let d = ConsoleFormat.duration
        let confirm = "confirmed in \(p.confirmNeed) of \(p.confirmOf) buckets"
        switch state {
        case .monitoring:
            return ["A spike or shift \(confirm) opens an early warning."]
        case .earlyWarning:
            return ["An alarm \(confirm), at \(ConsoleFormat.number(p.rapidMinRatio))× expected or more with at least \(p.rapidMinAuthors) authors over \(d(p.rapidWindow)), raises rapid response (after \(d(p.dwellBeforeRapidResponse)) here).",
                    "\(d(p.dwellEarlyWarning)) without a warning returns it to monitoring.",
                    "ack moves it to assessment; close returns it to monitoring."]
        case .rapidResponse:
            return ["ack moves it to assessment; close returns it to monitoring.",
                    "Without ack it steps back to early warning after \(d(max(p.dwellRapidResponse, p.unacknowledgedDwell))) of quiet (\(d(p.dwellRapidResponse)) once acknowledged), and a reminder is sent every \(d(p.reminderInterval)) meanwhile."]
        case .assessment:
            return ["assessed (with a severity) moves it to strategy; close moves it to follow-up. Detection changes only its severity."]
        case .strategy:
            return ["strategy approved moves it to execution; close moves it to follow-up."]
        case .execution:
            return ["close moves it to follow-up once the response is carried out."]
        case .followUp:
            return ["\(d(p.followUp)) of quiet moves it to recovery; a relapse reopens rapid response."]
        case .recovery:
            return ["\(d(p.recovery)) of quiet returns it to monitoring; a relapse reopens rapid response."]
        }
    }

    /// The operator commands the state accepts (the machine rejects the others).
    static func actions(_ state: EscalationState) -> [String] {
        switch state {
        case .earlyWarning, .rapidResponse: ["ack", "close"]
        case .assessment: ["assessed", "close"]
        case .strategy: ["strategy_approved", "close"]
        case .execution: ["close"]
        case .monitoring, .followUp, .recovery: []
        }
    }
}
