// Runs the `examples` embedded in rule files (`vigil rules test`, and the test suite):
// each `match` example must make its rule hit, each `no_match` example must not.
// Internal building blocks are tested too, through their own hits.

/// Outcome of running every rule's examples.
public struct RuleExampleResults: Sendable {
    public var rules = 0
    public var passed = 0
    /// One line per failure: `file:line:col: rule pack/id: …`, saying what was found instead.
    public var failures: [String] = []
}

public struct RuleExampleRunner {
    public let engine: Engine
    public init(engine: Engine) { self.engine = engine }

    /// Runs the examples of the rules of every pack `includes` accepts (all by default).
    public func run(packs includes: (RulePack) -> Bool = { _ in true }) -> RuleExampleResults {
        var results = RuleExampleResults()
        let scratch = ScanScratch()
        for rule in engine.rules.ruleSet.packs.filter(includes).flatMap(\.rules) {
            let examples = rule.examples
            if examples.match.isEmpty && examples.noMatch.isEmpty { continue }
            results.rules += 1
            for example in examples.match {
                let hits = engine.allHits(example.value, scratch: scratch)
                if hits.contains(where: { $0.hit.rule == rule.qualifiedID }) {
                    results.passed += 1
                } else {
                    let found = hits.isEmpty ? "no hits" : "only " + hits.map { "\($0.hit.rule) on “\($0.hit.match)”" }.joined(separator: ", ")
                    results.failures.append("\(example.location): rule \(rule.qualifiedID): example “\(example.value)” should match but did not; found \(found)")
                }
            }
            for example in examples.noMatch {
                let own = engine.allHits(example.value, scratch: scratch).filter { $0.hit.rule == rule.qualifiedID }
                if own.isEmpty {
                    results.passed += 1
                } else {
                    let spans = own.map { "“\($0.hit.match)” at \($0.hit.start)–\($0.hit.end)" }.joined(separator: ", ")
                    results.failures.append("\(example.location): rule \(rule.qualifiedID): example “\(example.value)” should not match but hit \(spans)")
                }
            }
        }
        return results
    }
}
