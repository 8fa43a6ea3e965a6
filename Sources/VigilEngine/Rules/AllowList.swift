// The `allow:` entries of every pack, compiled: texts declared harmless (a brand's own
// hotline, e-mail, handles, product names, rebuttal phrases). A hit that lies wholly
// inside an allowed stretch of the post is dropped, whatever its rule or category.
// Exact entries are found by one automaton over the folded text (every normalization
// step but separators, so `+86 21 6234 5678` and `support@nimbus.com` keep their
// punctuation); `{regex: …}` entries run on the same text, each only in posts where that
// automaton saw one of the literals every match of it contains (as rule regexes are
// gated by their atoms). A rule set without entries has no AllowList and its posts
// never look for one.

public struct AllowList: Sendable {
    /// Every entry, in pack order; allowed spans point here.
    public let entries: [AllowEntry]
    /// Folded forms of the exact entries, then the required literals of the regexes.
    let exact: KeywordAutomaton?
    /// Per exact pattern: its entry, and whether each end must be a word edge (the entry
    /// starts or ends with an ASCII letter or digit, so `nimbus` does not allow `nimbusx`).
    let exactEntries: [(entry: Int32, wordStart: Bool, wordEnd: Bool)]
    /// Per automaton pattern past the exact ones: the regex (index into `regexes`) whose
    /// literal it is.
    let literalRegex: [Int32]
    /// `gated`: the regex runs only when one of its literals was seen (at most 64 are gated).
    let regexes: [(entry: Int32, regex: CompiledRegex, gated: Bool)]
    /// Keyword-stream forms of every entry (its text, or its regex's literals), which the
    /// main scan reports (`KeywordEntry.Role.allowGate`): a post where none occurs holds no
    /// allowed text and is not scanned for it. Empty when some entry has no such form.
    public let gates: [[UInt8]]
    /// Whether every post is scanned (some entry has no gate).
    let alwaysRuns: Bool

    /// Compiles the entries of `packs`; nil when there are none. Problems (an invalid
    /// regex, an entry with nothing left after folding) go to `diagnostics`.
    /// `gate` gives the keyword-stream form of a text, or nil when it has none usable.
    static func compile(_ packs: [RulePack], normalizer: Normalizer, gate: (String) -> [UInt8]?,
                        diagnostics: inout [RuleDiagnostic]) -> AllowList? {
        let entries = packs.flatMap(\.settings.allow)
        guard !entries.isEmpty else { return nil }
        var patterns: [[UInt8]] = [], exactEntries: [(entry: Int32, wordStart: Bool, wordEnd: Bool)] = []
        var regexes: [(entry: Int32, regex: CompiledRegex, gated: Bool)] = []
        var literals: [[UInt8]] = [], literalRegex: [Int32] = []
        var gates: [[UInt8]] = [], ungated = false
        func addGates(_ texts: [String]) {
            let forms = texts.map(gate)
            if texts.isEmpty || forms.contains(where: { $0 == nil }) { ungated = true } else { gates += forms.compactMap { $0 } }
        }
        for (index, entry) in entries.enumerated() {
            switch entry.pattern {
            case .exact(let text):
                let folded = Array(normalizer.normalizedViews(of: text).folded.utf8)
                guard let first = folded.first, let last = folded.last else {
                    diagnostics.append(RuleDiagnostic(.error, "allow entry `\(text)` has nothing left to match after normalization", at: entry.location))
                    continue
                }
                patterns.append(folded)
                addGates([text])
                exactEntries.append((Int32(index), ASCII.isAlnum(first), ASCII.isAlnum(last)))
            case .regex(let pattern):
                do {
                    let regex = try CompiledRegex(pattern: pattern)
                    let atoms = RegexAtoms.requiredLiterals(of: pattern, caseSensitive: false) ?? []
                    let folded = atoms.map { Array(normalizer.normalizedViews(of: $0).folded.utf8) }
                    let gated = regexes.count < 64 && !folded.isEmpty && folded.allSatisfy { $0.count >= 2 }
                    if gated {
                        literals += folded
                        literalRegex += Array(repeating: Int32(regexes.count), count: folded.count)
                    }
                    regexes.append((Int32(index), regex, gated))
                    addGates(atoms)
                } catch {
                    var at = entry.location
                    let characters = String(decoding: pattern.utf8.prefix(error.offset), as: UTF8.self).unicodeScalars.count
                    at.column += characters
                    diagnostics.append(RuleDiagnostic(.error, "invalid regex: \(error.message) (at character \(characters) of the pattern)", at: at))
                }
            }
        }
        let all = patterns + literals
        return AllowList(entries: entries, exact: all.isEmpty ? nil : KeywordAutomaton(patterns: all),
                         exactEntries: exactEntries, literalRegex: literalRegex, regexes: regexes,
                         gates: ungated ? [] : gates, alwaysRuns: ungated)
    }
}
