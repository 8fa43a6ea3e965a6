// The engine's front door: a compiled rule set plus a policy, loaded and checked as a
// unit, turning one post into a Verdict. Immutable and Sendable; callers bring a
// `ScanScratch` per thread.

/// Rules and policy ready to check posts.
public final class Engine: Sendable {
    public let rules: CompiledRules
    public let policy: Policy
    /// Problems that did not stop loading (costly regexes), for `rules lint` and logs.
    public let warnings: [RuleDiagnostic]
    /// Per category of `rules`: the most severe decision it can cause (its policy cap).
    let categoryCapList: [Decision]
    /// The thresholds of the two standard kinds, looked up once: most records give no
    /// kind and take one of them (PolicyKinds).
    let postThresholds: DecisionThresholds
    let commentThresholds: DecisionThresholds

    public init(rules: CompiledRules, policy: Policy, warnings: [RuleDiagnostic] = []) {
        self.rules = rules
        self.policy = policy
        self.warnings = warnings
        categoryCapList = rules.categories.map { policy.categoryCaps[$0] ?? .block }
        postThresholds = policy.thresholds(forKind: "post")
        commentThresholds = policy.thresholds(forKind: "comment")
    }

    /// Loads, lints and compiles `source`; throws every error (with warnings) when any.
    /// Without a `compiler`, the default one is made on another thread while this one reads
    /// the rule files: its normalizer builds the folding tables (`ScalarFolding.shared`).
    public static func load(_ source: RuleSource, compiler: RuleCompiler? = nil) throws(RuleLoadFailure) -> Engine {
        let defaultCompiler = compiler == nil ? ConcurrentResult { RuleCompiler() } : nil
        var loader = RuleLoader(source: source)
        let ruleSet = loader.load()
        let compilation = (compiler ?? defaultCompiler!.value()).compile(ruleSet, diagnostics: loader.problems)
        var diagnostics = compilation.diagnostics
        var policy = Policy()
        if let file = source.policyFile {
            let (parsed, problems) = Policy.parse(file)
            policy = parsed
            diagnostics += problems
        }
        guard let rules = compilation.rules, !diagnostics.contains(where: { $0.level == .error }) else {
            throw RuleLoadFailure(diagnostics)
        }
        return Engine(rules: rules, policy: policy, warnings: diagnostics)
    }

    /// Checks one post. `text` is the original; `kind` selects policy thresholds.
    public func check(_ text: String, kind: String? = nil, scratch: ScanScratch) -> Verdict {
        var copy = text
        return copy.withUTF8 { check(utf8: $0, kind: kind, scratch: scratch) }
    }

    /// Checks one post given as valid UTF-8 bytes.
    public func check(utf8 original: UnsafeBufferPointer<UInt8>, kind: String? = nil, scratch: ScanScratch) -> Verdict {
        evaluate(utf8: original, scratch: scratch)
        return verdict(original: original, kind: kind, scratch: scratch)
    }

    /// Runs every matcher and condition; the hits are left in `scratch`.
    func evaluate(utf8 original: UnsafeBufferPointer<UInt8>, scratch: ScanScratch) {
        scratch.prepare(for: rules)
        scratch.reset()
        PostMatcher(rules: rules, scratch: scratch, original: original).run()
        ConditionEvaluator(rules: rules, scratch: scratch, original: original).run()
    }

    /// Every rule's hits for `text`, internal building blocks included, ordered by
    /// position (for `rules test` and `rules explain`).
    public func allHits(_ text: String, scratch: ScanScratch) -> [(hit: Hit, isInternal: Bool)] {
        var copy = text
        return copy.withUTF8 { original in
            evaluate(utf8: original, scratch: scratch)
            var hits: [(hit: Hit, isInternal: Bool)] = []
            for ruleIndex in scratch.rulesWithHits {
                let rule = rules.rules[Int(ruleIndex)]
                for span in scratch.hitsByRule[Int(ruleIndex)] { hits.append((makeHit(rule, span, original), rule.isInternal)) }
            }
            return hits.sorted { ($0.hit.start, $0.hit.end, $0.hit.rule) < ($1.hit.start, $1.hit.end, $1.hit.rule) }
        }
    }

    func makeHit(_ rule: CompiledRule, _ span: SpanHit, _ original: UnsafeBufferPointer<UInt8>) -> Hit {
        Hit(rule: rule.qualifiedID, category: rule.category, severity: rule.severity,
            start: Int(span.start), end: Int(span.end),
            match: String(decoding: original[Int(span.byteStart)..<Int(span.byteEnd)], as: UTF8.self),
            message: rule.message, basis: rule.basis, suggest: rule.suggest,
            weight: rule.weight, signal: rule.signal, ruleIndex: span.rule)
    }

    /// Scores the hits in `scratch` and builds the verdict.
    func verdict(original: UnsafeBufferPointer<UInt8>, kind: String?, scratch: ScanScratch) -> Verdict {
        let (decision, score) = score(kind: kind, scratch: scratch)
        var hits: [Hit] = []
        hits.reserveCapacity(scratch.reportHits.count)
        for span in scratch.reportHits { hits.append(makeHit(rules.rules[Int(span.rule)], span, original)) }
        let categories = scratch.reportCategories.map { (name: rules.categories[Int($0.index)], score: $0.score) }
        return Verdict(decision: decision, score: score, categories: categories, hits: hits, warnings: scratch.warnings)
    }
}
