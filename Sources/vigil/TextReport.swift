// The human-readable form of a verdict (`--format text`): the decision first, the post
// with every hit marked in place, then one line per hit with its rule and reason.
import VigilEngine

enum TextReport {
    /// Brackets around matched spans in the marked-up post.
    static let open = "⟦", close = "⟧"

    static func verdict(_ verdict: Verdict, text: String, policy: Policy, kind: String?) -> String {
        var out = "\(verdict.decision.rawValue.uppercased())  score \(format(verdict.score))"
        let thresholds = policy.thresholds(forKind: kind)
        out += "  (review at \(format(thresholds.review)), block at \(format(thresholds.block)))\n"
        if !verdict.categories.isEmpty {
            out += "categories: " + verdict.categories.map { "\($0.name) \(format($0.score))" }.joined(separator: ", ") + "\n"
        }
        if !verdict.hits.isEmpty {
            out += "\n" + marked(text, spans: verdict.hits.map { ($0.start, $0.end) }) + "\n\n"
            for hit in verdict.hits {
                out += "  \(hit.start)–\(hit.end) \(open)\(hit.match)\(close)  \(hit.rule) [\(hit.category), \(hit.severity.rawValue)]  \(hit.message)\n"
                if let basis = hit.basis { out += "      basis: \(basis)\n" }
                if !hit.suggest.isEmpty { out += "      suggest: \(hit.suggest.joined(separator: " / "))\n" }
            }
        }
        for warning in verdict.warnings { out += "warning: \(warning)\n" }
        return out
    }

    /// The text with each span (code-point offsets) bracketed; overlapping spans merge.
    /// Long texts are cut to a window around the hits.
    static func marked(_ text: String, spans: [(Int, Int)]) -> String {
        var merged: [(Int, Int)] = []
        for span in spans.sorted(by: { $0 < $1 }) {
            if let last = merged.last, span.0 <= last.1 { merged[merged.count - 1].1 = max(last.1, span.1) }
            else { merged.append(span) }
        }
        let scalars = Array(text.unicodeScalars)
        let context = 40
        var out = ""
        var position = 0
        for (start, end) in merged {
            if start - position > 2 * context && position > 0 {
                out += String(String.UnicodeScalarView(scalars[position..<position + context])) + " … "
                position = start - context
            } else if position == 0 && start > context {
                out += "… "
                position = start - context
            }
            out += String(String.UnicodeScalarView(scalars[position..<start]))
            out += open + String(String.UnicodeScalarView(scalars[start..<end])) + close
            position = end
        }
        let tail = min(scalars.count, position + context)
        out += String(String.UnicodeScalarView(scalars[position..<tail]))
        if tail < scalars.count { out += " …" }
        return out.replacingNewlines()
    }

    static func format(_ score: Double) -> String {
        score == score.rounded() ? String(Int(score)) : String(score)
    }
}

extension String {
    /// Line breaks shown as ⏎ so a marked post stays on one line.
    func replacingNewlines() -> String {
        String(unicodeScalars.map { $0 == "\n" ? "⏎" : $0 == "\r" ? " " : Character($0) })
    }
}
