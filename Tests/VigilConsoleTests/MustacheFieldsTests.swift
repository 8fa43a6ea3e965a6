// The repeated rows answer the templates by name (MustacheFields.swift) instead of
// through a mirror. A field added to one of those rows and not to its list of names
// would silently vanish from the page: every stored field must answer by its name.
import Mustache
import Testing
@testable import VigilConsole

@Suite struct MustacheFieldsTests {
    /// Every stored property of `value` (all given, none nil) answers `child(named:)`.
    func expectEveryFieldAnswers<T: MustacheParent>(_ value: T) {
        let labels = Mirror(reflecting: value).children.compactMap(\.label)
        #expect(!labels.isEmpty)
        for label in labels {
            #expect(value.child(named: label) != nil, "\(T.self).\(label) does not answer the templates by name")
        }
        #expect(value.child(named: "noSuchField") == nil)
    }

    @Test func everyRowFieldAnswersByName() {
        let hit = HitRow(rule: "r", category: "c", severity: "high", message: "m", basis: "b", suggest: "s")
        let line = ReviewLine(text: "t")
        expectEveryFieldAnswers(hit)
        expectEveryFieldAnswers(line)
        expectEveryFieldAnswers(ReviewRow(id: 1, received: "r", receivedISO: "i", source: "s", recordID: "1", topic: "t", kind: "comment",
                                          score: "1", textHTML: "x", hits: [hit], reviews: [line], open: true, step: "first",
                                          decided: "d", actionURL: "/review/1"))
        let badge = StageBadge(.rapidResponse)
        expectEveryFieldAnswers(badge)
        expectEveryFieldAnswers(OverviewRow(topic: "t", label: "t", href: "/topics/t", stage: badge, severity: "sev2", incident: "t#1",
                                            since: "s", sinceISO: "i", sinceFor: "f", sparkline: "<svg/>"))
    }
}
