// What compiling a regex rule needs that depends on its pattern alone: PCRE2's compiled
// form, the window plan and the atoms. Worked out apart from the compiler's state, so that
// the compiler can start it on another thread (ConcurrentResult) and take it when it
// reaches the rule, while it normalizes keywords in the meantime.

/// The pattern-only part of compiling one regex rule.
struct RegexPreparation: Sendable {
    /// PCRE2's compiled pattern, or its error.
    let regex: Result<CompiledRegex, RegexCompileError>
    /// The window plan (`RegexWindow.plan`); kept only when the regex compiled with the JIT.
    let window: RegexWindow?
    /// `RegexAtoms.requiredLiterals` of the pattern.
    let literals: [String]?

    /// Parses the pattern once for the window plan and the atoms, then compiles it.
    /// `foldedSubject`: the regex runs over a case-folded view (`RegexAtoms.requiredLiterals`).
    /// `wholeWordAtoms`: the atoms must stand as words (`word: true`), so none is dropped
    /// for a shorter one inside it.
    init(pattern: String, caseSensitive: Bool, foldedSubject: Bool = false, wholeWordAtoms: Bool = false) {
        let tree = try? RegexParser.parse(pattern)
        let window = tree.flatMap { RegexWindow.plan(tree: $0, caseSensitive: caseSensitive,
                                                           foldedSubject: foldedSubject) }
        regex = Result { () throws(RegexCompileError) in
            try CompiledRegex(pattern: pattern, caseSensitive: caseSensitive, allowsZones: window != nil)
        }
        // Zones rely on the JIT's per-position match limit (see RegexWindow).
        if case .success(let compiled) = regex, compiled.isJITCompiled {
            self.window = window
        } else {
            self.window = nil
        }
        literals = tree.flatMap { RegexAtoms.requiredLiterals(of: $0, caseSensitive: caseSensitive,
                                                                      foldedSubject: foldedSubject,
                                                                      keepingSuperstrings: wholeWordAtoms) }
    }
}
