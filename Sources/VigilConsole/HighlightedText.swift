// A post's text as HTML with each hit span in a <mark> (its rule in the title), so an
// operator sees what matched. Offsets are code points, as in the verdict record;
// overlapping spans are merged into one mark that names every rule.
import VigilEngine

enum HighlightedText {
    static func html(_ text: String, spans: [ConsoleSpan]) -> String {
        let scalars = Array(text.unicodeScalars)
        let merged = merge(spans.filter { $0.start < $0.end && $0.start >= 0 && $0.end <= scalars.count })
        var out = "", at = 0
        for span in merged {
            out += escapeMarkup(String(String.UnicodeScalarView(scalars[at..<span.start])))
            let inner = escapeMarkup(String(String.UnicodeScalarView(scalars[span.start..<span.end])))
            out += "<mark title=\"\(escapeMarkup(span.label))\">\(inner)<span class=\"visually-hidden\"> [\(escapeMarkup(span.label))]</span></mark>"
            at = span.end
        }
        return out + escapeMarkup(String(String.UnicodeScalarView(scalars[at...])))
    }

    /// Spans sorted and merged where they overlap; labels joined.
    static func merge(_ spans: [ConsoleSpan]) -> [ConsoleSpan] {
        var out: [ConsoleSpan] = []
        for span in spans.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
            if var last = out.last, span.start < last.end {
                last.end = max(last.end, span.end)
                if !last.label.split(separator: ",").contains(where: { $0.trimmingSpaces == span.label }) { last.label += ", " + span.label }
                out[out.count - 1] = last
            } else {
                out.append(span)
            }
        }
        return out
    }

    /// The spans of a verdict's hits.
    static func spans(_ hits: [ConsoleHit]) -> [ConsoleSpan] {
        hits.map { ConsoleSpan(start: $0.start, end: $0.end, label: $0.rule) }
    }
}

extension Substring {
    var trimmingSpaces: String { String(drop { $0 == " " }) }
}
