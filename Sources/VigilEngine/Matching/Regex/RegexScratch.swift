// Why this file exists: PCRE2 needs per-match mutable state (match data, a match context carrying the
// match/depth limits, and a JIT stack). Allocating it per call is wasteful and sharing it between
// threads is a data race, so each worker thread owns one `RegexScratch` and reuses it for every post.

import CPCRE2

/// Per-thread state reused across matches: a `pcre2_match_data` block (sized generously; only the
/// overall match is ever read), a match context with a match limit and depth limit, and a JIT stack
/// assigned to that context.
///
/// Not `Sendable`: one instance must only be used by one thread at a time. Everything is freed in
/// `deinit`.
public final class RegexScratch {
    /// Number of ovector pairs in the match data. Patterns with more capture groups still work:
    /// PCRE2 then returns 0 ("ovector too small") but always fills in pair 0, the overall match.
    static let ovectorPairs: UInt32 = 16

    let matchData: OpaquePointer
    let matchContext: OpaquePointer
    let jitStack: OpaquePointer?

    /// The limits that were configured, for diagnostics.
    public let matchLimit: UInt32
    public let depthLimit: UInt32

    /// Creates match state.
    /// - Parameters:
    ///   - matchLimit: PCRE2 match limit (backtracking steps per match attempt); bounds catastrophic patterns.
    ///   - depthLimit: PCRE2 depth limit (backtracking depth; used by the interpreter, ignored by JIT).
    public init(matchLimit: UInt32 = 100_000, depthLimit: UInt32 = 10_000) {
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        // These allocations only fail when malloc fails; there is no meaningful recovery from that.
        guard let data = pcre2_match_data_create_8(Self.ovectorPairs, nil) else {
            fatalError("RegexScratch: pcre2_match_data_create failed (out of memory)")
        }
        guard let context = pcre2_match_context_create_8(nil) else {
            fatalError("RegexScratch: pcre2_match_context_create failed (out of memory)")
        }
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
        // 32 KiB initial, 1 MiB maximum. If JIT is unavailable this returns NULL and the
        // interpreter (which does not use a JIT stack) is used.
        let stack = pcre2_jit_stack_create_8(32 * 1024, 1024 * 1024, nil)
        if let stack {
            pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack))
        }
        self.matchData = data
        self.matchContext = context
        self.jitStack = stack
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(matchContext)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }
}

/// Explicitly not `Sendable`: the match data and JIT stack are mutated by every match.
@available(*, unavailable)
extension RegexScratch: Sendable {}
