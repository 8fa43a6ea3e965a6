// The scoring policy (`rules/policy.yaml`): the score thresholds that turn a score
// into allow / review / block, per post kind, and per-category caps (a complaint is
// worth reviewing but never a reason to block a customer).
import Yams

/// Decision of a verdict, ordered from least to most severe.
public enum Decision: String, Sendable, Comparable, CaseIterable {
    case allow, review, block

    /// Exit code of `vigil check` (docs/reference/commands.md).
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
        let root: Node?
        do {
            root = try Yams.compose(yaml: file.contents, .ruleFiles)
        } catch {
            let (message, line, column) = RuleLoader.describe(error)
            return (policy, [RuleDiagnostic(.error, message, at: FileLocation(file: file.path, line: line, column: column))])
        }
        guard let root else { return (policy, []) }
        var reader = YAMLFieldReader(path: file.path)
        guard root.mapping != nil else {
            reader.fail("the policy must be a mapping", root)
            return (policy, reader.problems)
        }
        reader.entries(root, "policy", ["thresholds", "kinds", "categories", "escalation"]) { reader, key, value in
            switch key {
            case "thresholds":
                if let t = reader.thresholds(value, base: policy.thresholds) { policy.thresholds = t }
            case "kinds":
                guard let kinds = value.mapping else { reader.fail("`kinds` must map a record kind to thresholds", value); return }
                for (kind, node) in kinds {
                    if let t = reader.thresholds(node, base: policy.thresholds) { policy.kinds[kind.string ?? ""] = t }
                }
            case "categories":
                reader.categoryCaps(value, into: &policy.categoryCaps)
            default:
                let (escalation, escalationProblems) = EscalationPolicy.parse(value, path: file.path)
                policy.escalation = escalation
                reader.problems += escalationProblems
            }
        }
        return (policy, reader.problems)
    }
}

/// The keys of the scoring part of a policy file.
extension YAMLFieldReader {
    mutating func thresholds(_ node: Node, base: DecisionThresholds) -> DecisionThresholds? {
        guard node.mapping != nil else { fail("thresholds must be a mapping with `review` and `block`", node); return nil }
        var result = base
        entries(node, "thresholds", ["review", "block"]) { reader, key, value in
            guard let score = value.float, score >= 0, score <= 100 else {
                reader.fail("`\(key)` must be a score from 0 to 100", value); return
            }
            if key == "review" { result.review = score } else { result.block = score }
        }
        if result.review > result.block { fail("the review threshold must not be above the block threshold", node) }
        return result
    }

    mutating func categoryCaps(_ node: Node, into caps: inout [String: Decision]) {
        guard let categories = node.mapping else { fail("`categories` must map a category to settings", node); return }
        for (category, settings) in categories {
            guard settings.mapping != nil else { fail("category settings must be a mapping", settings); continue }
            entries(settings, "category settings", ["max_decision"]) { reader, _, value in
                guard let decision = value.string.flatMap(Decision.init(rawValue:)) else {
                    reader.fail("max_decision must be allow, review or block", value); return
                }
                caps[category.string ?? ""] = decision
            }
        }
    }
}
