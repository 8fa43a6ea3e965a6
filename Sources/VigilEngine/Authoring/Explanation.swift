// `vigil rules explain`: everything that went into a verdict, in the order the engine
// did it — the normalized views, each hit with its original span, and the arithmetic
// that turned hits into category scores and a decision.

/// A readable account of how `engine` judged `text`.
public struct Explanation {
    public let engine: Engine
    public let text: String
    public let kind: String?

    public init(engine: Engine, text: String, kind: String? = nil) {
        self.engine = engine
        self.text = text
        self.kind = kind
    }

    public func render() -> String {
        let scratch = ScanScratch()
        let views = engine.rules.normalizer.normalizedViews(of: text)
        var out = "text (\(text.unicodeScalars.count) code points): \(visible(text, markSpaces: false))\n\n"
        out += "normalization (SPEC §4.2)\n"
        out += "  folded (width and case folded, ignorables removed) — regexes and detectors read this:\n    \(visible(views.folded, markSpaces: false))\n"
        out += "  keyword stream (runs of up to \(engine.rules.normalizer.maximumGap) separators → ␠, skipped inside keywords; longer runs and line breaks → ⏎):\n    \(visible(views.keywordStream))\n\n"

        let hits = engine.allHits(text, scratch: scratch)
        out += "hits (code-point spans into the original text)\n"
        if hits.isEmpty { out += "  none\n" }
        for (hit, isInternal) in hits {
            out += "  \(hit.start)–\(hit.end) “\(visible(hit.match, markSpaces: false))”  \(hit.rule)  [\(hit.category), \(hit.severity.rawValue), weight \(format(hit.weight))]"
            out += isInternal ? "  (internal: feeds other rules, not scored)\n" : "\n"
        }

        let verdict = engine.check(text, kind: kind, scratch: scratch)
        out += "\nscore\n"
        out += "  each rule counts once with its weight w; category score = 100 × (1 − Π(1 − w/100)); overall = highest category\n"
        var weightsByCategory: [(String, [(String, Double)])] = []
        for (hit, isInternal) in hits where !isInternal {
            if let index = weightsByCategory.firstIndex(where: { $0.0 == hit.category }) {
                if !weightsByCategory[index].1.contains(where: { $0.0 == hit.rule }) { weightsByCategory[index].1.append((hit.rule, hit.weight)) }
            } else {
                weightsByCategory.append((hit.category, [(hit.rule, hit.weight)]))
            }
        }
        let thresholds = engine.policy.thresholds(forKind: kind)
        for (category, weights) in weightsByCategory {
            let terms = weights.map { "(1 − \(format($0.1))/100)" }.joined(separator: " × ")
            let score = ScoreFormula.combine(weights.map(\.1))
            let cap = engine.policy.categoryCaps[category]
            out += "  \(category): \(weights.map { "\($0.0) w=\(format($0.1))" }.joined(separator: ", ")) → 100 × (1 − \(terms)) = \(format(score))"
            out += " → \(thresholds.decision(for: score).rawValue)" + (cap.map { " (capped at \($0.rawValue) by policy)" } ?? "") + "\n"
        }
        out += "  overall score \(format(verdict.score)); thresholds\(kind.map { " for kind \($0)" } ?? ""): review ≥ \(format(thresholds.review)), block ≥ \(format(thresholds.block)) (policy: \(engine.policy.source))\n"
        out += "\ndecision: \(verdict.decision.rawValue)\n"
        for warning in verdict.warnings { out += "warning: \(warning)\n" }
        return out
    }

    /// Control characters made visible; spaces shown as ␠ where they are significant.
    func visible(_ text: String, markSpaces: Bool = true) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.flatMap { scalar -> [Unicode.Scalar] in
            switch scalar.value {
            case 0x0A: return ["⏎"]
            case 0x20: return markSpaces ? ["␠"] : [scalar]
            case 0x00..<0x20: return ["�"]
            default: return [scalar]
            }
        }))
    }

    func format(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
}
