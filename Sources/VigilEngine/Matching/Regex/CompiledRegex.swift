// Why this file exists: rule regexes are PCRE-flavoured and must run fast and safely on untrusted
// posts, so Vigil compiles them once with PCRE2 (JIT when available) and matches over raw UTF-8
// bytes with hard match/depth limits instead of using Swift's Regex.

import CPCRE2

/// A compile failure: PCRE2's own message and the byte offset in the pattern where it was detected.
public struct RegexCompileError: Error, Sendable, Equatable {
    /// PCRE2's error text, e.g. "missing closing parenthesis".
    public var message: String
    /// Byte offset into the pattern's UTF-8 where PCRE2 detected the error.
    public var offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
}

/// How a scan over a subject ended.
public enum RegexScanOutcome: Sendable {
    /// Every match was reported (or the callback asked to stop).
    case completed
    /// PCRE2 hit the match or depth limit, or reported another runtime error; matches reported
    /// before that point are still valid, but later ones may be missing.
    case limitExceeded
}

/// A compiled PCRE2 pattern.
///
/// Sendability: after `pcre2_compile` and `pcre2_jit_compile` return, the `pcre2_code` is never
/// written again; PCRE2 documents compiled patterns (including their JIT code) as safe to use from
/// several threads at once, as long as each thread brings its own match data and JIT stack, which
/// `RegexScratch` provides. The pointer is immutable and freed only in `deinit`, hence
/// `@unchecked Sendable`.
public final class CompiledRegex: @unchecked Sendable {
    /// The source pattern.
    public let pattern: String
    /// Whether the pattern was compiled without `PCRE2_CASELESS`.
    public let caseSensitive: Bool
    /// Whether PCRE2's JIT compiled this pattern (otherwise the interpreter is used).
    public let isJITCompiled: Bool
    /// Whether the pattern was compiled with `PCRE2_USE_OFFSET_LIMIT`, which
    /// `forEachMatch(in:zones:scratch:_:)` needs.
    public let allowsZones: Bool

    private let code: OpaquePointer

    /// Compiles `pattern`.
    ///
    /// Options: `PCRE2_UTF | PCRE2_UCP`, plus `PCRE2_CASELESS` unless `caseSensitive`. The pattern is
    /// then JIT-compiled (`PCRE2_JIT_COMPLETE`) when the JIT is available, falling back to the
    /// interpreter otherwise.
    /// `allowsZones` adds `PCRE2_USE_OFFSET_LIMIT` (no effect on what matches).
    /// - Throws: `RegexCompileError` with PCRE2's message and the byte offset of the error.
    public init(pattern: String, caseSensitive: Bool = false, allowsZones: Bool = false) throws(RegexCompileError) {
        var options: UInt32 = PCRE2_UTF | PCRE2_UCP
        if !caseSensitive { options |= PCRE2_CASELESS }
        if allowsZones { options |= PCRE2_USE_OFFSET_LIMIT }
        var errorCode: Int32 = 0
        var errorOffset = 0
        let length = pattern.utf8.count
        // withCString always yields a non-null pointer, even for "", which PCRE2 10.42 requires.
        let compiled: OpaquePointer? = pattern.withCString { cString in
            cString.withMemoryRebound(to: UInt8.self, capacity: length + 1) { bytes in
                pcre2_compile_8(bytes, length, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw RegexCompileError(message: Self.errorMessage(for: errorCode), offset: errorOffset)
        }
        self.code = compiled
        self.pattern = pattern
        self.caseSensitive = caseSensitive
        self.allowsZones = allowsZones
        // Non-zero means the JIT is unavailable or failed for this pattern; pcre2_match then
        // silently uses the interpreter.
        self.isJITCompiled = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
    }

    deinit {
        pcre2_code_free_8(code)
    }

    /// Calls `body(start, end)` (byte offsets into `subject`) for each successive non-overlapping
    /// match, left to right, stopping early when `body` returns `false`.
    ///
    /// After an empty match the next search starts at the same offset with
    /// `PCRE2_NOTEMPTY_ATSTART`, so PCRE2 itself advances by whole UTF-8 characters (as Perl does:
    /// `x*` over `abc` reports four empty matches at 0, 1, 2 and 3).
    ///
    /// `subject` must be valid UTF-8; it is not re-checked (`PCRE2_NO_UTF_CHECK`).
    /// - Returns: `.limitExceeded` if PCRE2 hit the match/depth limit or reported any other runtime
    ///   error (never traps), else `.completed`.
    public func forEachMatch(
        in subject: UnsafeBufferPointer<UInt8>,
        scratch: RegexScratch,
        _ body: (Int, Int) -> Bool
    ) -> RegexScanOutcome {
        guard let base = subject.baseAddress else {
            // PCRE2 10.42 rejects a NULL subject even with length 0; match against a real empty buffer.
            var empty: UInt8 = 0
            return withUnsafePointer(to: &empty) { pointer in
                scan(pointer, length: 0, scratch: scratch, body)
            }
        }
        return scan(base, length: subject.count, scratch: scratch, body)
    }

    private func scan(
        _ subject: UnsafePointer<UInt8>,
        length: Int,
        scratch: RegexScratch,
        _ body: (Int, Int) -> Bool
    ) -> RegexScanOutcome {
        let ovector = pcre2_get_ovector_pointer_8(scratch.matchData)!
        var offset = 0
        var options: UInt32 = PCRE2_NO_UTF_CHECK
        while offset <= length {
            let rc = pcre2_match_8(
                code, subject, length, offset, options, scratch.matchData, scratch.matchContext)
            if rc == PCRE2_ERROR_NOMATCH { return .completed }
            if let outcome = take(rc, ovector, length: length, offset: &offset, options: &options, body) { return outcome }
        }
        return .completed
    }

    /// Handles a `pcre2_match` result other than "no match": reports the match to `body` and
    /// moves the search cursor past it (with `PCRE2_NOTEMPTY_ATSTART` after an empty match).
    /// Returns the scan's outcome when it must stop (a limit or runtime error, or `body`
    /// declined more matches), nil to go on.
    @inline(__always)
    private func take(
        _ rc: Int32, _ ovector: UnsafeMutablePointer<Int>, length: Int,
        offset: inout Int, options: inout UInt32, _ body: (Int, Int) -> Bool
    ) -> RegexScanOutcome? {
        // rc == 0 means "ovector too small for all groups"; pair 0 is still set.
        if rc < 0 { return .limitExceeded }
        let start = ovector[0]
        let end = ovector[1]
        // \K inside a lookaround can report start > end; PCRE2 forbids that by default, but never
        // hand out an inverted range or loop backwards.
        guard start <= end, end <= length, end >= offset else { return .limitExceeded }
        if !body(start, end) { return .completed }
        offset = end
        options = start == end ? (PCRE2_NO_UTF_CHECK | PCRE2_NOTEMPTY_ATSTART) : PCRE2_NO_UTF_CHECK
        return nil
    }

    /// As `forEachMatch(in:scratch:_:)`, but trying start positions only inside `zones`
    /// (inclusive byte offset pairs, in increasing order of their last offset, from
    /// `RegexWindow.findZones`). PCRE2 still reads the whole subject around each attempt.
    ///
    /// Gives the same matches and outcome as the full scan when no match can start outside the
    /// zones and no attempt outside them can reach the match limit (see RegexWindow). Needs
    /// `allowsZones`.
    public func forEachMatch(
        in subject: UnsafeBufferPointer<UInt8>,
        zones: [Int],
        scratch: RegexScratch,
        _ body: (Int, Int) -> Bool
    ) -> RegexScanOutcome {
        // Without PCRE2_USE_OFFSET_LIMIT, PCRE2 rejects the offset limit and the error
        // would read as the match limit.
        precondition(allowsZones, "forEachMatch(in:zones:) on a regex compiled without allowsZones")
        guard let base = subject.baseAddress, !zones.isEmpty else { return .completed }
        let length = subject.count
        let ovector = pcre2_get_ovector_pointer_8(scratch.matchData)!
        let context = scratch.zoneMatchContext
        // The full scan's cursor: where its next search would start, and with which options.
        var offset = 0
        var options: UInt32 = PCRE2_NO_UTF_CHECK
        var pair = 0
        while pair < zones.count {
            let first = zones[pair], last = zones[pair + 1]
            pair += 2
            // No match starts before `first`; the empty-match option only concerns `offset` itself.
            if offset < first {
                offset = first
                options = PCRE2_NO_UTF_CHECK
            }
            if offset > last { continue }
            pcre2_set_offset_limit_8(context, last)
            while offset <= last {
                let rc = pcre2_match_8(code, base, length, offset, options, scratch.matchData, context)
                if rc == PCRE2_ERROR_NOMATCH {
                    // Every start up to `last` failed.
                    offset = last + 1
                    options = PCRE2_NO_UTF_CHECK
                    break
                }
                if let outcome = take(rc, ovector, length: length, offset: &offset, options: &options, body) { return outcome }
            }
        }
        return .completed
    }

    private static func errorMessage(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            pcre2_get_error_message_8(code, pointer.baseAddress, pointer.count)
        }
        guard count > 0 else { return "PCRE2 error \(code)" }
        return String(decoding: buffer[..<Int(count)], as: UTF8.self)
    }
}
