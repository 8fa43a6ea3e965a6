// The record kinds a policy knows. A kind selects thresholds (`kinds:` in policy.yaml);
// a kind nobody defined is almost always a typo (`posts`, `tweet`), and silently using
// the general thresholds for it would let a strict pre-publish check turn lenient, so
// callers refuse it: `vigil check` with exit 64, HTTP with 400, `screen` with an error
// record for that line.

extension Policy {
    /// The kinds every policy accepts: the input records name them, and without their own
    /// thresholds they use `thresholds`.
    public static let standardKinds = ["comment", "post"]

    /// Every kind this policy accepts, sorted: the standard ones and those under `kinds`.
    public var knownKinds: [String] { Array(Set(Policy.standardKinds).union(kinds.keys)).sorted() }

    /// Whether `kind` is a kind this policy accepts.
    public func knowsKind(_ kind: String) -> Bool {
        kinds[kind] != nil || kind == "post" || kind == "comment"
    }

    /// The message for a kind the policy does not know, naming the known ones.
    public func unknownKindMessage(_ kind: String) -> String {
        "unknown kind `\(kind)` (the policy defines: \(knownKinds.joined(separator: ", ")))"
    }
}
