// The warnings of `vigil rules lint`: rules that load but are likely to hurt once
// deployed — a keyword so short it is everywhere, a keyword or regex that flags more
// than 1% of ordinary posts (the reference corpus built into the binary), a rule
// without a message or without both kinds of examples, a regex that can match nothing,
// a `near` window too wide to mean "near", an `unless` its own examples never exercise.
// Warnings do not stop loading; `rules lint --strict` turns them into errors.

public struct RuleLinter {
    public let engine: Engine
    /// The share of reference posts above which a keyword or regex is reported.
    public static let referenceRateLimit = 0.01
    /// The widest `near` window that passes without a warning, in code points.
    public static let nearWindowLimit = 50

    public init(engine: Engine) { self.engine = engine }

    /// Every warning, in no particular order.
    public func warnings() -> [RuleDiagnostic] {
        var out: [RuleDiagnostic] = []
        for pack in engine.rules.ruleSet.packs {
            for rule in pack.rules {
                out += shortKeywords(rule) + completeness(rule) + nearWindow(rule) + emptyRegex(rule)
                out += ownUnless(rule)
            }
            out += inheritedUnless(pack)
        }
        return out + ReferenceCorpusCheck(engine: engine).warnings()
    }

    /// Keywords of one CJK character or of at most two Latin letters, at medium or above.
    func shortKeywords(_ rule: Rule) -> [RuleDiagnostic] {
        guard case .keywords(let keywords) = rule.matcher, !rule.isInternal, rule.severity >= .medium else { return [] }
        return keywords.compactMap { keyword in
            let scalars = Array(keyword.value.unicodeScalars)
            let isOneCJK = scalars.count == 1 && scalars[0].properties.isIdeographic
            let isShortLatin = !scalars.isEmpty && scalars.count <= 2 && scalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic }
            guard isOneCJK || isShortLatin else { return nil }
            let what = isOneCJK ? "one CJK character" : "\(scalars.count) Latin letter\(scalars.count == 1 ? "" : "s")"
            return RuleDiagnostic(.warning, "keyword `\(keyword.value)` of rule `\(rule.qualifiedID)` is \(what) at severity \(rule.severity.rawValue): it will match far more than intended; use a longer phrase, `near`, or severity low", at: keyword.location)
        }
    }

    /// A rule without `message`, or without both `match` and `no_match` examples.
    func completeness(_ rule: Rule) -> [RuleDiagnostic] {
        var out: [RuleDiagnostic] = []
        if !rule.hasMessage && !rule.isInternal {
            out.append(RuleDiagnostic(.warning, "rule `\(rule.qualifiedID)` has no `message`: hits will show only its id", at: rule.location))
        }
        let missing = [("match", rule.examples.match.isEmpty), ("no_match", rule.examples.noMatch.isEmpty)].filter(\.1).map(\.0)
        // Internal building blocks are tested through the rules built on them.
        if !missing.isEmpty && !rule.isInternal {
            out.append(RuleDiagnostic(.warning, "rule `\(rule.qualifiedID)` has no `\(missing.joined(separator: "` or `"))` examples: give both so `rules test` checks what it catches and what it leaves alone", at: rule.location))
        }
        return out
    }

    func nearWindow(_ rule: Rule) -> [RuleDiagnostic] {
        guard case .near(_, let within) = rule.matcher, within > RuleLinter.nearWindowLimit else { return [] }
        return [RuleDiagnostic(.warning, "`near` window of rule `\(rule.qualifiedID)` is \(within) characters, over \(RuleLinter.nearWindowLimit): at that distance the parts are rarely related; use `all` or a smaller window", at: rule.location)]
    }

    /// A regex that matches the empty string (on an empty text, or with an empty match
    /// in one of the rule's examples).
    func emptyRegex(_ rule: Rule) -> [RuleDiagnostic] {
        guard case .regex(let pattern) = rule.matcher,
              let matcher = engine.rules.regexes.first(where: { engine.rules.rules[Int($0.rule)].qualifiedID == rule.qualifiedID }) else { return [] }
        let scratch = RegexScratch(matchLimit: 100_000, depthLimit: 10_000)
        var matchesEmpty = false
        for text in [""] + rule.examples.match.map(\.value) + rule.examples.noMatch.map(\.value) where !matchesEmpty {
            var copy = text
            copy.withUTF8 { bytes in
                _ = matcher.regex.forEachMatch(in: bytes, scratch: scratch) { start, end in
                    if start == end { matchesEmpty = true }
                    return !matchesEmpty
                }
            }
        }
        guard matchesEmpty else { return [] }
        return [RuleDiagnostic(.warning, "regex of rule `\(rule.qualifiedID)` can match the empty string: such matches are ignored, so the pattern is probably not what was meant (a `*` or `?` too many?)", at: pattern.location)]
    }

    /// The rule's own `unless` phrases, when none applies to any of its examples.
    func ownUnless(_ rule: Rule) -> [RuleDiagnostic] {
        let own = Array(rule.unless.dropFirst(rule.inheritedUnlessCount))
        guard let first = own.first, !applies(own, to: [rule]) else { return [] }
        return [RuleDiagnostic(.warning, "`unless` of rule `\(rule.qualifiedID)` never applies to its own examples: add a `no_match` example it exempts, so `rules test` shows it works", at: first.location)]
    }

    /// A pack's `defaults.unless` / pack-level `unless`, when none of its phrases applies
    /// to any example of the pack's rules.
    func inheritedUnless(_ pack: RulePack) -> [RuleDiagnostic] {
        guard let rule = pack.rules.first(where: { $0.inheritedUnlessCount > 0 }) else { return [] }
        let inherited = Array(rule.unless.prefix(rule.inheritedUnlessCount))
        guard !applies(inherited, to: pack.rules) else { return [] }
        return [RuleDiagnostic(.warning, "`unless` of pack `\(pack.name)` never applies to the examples of its rules: add a `no_match` example it exempts", at: inherited[0].location)]
    }

    /// Whether some example of `rules` contains one of `phrases` (compared as keyword streams).
    func applies(_ phrases: [Located<String>], to rules: [Rule]) -> Bool {
        let scratch = NormalizedText(), normalizer = engine.rules.normalizer
        func form(_ text: String) -> [UInt8] {
            KeywordForm.keywordStream(of: text, normalizer: normalizer, scratch: scratch).filter { $0 != keywordGapByte }
        }
        let forms = phrases.map { form($0.value) }.filter { !$0.isEmpty }
        for rule in rules {
            for example in rule.examples.match + rule.examples.noMatch {
                let text = form(example.value)
                if forms.contains(where: { text.contains(subsequence: $0) }) { return true }
            }
        }
        return false
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in this array as a contiguous run.
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}
