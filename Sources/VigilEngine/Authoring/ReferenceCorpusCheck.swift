// How often each scored keyword and regex rule fires on ordinary posts: the reference
// corpus built into the binary (ReferenceCorpusData, made by
// tools/make_reference_corpus.py from the project's clean sample templates and small
// attributed samples of COLDataset and Davidson et al.). A rule that fires on more than
// 1% of these posts flags ordinary text; lint names the keyword (or regex) and its rate.

struct ReferenceCorpusCheck {
    let engine: Engine

    /// The reference posts, one a line.
    static let texts: [String] = referenceCorpusText.split(separator: "\n").map(String.init)

    func warnings() -> [RuleDiagnostic] {
        let texts = ReferenceCorpusCheck.texts
        let limit = Double(texts.count) * RuleLinter.referenceRateLimit
        let scratch = ScanScratch()
        // Per rule: the matched texts (original slices) of every reference post it hit.
        var matchesByRule: [String: [Set<String>]] = [:]
        for text in texts {
            var matched: [String: Set<String>] = [:]
            for (hit, isInternal) in engine.allHits(text, scratch: scratch) where !isInternal {
                matched[hit.rule, default: []].insert(hit.match)
            }
            for (rule, matches) in matched { matchesByRule[rule, default: []].append(matches) }
        }
        var out: [RuleDiagnostic] = []
        for rule in engine.rules.ruleSet.rules where !rule.isInternal {
            guard let posts = matchesByRule[rule.qualifiedID], Double(posts.count) > limit else { continue }
            out += warnings(rule, posts: posts, limit: limit, total: texts.count)
        }
        return out
    }

    /// The warnings of one rule that fired on `posts` (each a set of matched texts).
    func warnings(_ rule: Rule, posts: [Set<String>], limit: Double, total: Int) -> [RuleDiagnostic] {
        func rate(_ count: Int) -> String {
            let percent = Double(count) * 100 / Double(total)
            return "\((percent * 10).rounded() / 10)% (\(count) of \(total))"
        }
        switch rule.matcher {
        case .keywords(let keywords):
            let normalizer = engine.rules.normalizer, scratch = NormalizedText()
            func form(_ text: String) -> [UInt8] {
                KeywordForm.keywordStream(of: text, normalizer: normalizer, scratch: scratch).filter { $0 != keywordGapByte }
            }
            let postForms = posts.map { Set($0.map(form)) }
            var out: [RuleDiagnostic] = []
            for keyword in keywords {
                let wanted = form(keyword.value)
                let count = postForms.filter { $0.contains(wanted) }.count
                if Double(count) > limit {
                    out.append(RuleDiagnostic(.warning, "keyword `\(keyword.value)` of rule `\(rule.qualifiedID)` matches \(rate(count)) of the reference posts (ordinary text; over 1%)", at: keyword.location))
                }
            }
            if out.isEmpty {
                out.append(RuleDiagnostic(.warning, "rule `\(rule.qualifiedID)` matches \(rate(posts.count)) of the reference posts (ordinary text; over 1%)", at: rule.location))
            }
            return out
        case .regex(let pattern):
            return [RuleDiagnostic(.warning, "regex of rule `\(rule.qualifiedID)` matches \(rate(posts.count)) of the reference posts (ordinary text; over 1%)", at: pattern.location)]
        default:
            return []
        }
    }
}
