// GET /topics/{topic}: one topic's timeline (SVG), each transition's evidence in words
// with its example posts highlighted, why the topic is in its state and what would move
// it, and the operator actions the state allows, as forms that work without JavaScript.
import VigilEngine

struct LegendItem {
    let label: String
    let swatch: String
}

struct ExampleRow {
    let id: String
    let html: String
}

struct TransitionRow {
    let number: Int
    let at: String
    let atISO: String
    let headline: String
    let stage: StageBadge
    let severity: String?
    let evidence: String?
    let test: String?
    let examples: [ExampleRow]
    let rejected: Bool
    let reminder: Bool
    let hasExamples: Bool
    let exampleCount: Int
}

struct Option {
    let value: String
    let label: String
    let selected: Bool
}

struct ActionForm {
    let command: String
    let label: String
    let help: String
    let needsSeverity: Bool
    let severities: [Option]
    let primary: Bool
}

struct WindowLink {
    let href: String
    let label: String
    let current: Bool
}

struct TopicModel {
    let topic: String
    let stage: StageBadge
    let severity: String?
    let incident: String?
    let since: String
    let sinceFor: String
    let svg: String
    let legend: [LegendItem]
    let windows: [WindowLink]
    let hasWindows: Bool
    let why: String
    let next: [String]
    let actions: [ActionForm]
    let actionURL: String
    let askToken: Bool
    let transitions: [TransitionRow]
    let notice: String?
    let noticeIsError: Bool
}

public extension ConsolePages {
    /// The timeline page. `transitions` are the topic's, oldest first; the chart covers
    /// the `hours` before `now`. `notice` reports the outcome of an action just taken.
    func topic(_ topic: ConsoleTopic, transitions: [ConsoleTransition], now: Int64, hours: Int,
               notice: (text: String, isError: Bool)? = nil) -> String {
        let model = topicModel(topic, transitions: transitions, now: now, hours: hours, notice: notice)
        return ConsoleRenderer.page("topic", model, title: "Topic \(topic.name)", section: "", refresh: true)
    }

    internal func topicModel(_ topic: ConsoleTopic, transitions: [ConsoleTransition], now: Int64, hours: Int,
                             notice: (text: String, isError: Bool)?, windows: Bool = true) -> TopicModel {
        let from = now - Int64(hours) * 3_600_000
        let applied = transitions.map(\.transition)
        // The incident's signal first: its baseline and threshold are the ones drawn.
        var topic = topic
        if let signal = applied.last(where: { $0.evidence != nil && $0.cause == .evidence })?.evidence?.signal,
           let i = topic.series.firstIndex(where: { $0.signal == signal }) {
            topic.series.insert(topic.series.remove(at: i), at: 0)
        }
        let initial = applied.first { $0.at > from && $0.rejected == nil && $0.to != $0.from }?.from ?? topic.state
        let svg = TimelineSVG().render(series: topic.series, transitions: applied, initial: initial, from: from, to: now, policy: policy)
        let last = applied.last { $0.rejected == nil && !$0.isReminder && $0.to == topic.state }
        let rows = transitions.enumerated().reversed().map { n, t in transitionRow(n + 1, t) }
        let path = "/topics/\(Self.pathComponent(topic.name))"
        return TopicModel(
            topic: topic.name, stage: StageBadge(topic.state), severity: topic.severity?.name, incident: topic.incident,
            since: topic.since > 0 ? ConsoleFormat.time(topic.since) : "—",
            sinceFor: topic.since > 0 && now > topic.since ? "for \(ConsoleFormat.duration(now - topic.since))" : "",
            svg: svg, legend: legend(topic.series), windows: !windows ? [] : [6, 24, 72, 168].map { h in
                WindowLink(href: "\(path)?hours=\(h)", label: h < 48 ? "\(h) h" : "\(h / 24) d", current: h == hours)
            }, hasWindows: windows,
            why: StateExplanation.why(topic, last: last), next: StateExplanation.next(topic.state, policy: policy),
            actions: StateExplanation.actions(topic.state).map(actionForm), actionURL: "\(path)/actions", askToken: asksForToken,
            transitions: rows, notice: notice?.text, noticeIsError: notice?.isError ?? false)
    }

    internal func transitionRow(_ number: Int, _ c: ConsoleTransition) -> TransitionRow {
        let t = c.transition
        return TransitionRow(number: number, at: ConsoleFormat.time(t.at), atISO: ConsoleFormat.iso(t.at),
                             headline: EvidenceWords.headline(t), stage: StageBadge(t.to), severity: t.severity?.name,
                             evidence: t.evidence.map(EvidenceWords.sentence), test: t.evidence.map(EvidenceWords.test),
                             examples: c.examples.map { ExampleRow(id: $0.id, html: HighlightedText.html($0.text, spans: $0.spans)) },
                             rejected: t.rejected != nil, reminder: t.isReminder, hasExamples: !c.examples.isEmpty, exampleCount: c.examples.count)
    }

    internal func actionForm(_ command: String) -> ActionForm {
        switch command {
        case "ack":
            return ActionForm(command: command, label: "Acknowledge", help: "Someone owns the incident; moves it to assessment.",
                              needsSeverity: false, severities: [], primary: true)
        case "assessed":
            let options = EscalationSeverity.allCases.reversed().map { Option(value: $0.name, label: severityLabel($0), selected: $0 == .sev3) }
            return ActionForm(command: command, label: "Mark assessed", help: "Record the assessed severity; moves it to strategy.",
                              needsSeverity: true, severities: options, primary: true)
        case "strategy_approved":
            return ActionForm(command: command, label: "Approve strategy", help: "The response plan is approved; moves it to execution.",
                              needsSeverity: false, severities: [], primary: true)
        default:
            return ActionForm(command: command, label: "Close incident", help: "The incident is over (or a false alarm).",
                              needsSeverity: false, severities: [], primary: false)
        }
    }

    internal func severityLabel(_ s: EscalationSeverity) -> String {
        switch s {
        case .sev1: "sev1 — critical"
        case .sev2: "sev2 — major"
        case .sev3: "sev3 — moderate"
        case .sev4: "sev4 — minor"
        }
    }

    /// One legend entry per signal line, plus the baseline, the threshold and the stages.
    internal func legend(_ series: [ConsoleSeries]) -> [LegendItem] {
        var items = series.enumerated().map { i, s in
            let ink = TimelineSVG.signalInk[i % TimelineSVG.signalInk.count], dash = TimelineSVG.signalDash[i % TimelineSVG.signalDash.count]
            return LegendItem(label: "\(s.signal) per bucket", swatch: lineSwatch(ink, dash: dash, width: 2))
        }
        let primary = series.first?.signal ?? "signal"
        items.append(LegendItem(label: "\(primary) baseline (expected)", swatch: lineSwatch("#5b6573", dash: "5 4", width: 1.2)))
        items.append(LegendItem(label: "\(primary) alarm threshold", swatch: lineSwatch("#c0392b", dash: "1.5 3", width: 1.2)))
        for state in [EscalationState.earlyWarning, .rapidResponse, .assessment, .strategy, .execution] {
            let style = StageStyle.of(state)
            let pattern = style.pattern.map { "<rect width=\"22\" height=\"12\" fill=\"url(#\($0))\"/>" } ?? ""
            items.append(LegendItem(label: "\(style.short) \(ConsoleFormat.stageName(state.rawValue).lowercased())",
                                    swatch: "<svg width=\"22\" height=\"12\" aria-hidden=\"true\"><rect width=\"22\" height=\"12\" fill=\"\(style.fill)\"/>\(pattern)</svg>"))
        }
        return items
    }

    internal func lineSwatch(_ ink: String, dash: String, width: Double) -> String {
        "<svg width=\"22\" height=\"12\" aria-hidden=\"true\"><line x1=\"1\" y1=\"6\" x2=\"21\" y2=\"6\" stroke=\"\(ink)\" stroke-width=\"\(width)\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/></svg>"
    }
}
