// Why this file exists: PCRE2 needs per-match mutable state (match data, a match context carrying the
// match/depth limits, and a JIT stack). Allocating it per call is wasteful and sharing it between
// threads is a data race, so each worker thread owns one `RegexScratch` and reuses it for every post.

import CPCRE2

/// Per-thread state reused across matches: a `pcre2_match_data` block (sized generously; only the
/// overall match is ever read), a match context with a match limit and depth limit (and a copy for
/// zone scans), and a JIT stack assigned to both.
///
/// Not `Sendable`: one instance must only be used by one thread at a time. Everything is freed in
/// `deinit`.
public final class RegexScratch {
    /// Number of ovector pairs in the match data. Patterns with more capture groups still work:
    /// PCRE2 then returns 0 ("ovector too small") but always fills in pair 0, the overall match.
    static let ovectorPairs: UInt32 = 16

    let matchData: OpaquePointer
    let matchContext: OpaquePointer
    /// Same limits and JIT stack as `matchContext`; its offset limit is set per zone by
    /// `CompiledRegex.forEachMatch(in:zones:scratch:_:)` (PCRE2 rejects an offset limit for
    /// patterns compiled without `PCRE2_USE_OFFSET_LIMIT`, hence a context of its own).
    let zoneMatchContext: OpaquePointer
    /// Start-position zones of the current regex (`RegexWindow.findZones`), reused across posts.
    var zones: [Int] = []
    let jitStack: OpaquePointer?

    /// The limits that were configured, for diagnostics.
    public let matchLimit: UInt32
    public let depthLimit: UInt32
    /// Largest `RegexWindow.attemptWorkBound` scanned by zones: a quarter of the match limit,
    /// a margin for JIT steps that the bound counts as one visit.
    public let zoneWorkLimit: Int

    /// Creates match state.
    /// - Parameters:
    ///   - matchLimit: PCRE2 match limit (backtracking steps per match attempt); bounds catastrophic patterns.
    ///   - depthLimit: PCRE2 depth limit (backtracking depth; used by the interpreter, ignored by JIT).
    public init(matchLimit: UInt32 = 100_000, depthLimit: UInt32 = 10_000) {
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        self.zoneWorkLimit = Int(matchLimit) / 4
        // These allocations only fail when malloc fails; there is no meaningful recovery from that.
        guard let data = pcre2_match_data_create_8(Self.ovectorPairs, nil) else {
            fatalError("RegexScratch: pcre2_match_data_create failed (out of memory)")
        }
        guard let context = pcre2_match_context_create_8(nil) else {
            fatalError("RegexScratch: pcre2_match_context_create failed (out of memory)")
        }
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
        guard let zoneContext = pcre2_match_context_copy_8(context) else {
            fatalError("RegexScratch: pcre2_match_context_copy failed (out of memory)")
        }
        // 32 KiB initial, 1 MiB maximum. If JIT is unavailable this returns NULL and the
        // interpreter (which does not use a JIT stack) is used.
        let stack = pcre2_jit_stack_create_8(32 * 1024, 1024 * 1024, nil)
        if let stack {
            pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack))
            pcre2_jit_stack_assign_8(zoneContext, nil, UnsafeMutableRawPointer(stack))
        }
        self.matchData = data
        self.matchContext = context
        self.zoneMatchContext = zoneContext
        self.jitStack = stack
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(matchContext)
        pcre2_match_context_free_8(zoneMatchContext)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }
}

/// Explicitly not `Sendable`: the match data and JIT stack are mutated by every match.
@available(*, unavailable)
extension RegexScratch: Sendable {}
