// GET /: every topic with its state, severity, incident, since when, and a 24-hour
// sparkline of its signals against the baseline, the most urgent first.
import VigilEngine

struct StageBadge {
    let raw: String
    let name: String
    let short: String

    init(_ state: EscalationState) {
        raw = state.rawValue; name = ConsoleFormat.stageName(state.rawValue); short = StageStyle.of(state).short
    }
}

struct OverviewRow {
    let topic: String
    /// The topic as shown: `*` (records without a topic) in words.
    let label: String
    let href: String
    let stage: StageBadge
    let severity: String?
    let incident: String?
    let since: String
    let sinceISO: String
    let sinceFor: String
    let sparkline: String
}

struct StageCount {
    let stage: StageBadge
    let count: Int
}

struct OverviewModel {
    let rows: [OverviewRow]
    let counts: [StageCount]
    let openIncidents: Int
    let reviewOpen: Int
    let topicCount: Int
    let asOf: String
    let empty: Bool
}

public extension ConsolePages {
    /// Urgency order for the overview: the stages that need someone now first.
    static let urgency: [EscalationState] = [.rapidResponse, .earlyWarning, .assessment, .strategy, .execution, .followUp, .recovery, .monitoring]

    /// `*` collects the records that name no topic.
    static func topicLabel(_ name: String) -> String { name == "*" ? "* (posts without a topic)" : name }

    /// The overview. `now` is the end of the sparklines' 24 hours (the latest bucket's end).
    func overview(_ topics: [ConsoleTopic], reviewOpen: Int, now: Int64) -> String {
        let rows = topics.sorted(by: Self.byUrgency).map { Self.topicRow($0, href: "/topics/\(Self.pathComponent($0.name))", now: now) }
        let counts = Self.urgency.compactMap { state -> StageCount? in
            let n = topics.count { $0.state == state }
            return n == 0 ? nil : StageCount(stage: StageBadge(state), count: n)
        }
        let model = OverviewModel(rows: rows, counts: counts, openIncidents: topics.count { $0.state != .monitoring },
                                  reviewOpen: reviewOpen, topicCount: topics.count, asOf: ConsoleFormat.time(now), empty: rows.isEmpty)
        return ConsoleRenderer.page("overview", model, title: "Overview", section: "/", refresh: true)
    }
}
