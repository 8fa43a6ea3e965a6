// The result of checking one post (docs/reference/records.md): the decision, the scores, and each hit
// with the exact span of the original text it covers.

/// One reported rule hit.
public struct Hit: Sendable, Equatable {
    /// `pack/id`.
    public var rule: String
    public var category: String
    public var severity: Severity
    /// Code-point offsets into the original text, end exclusive.
    public var start: Int
    public var end: Int
    /// Exactly the original text between `start` and `end`.
    public var match: String
    public var message: String
    public var basis: String?
    public var suggest: [String]
    /// The rule's weight: what this hit can add to its category score.
    public var weight: Double
    /// The escalation signal this hit feeds.
    public var signal: String
    /// Index of the rule in the compiled rule set that produced the hit (-1 when
    /// unknown), so the screening output can use the rule's pre-encoded JSON.
    var ruleIndex: Int32 = -1
}

/// The verdict on one post.
public struct Verdict: Sendable {
    public var decision: Decision
    /// Overall score in [0, 100]: the highest category score.
    public var score: Double
    /// Score per category that has hits, in order of first appearance in the rules.
    public var categories: [(name: String, score: Double)]
    /// Hits ordered by start, then end, then rule.
    public var hits: [Hit]
    /// Notes about the input or the evaluation (invalid UTF-8 replaced, a regex hit its limit).
    public var warnings: [String]
}
