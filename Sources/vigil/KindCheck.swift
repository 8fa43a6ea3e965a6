// A `--kind` the policy does not define is a usage error (exit 64) naming the known
// kinds: a typo such as `posts` must not quietly fall back to lenient thresholds.
import ArgumentParser
import VigilEngine

enum KindCheck {
    /// Exits 64 when `kind` is not a kind of `policy`.
    static func require(_ kind: String, in policy: Policy) throws {
        if !policy.knowsKind(kind) { throw fail(ExitStatus.usage, policy.unknownKindMessage(kind)) }
    }
}
