// `vigil rules explain`: everything that went into a verdict, in the order the engine
// did it — each normalization step and what it changed, the normalized views, each hit
// with its original span and how its characters map to what matched, and the arithmetic
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
        let normalizer = engine.rules.normalizer
        let views = normalizer.normalizedViews(of: text)
        var out = "text (\(text.unicodeScalars.count) code points): \(visible(text, markSpaces: false))\n\n"
        out += "normalization (docs/normalization.md), step by step (offsets are code points of the original)\n"
        out += steps(NormalizationTrace.changes(in: text, steps: normalizer.steps, maximumGap: normalizer.maximumGap))
        out += "  folded (all steps but separators) — regexes and detectors read this:\n    \(visible(views.folded, markSpaces: false))\n"
        out += "  keyword stream (runs of up to \(normalizer.maximumGap) separators → ␠, skipped inside keywords; longer runs and line breaks → ⏎):\n    \(visible(views.keywordStream))\n\n"

        scratch.recordsSuppressed = true
        let hits = engine.allHits(text, scratch: scratch)
        let suppressed = scratch.suppressed
        scratch.recordsSuppressed = false
        out += "hits (code-point spans into the original text)\n"
        if hits.isEmpty && suppressed.isEmpty { out += "  none\n" }
        for (hit, isInternal) in hits {
            out += "  \(hit.start)–\(hit.end) “\(visible(hit.match, markSpaces: false))”  \(hit.rule)  [\(hit.category), \(hit.severity.rawValue), weight \(format(hit.weight))]"
            out += isInternal ? "  (internal: feeds other rules, not scored)\n" : "\n"
            out += "      \(mapping(of: hit))\n"
        }
        out += suppressedLines(suppressed)

        out += classifiers()
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

    /// The hits an `allow` entry dropped, each with the entry and where it is written.
    func suppressedLines(_ suppressed: [(hit: SpanHit, entry: Int32)]) -> String {
        guard let allow = engine.rules.allowList else { return "" }
        let scalars = Array(text.unicodeScalars)
        var out = ""
        for (hit, entry) in suppressed.sorted(by: { ($0.hit.start, $0.hit.end, $0.hit.rule) < ($1.hit.start, $1.hit.end, $1.hit.rule) }) {
            let match = String(String.UnicodeScalarView(scalars[Int(hit.start)..<Int(hit.end)]))
            let allowed = allow.entries[Int(entry)]
            out += "  \(hit.start)–\(hit.end) “\(visible(match, markSpaces: false))”  \(engine.rules.rules[Int(hit.rule)].qualifiedID)"
            out += "  suppressed by allow \"\(allowed.text)\" (\(allowed.location.file):\(allowed.location.line))\n"
        }
        return out
    }

    /// Each classifier rule's probability against its `min`, and the n-grams that weighed most.
    func classifiers() -> String {
        let readings = engine.classifierReadings(text)
        guard !readings.isEmpty else { return "" }
        var out = "\nclassifiers (learned models; a rule hits when the probability reaches its min)\n"
        for reading in readings {
            let probability = reading.probability.map { fixed($0) } ?? "none (no feature the model reads)"
            out += "  \(reading.rule)  model \(reading.model): probability \(probability), min \(fixed(reading.minimum)) → \(reading.isHit ? "hit" : "no hit")\n"
            if reading.strongest.isEmpty { out += "      no n-gram weighs towards it\n"; continue }
            out += "      strongest n-grams (added to the logit): " + reading.strongest.map {
                "\($0.start)–\($0.end) “\(visible($0.text))” +\(fixed($0.weight))"
            }.joined(separator: "; ") + "\n"
        }
        return out
    }

    func fixed(_ value: Double) -> String {
        let scaled = Int((value * 1000).rounded())
        let digits = String(abs(scaled) % 1000)
        return (scaled < 0 ? "-" : "") + "\(abs(scaled) / 1000)." + String(repeating: "0", count: 3 - digits.count) + digits
    }

    /// One line per step with what it changed (at most a dozen changes each).
    func steps(_ changes: [NormalizationChange]) -> String {
        var out = ""
        let applied = engine.rules.normalizer.steps
        for (name, step) in NormalizationSteps.named {
            let mine = changes.filter { $0.step == name }
            var line = "  " + name.padding(toLength: 12, withPad: " ", startingAt: 0)
            if !applied.contains(step) {
                line += "(not applied)"
            } else if mine.isEmpty {
                line += "no change"
            } else {
                line += mine.prefix(12).map { change -> String in
                    let at = change.end - change.start > 1 ? "\(change.start)–\(change.end)" : "\(change.start)"
                    if !change.note.isEmpty && change.after.count <= 1 && (change.after.isEmpty || name == "separators") {
                        return "\(at) “\(visible(change.before, markSpaces: false))” \(change.note)"
                    }
                    return "\(at) \(visible(change.before, markSpaces: false))→\(visible(change.after, markSpaces: false))"
                }.joined(separator: "; ")
                if mine.count > 12 { line += "; … (\(mine.count - 12) more)" }
            }
            out += line + "\n"
        }
        return out
    }

    /// How the characters of a hit map to what the matcher saw: `ս→u`, separators skipped,
    /// invisible characters removed; plus the rule's own normalization settings.
    func mapping(of hit: Hit) -> String {
        let rule = engine.rules.ruleSet.rules.first { $0.qualifiedID == hit.rule }
        var settings: [String] = []
        var folding = engine.rules.normalizer.folding
        if let rule {
            if !rule.normalize || rule.caseSensitive {
                return "matched in the original text (\(rule.caseSensitive ? "case: sensitive" : "normalize: false"))"
            }
            if rule.normalization != .all {
                settings.append("normalize: [\(rule.normalization.names.joined(separator: ", "))]")
                folding = engine.rules.subsetNormalizers.first { $0.steps == rule.normalization }?.folding ?? folding
            }
            if rule.collapseRepeats { settings.append("repeats: collapse") }
            if !rule.variants.isEmpty {
                settings.append("variants: [\(KeywordVariants.named.filter { rule.variants.contains($0.variant) }.map(\.name).joined(separator: ", "))]")
            }
        }
        let collapses = rule?.collapseRepeats ?? false
        var parts: [String] = []
        var normalized = ""
        var skipped = ""   // a run of separators, shown as one
        for scalar in hit.match.unicodeScalars {
            let (value, role) = folding.entry(scalar.value)
            let isSeparator = !role.isDisjoint(with: [.separator, .lineBreak])
            if !isSeparator && !skipped.isEmpty {
                parts.append("“\(visible(skipped, markSpaces: false))” skipped")
                skipped = ""
            }
            if role.contains(.ignorable) {
                parts.append("\(NormalizationTrace.describe(scalar)) removed")
            } else if isSeparator {
                skipped.unicodeScalars.append(scalar)
            } else {
                let folded = role.contains(.expansion) ? Array(folding.expansion(at: value)) : [value]
                let text = String(String.UnicodeScalarView(folded.compactMap(Unicode.Scalar.init)))
                if collapses && skipped.isEmpty && normalized.unicodeScalars.last.map(String.init) == text, let last = parts.popLast() {
                    // A repeat of the character before: shown as one with a count (u×4).
                    let (base, count) = last.contains("×") ? (String(last.split(separator: "×")[0]), Int(last.split(separator: "×")[1])! + 1) : (last, 2)
                    parts.append("\(base)×\(count)")
                    continue
                }
                normalized += text
                parts.append(text == String(scalar) ? text : "\(scalar)→\(text)")
            }
        }
        if !skipped.isEmpty { parts.append("“\(visible(skipped, markSpaces: false))” skipped") }
        var line = "as “\(normalized)”: " + parts.joined(separator: " ")
        if !settings.isEmpty { line += "  (\(settings.joined(separator: "; ")))" }
        return line
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
