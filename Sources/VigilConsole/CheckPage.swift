// GET and POST /check: the pre-publish check as a form. Paste a draft, choose the kind,
// and see the verdict with the hits highlighted, the legal basis and the suggestions.
// The engine runs in the request (the same check as POST /v1/check).
import VigilEngine

struct CheckResult {
    let decision: String
    let decisionLabel: String
    let score: String
    let textHTML: String
    let hits: [HitRow]
    let noHits: Bool
    let warnings: [String]
}

struct CheckModel {
    let text: String
    let kinds: [Option]
    let result: CheckResult?
}

public extension ConsolePages {
    /// The form, with the verdict on `text` when one was checked.
    func check(text: String, kind: String, kinds: [String], verdict: Verdict?) -> String {
        let result = verdict.map { v in
            CheckResult(decision: v.decision.rawValue, decisionLabel: Self.decisionLabel(v.decision.rawValue),
                        score: ConsoleFormat.number(v.score),
                        textHTML: HighlightedText.html(text, spans: v.hits.map { ConsoleSpan(start: $0.start, end: $0.end, label: $0.rule) }),
                        hits: v.hits.map { Self.hitRow(ConsoleHit($0)) }, noHits: v.hits.isEmpty, warnings: v.warnings)
        }
        let model = CheckModel(text: text, kinds: kinds.map { Option(value: $0, label: Self.kindLabel($0), selected: $0 == kind) },
                               result: result)
        return ConsoleRenderer.page("check", model, title: "Check a draft", section: "/check", refresh: false)
    }

    static func decisionLabel(_ decision: String) -> String {
        switch decision {
        case "allow": "Allow — can be published"
        case "review": "Review — a person must look first"
        default: "Block — must not be published"
        }
    }

    static func kindLabel(_ kind: String) -> String {
        switch kind {
        case "post": "post — the brand's own post (pre-publish)"
        case "comment": "comment — a user's comment"
        default: kind
        }
    }
}
