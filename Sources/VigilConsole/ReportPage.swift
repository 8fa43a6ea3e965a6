// `vigil report`: one self-contained HTML file (stylesheet inline, charts as inline SVG,
// no script, no external reference) with every topic, its timeline, its incidents and
// their evidence, for those who do not run `vigil serve`.

struct ReportTopic {
    let anchor: String
    let model: TopicModel
}

struct ReportModel {
    let rows: [OverviewRow]
    let topics: [ReportTopic]
    let topicCount: Int
    let openIncidents: Int
    let transitionCount: Int
    let asOf: String
    let generated: String
    let source: String
}

public extension ConsolePages {
    /// The report document. Every topic that has transitions gets its timeline over
    /// `hours` before `now`; `source` names the database it came from.
    func report(_ topics: [(topic: ConsoleTopic, transitions: [ConsoleTransition])], now: Int64, generated: Int64,
                hours: Int, source: String) -> String {
        let sorted = topics.sorted { Self.byUrgency($0.topic, $1.topic) }
        let rows = sorted.map { Self.topicRow($0.topic, href: "#topic-\(Self.pathComponent($0.topic.name))", now: now) }
        let detailed = sorted.filter { !$0.transitions.isEmpty }.map { t in
            ReportTopic(anchor: Self.pathComponent(t.topic.name),
                        model: topicModel(t.topic, transitions: t.transitions, now: now, hours: hours, notice: nil, windows: false))
        }
        let model = ReportModel(rows: rows, topics: detailed, topicCount: topics.count,
                                openIncidents: topics.count { $0.topic.state != .monitoring },
                                transitionCount: topics.reduce(0) { $0 + $1.transitions.count },
                                asOf: ConsoleFormat.time(now), generated: ConsoleFormat.time(generated), source: source)
        let body = ConsoleRenderer.fragment("report", model)
        let layout = LayoutModel(title: "Escalation report", nav: [], hasNav: false, body: body, refresh: false,
                                 inlineStyle: ConsoleAssets.stylesheet, inlineScript: nil,
                                 footer: "Vigil escalation report · generated \(ConsoleFormat.time(generated))")
        return ConsoleRenderer.library.render(layout, withTemplate: "layout") ?? body
    }
}
