// The table of topics that the overview and `vigil report` both open with: one order
// (the most urgent stage first, then severity, then name) and one row per topic with its
// badge, incident, since-when and 24-hour sparkline. Written once so the two agree.

extension ConsolePages {
    /// The most urgent stage first (`urgency`), then severity (sev1 first), then name.
    static func byUrgency(_ a: ConsoleTopic, _ b: ConsoleTopic) -> Bool {
        let ua = urgency.firstIndex(of: a.state)!, ub = urgency.firstIndex(of: b.state)!
        if ua != ub { return ua < ub }
        let sa = a.severity?.rawValue ?? 5, sb = b.severity?.rawValue ?? 5
        return sa != sb ? sa < sb : a.name < b.name
    }

    /// A topic's row: `href` is where its name leads, `now` the sparkline's end.
    static func topicRow(_ t: ConsoleTopic, href: String, now: Int64) -> OverviewRow {
        OverviewRow(topic: t.name, label: topicLabel(t.name), href: href, stage: StageBadge(t.state),
                    severity: t.severity?.name, incident: t.incident,
                    since: t.since > 0 ? ConsoleFormat.time(t.since) : "—", sinceISO: t.since > 0 ? ConsoleFormat.iso(t.since) : "",
                    sinceFor: t.since > 0 && now > t.since ? "for \(ConsoleFormat.duration(now - t.since))" : "",
                    sparkline: SparklineSVG.render(t.series, to: now))
    }
}
