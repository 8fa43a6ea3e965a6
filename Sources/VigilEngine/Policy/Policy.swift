// The scoring policy (`rules/policy.yaml`): the score thresholds that turn a score
// into allow / review / block, per post kind, and per-category caps (a complaint is
// worth reviewing but never a reason to block a customer).
import Yams

/// Decision of a verdict, ordered from least to most severe.
public enum Decision: String, Sendable, Comparable, CaseIterable {
    case allow, review, block

    /// Exit code of `vigil check` (SPEC §1).
    public var exitCode: Int32 {
        switch self {
        case .allow: return 0
        case .review: return 1
        case .block: return 2
        }
    }

    /// Position in `allCases` (compared without building that array).
    private var severityRank: Int {
        switch self {
        case .allow: return 0
        case .review: return 1
        case .block: return 2
        }
    }

    public static func < (a: Decision, b: Decision) -> Bool {
        a.severityRank < b.severityRank
    }
}

/// Scores at or above which a verdict is reviewed or blocked.
public struct DecisionThresholds: Sendable, Equatable {
    public var review: Double
    public var block: Double
    public init(review: Double, block: Double) {
        self.review = review
        self.block = block
    }

    /// The decision for a score.
    public func decision(for score: Double) -> Decision {
        score >= block ? .block : score >= review ? .review : .allow
    }
}

/// Thresholds and caps used by the scorer.
public struct Policy: Sendable {
    /// Thresholds for records without a `kind` or with a kind not listed in `kinds`.
    public var thresholds = DecisionThresholds(review: 30, block: 60)
    /// Thresholds per record kind (`post`, `comment`).
    public var kinds: [String: DecisionThresholds] = [:]
    /// The most severe decision a category can cause on its own.
    public var categoryCaps: [String: Decision] = [:]
    /// Where the policy came from, for `rules explain`.
    public var source = "built-in defaults"
    /// The `escalation:` section (docs/escalation.md).
    public var escalation = EscalationPolicy()

    public init() {}

    /// Thresholds for a record kind.
    public func thresholds(forKind kind: String?) -> DecisionThresholds {
        kind.flatMap { kinds[$0] } ?? thresholds
    }

    /// Parses a policy file; every problem is reported with its location.
    public static func parse(_ file: RuleFile) -> (Policy, [RuleDiagnostic]) {
        var policy = Policy()
        policy.source = file.path
        var problems: [RuleDiagnostic] = []
        func at(_ node: Node) -> FileLocation {
            FileLocation(file: file.path, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        }
        func fail(_ message: String, _ node: Node) { problems.append(RuleDiagnostic(.error, message, at: at(node))) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: file.contents, .ruleFiles)
        } catch {
            let (message, line, column) = RuleLoader.describe(error)
            return (policy, [RuleDiagnostic(.error, message, at: FileLocation(file: file.path, line: line, column: column))])
        }
        guard let root else { return (policy, []) }
        guard let map = root.mapping else {
            fail("the policy must be a mapping", root)
            return (policy, problems)
        }
        func readThresholds(_ node: Node, base: DecisionThresholds) -> DecisionThresholds? {
            guard let entries = node.mapping else { fail("thresholds must be a mapping with `review` and `block`", node); return nil }
            var result = base
            for (key, value) in entries {
                guard let score = value.float, score >= 0, score <= 100 else {
                    fail("`\(key.string ?? "?")` must be a score from 0 to 100", value); continue
                }
                switch key.string {
                case "review": result.review = score
                case "block": result.block = score
                default: fail("unknown key `\(key.string ?? "?")` in thresholds (expected review, block)", key)
                }
            }
            if result.review > result.block { fail("the review threshold must not be above the block threshold", node) }
            return result
        }
        for (key, value) in map {
            switch key.string {
            case "thresholds":
                if let t = readThresholds(value, base: policy.thresholds) { policy.thresholds = t }
            case "kinds":
                guard let kinds = value.mapping else { fail("`kinds` must map a record kind to thresholds", value); continue }
                for (kind, node) in kinds {
                    if let t = readThresholds(node, base: policy.thresholds) { policy.kinds[kind.string ?? ""] = t }
                }
            case "categories":
                guard let categories = value.mapping else { fail("`categories` must map a category to settings", value); continue }
                for (category, node) in categories {
                    guard let settings = node.mapping else { fail("category settings must be a mapping", node); continue }
                    for (settingKey, settingValue) in settings {
                        guard settingKey.string == "max_decision" else {
                            fail("unknown key `\(settingKey.string ?? "?")` in category settings (expected max_decision)", settingKey); continue
                        }
                        guard let decision = settingValue.string.flatMap(Decision.init(rawValue:)) else {
                            fail("max_decision must be allow, review or block", settingValue); continue
                        }
                        policy.categoryCaps[category.string ?? ""] = decision
                    }
                }
            case "escalation":
                let (escalation, escalationProblems) = EscalationPolicy.parse(value, path: file.path)
                policy.escalation = escalation
                problems += escalationProblems
            default:
                fail("unknown key `\(key.string ?? "?")` in policy (expected thresholds, kinds, categories, escalation)", key)
            }
        }
        return (policy, problems)
    }
}
