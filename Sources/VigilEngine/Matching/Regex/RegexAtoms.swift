// Why this file exists: Vigil never runs every regex on every post. For each pattern it extracts
// "atoms" (literals at least one of which occurs in every match, the FilteredRE2 / YARA idea); the
// keyword automaton finds all atoms in one pass and a regex runs only on posts where one of its
// atoms was seen. Soundness matters more than precision: when unsure we return nil (always run).
//
// Worked example: the contact-solicitation regex of the spam pack, caseless,
//
//     (?:加|➕)\s*(?:微信|v信|vx|wx)\s*[:：]?\s*[a-z0-9_-]{5,}
//
// Each item of the concatenation first gets its own info (`AtomAnalyzer.info`):
//
//     (?:加|➕)              exact {加, ➕}
//     \s*                   unconstrained (a class too large to list, and optional)
//     (?:微信|v信|vx|wx)      exact {微信, v信, vx, wx} (caseless: compared lowercased)
//     \s*                   unconstrained
//     [:：]?                 exact {"", :, ：}
//     \s*                   unconstrained
//     [a-z0-9_-]{5,}        unconstrained (38 members: more than `exactLimit`)
//
// `concatenation` joins neighbouring exact items by cross product; here an unconstrained
// item stands between every two of them, so each exact set ends its own run. Each run
// becomes a requirement, "the match contains one of these": {加, ➕}, {微信, v信, vx,
// wx}, and none for {"", :, ：}, which holds a string shorter than `minimumBytes` (the
// empty one). All of them hold at once (AND), but the answer is one OR-set, so `and`
// keeps the stronger: the weakest atom's length in characters decides first, and {加,
// ➕} has one-character atoms, {微信, v信, vx, wx} two. So the atoms are 微信, v信, vx and
// wx: the keyword automaton looks for them in every post, and the regex runs only where
// it saw one (RegexAtomsTests.wechatContactPattern checks this example).

/// Required-literal ("atom") extraction for regex prefiltering.
public enum RegexAtoms {
    /// A set of literals, at least one of which occurs in every match of `pattern`, or nil when no
    /// useful set exists.
    ///
    /// - For a caseless pattern (`caseSensitive == false`) the atoms are lowercased and must be
    ///   compared caselessly: a match contains one of them once the matched text is lowercased.
    ///   Letters PCRE2 folds together although they lowercase differently (`s`/`ſ`, `σ`/`ς`,
    ///   `µ`/`μ`, …) yield one atom per lowercase spelling, so plain lowercasing is enough.
    /// - nil when the pattern can match without containing any literal of at least `minimumBytes`
    ///   UTF-8 bytes, when the best set would have more than `maximumAtoms` literals, or when the
    ///   pattern uses syntax this analysis does not model (backreferences, `\Q..\E`,
    ///   `\K`, inline options such as `(?i)`, callouts, recursion, conditionals, `(*VERB)`s).
    /// - Lookaheads and lookbehinds contribute nothing (they look outside the reported match span).
    ///
    /// Computed per syntax node as in RE2's prefilter: either an exact (small) set of strings the
    /// node can match, or a requirement; the final requirement is a single OR-set of literals.
    /// - `foldedSubject`: the regex only ever runs over a case-folded view (the normalizer's
    ///   case-folding step was applied), where no ASCII capital, `ſ` (U+017F) or Kelvin sign
    ///   (U+212A) occurs, so a caseless ASCII letter can only match its lowercase byte there and
    ///   needs one atom spelling, not two (`s`/`ſ`). Without it every `s` of a caseless pattern
    ///   doubles the exact sets, which pushes long English alternations past the set limits
    ///   (slow to analyse, and often no atoms at all).
    public static func requiredLiterals(
        of pattern: String,
        caseSensitive: Bool,
        foldedSubject: Bool = false,
        minimumBytes: Int = 2,
        maximumAtoms: Int = 64
    ) -> [String]? {
        guard let tree = try? RegexParser.parse(pattern) else { return nil }
        return requiredLiterals(of: tree, caseSensitive: caseSensitive, foldedSubject: foldedSubject,
                                minimumBytes: minimumBytes, maximumAtoms: maximumAtoms)
    }

    /// As `requiredLiterals(of:caseSensitive:minimumBytes:maximumAtoms:)`, for a parsed pattern
    /// (or a part of one: RegexWindow asks about leading parts).
    static func requiredLiterals(
        of tree: RegexNode,
        caseSensitive: Bool,
        foldedSubject: Bool = false,
        minimumBytes: Int = 2,
        maximumAtoms: Int = 64,
        keepingSuperstrings: Bool = false
    ) -> [String]? {
        var analyzer = AtomAnalyzer(
            caseSensitive: caseSensitive,
            foldedSubject: foldedSubject,
            minimumBytes: max(1, minimumBytes),
            maximumAtoms: max(1, maximumAtoms))
        analyzer.keepsSuperstrings = keepingSuperstrings
        return literals(analyzer.requirement(of: analyzer.info(tree)))
    }

    /// The literals of an OR-set requirement as sorted strings; nil when unconstrained.
    static func literals(_ requirement: AtomRequirement) -> [String]? {
        guard case .anyOf(let atoms) = requirement else { return nil }
        return atoms.map { String(decoding: $0, as: UTF8.self) }.sorted {
            $0.utf8.lexicographicallyPrecedes($1.utf8)
        }
    }
}

/// Strings are handled as UTF-8 byte arrays: `String` equality is canonical equivalence, which
/// would merge atoms that differ in bytes (precomposed vs decomposed accents) and lose one.
typealias AtomBytes = [UInt8]

/// What a node tells us about the text it matches.
enum AtomInfo {
    /// The node matches exactly one of these strings (may contain "").
    case exact(Set<AtomBytes>)
    /// Every match of the node contains what this requirement says.
    case match(AtomRequirement)
}

/// A simplified prefilter: no constraint, or "contains at least one of these literals".
/// (AND nodes are resolved immediately by keeping the stronger side; the final answer is one
/// OR-set anyway.)
enum AtomRequirement: Equatable {
    case unconstrained
    case anyOf(Set<AtomBytes>)
}

struct AtomAnalyzer {
    let caseSensitive: Bool
    /// The subject is a case-folded view (see `RegexAtoms.requiredLiterals`).
    var foldedSubject = false
    let minimumBytes: Int
    let maximumAtoms: Int
    /// Keep `cures` beside `cure`: for atoms that must stand as whole words (a regex rule
    /// with `word: true`), `cure` inside `cures` is not one, so the longer one is needed.
    var keepsSuperstrings = false
    /// Largest exact set kept as exact (RE2 uses 16).
    let exactLimit = 16
    /// Largest cross product computed when concatenating exact sets.
    let crossLimit = 64
    /// Longest exact string built by concatenation; longer runs are split into separate atoms.
    let exactBytesLimit = 256
    /// `x{n,…}` with n up to this is expanded to n copies of x, so exact literals can join up.
    /// (x's info is computed once and reused, so nested repetitions stay cheap.)
    let repeatExpansionLimit = 16

    // MARK: Per-node info

    func info(_ node: RegexNode) -> AtomInfo {
        switch node {
        case .empty, .lookaround:
            return .exact([[]])
        case .literal(let scalar):
            guard let strings = variants(of: scalar) else { return .match(.unconstrained) }
            return .exact(strings)
        case .charClass(.large):
            return .match(.unconstrained)
        case .charClass(.members(let members)):
            var strings: Set<AtomBytes> = []
            for member in members {
                guard let v = variants(of: member) else { return .match(.unconstrained) }
                strings.formUnion(v)
                if strings.count > exactLimit { return .match(.unconstrained) }
            }
            return .exact(strings)
        case .concat(let children):
            return concatenation(children)
        case .alternation(let branches):
            return alternation(branches)
        case .repetition(let inner, let min, let max):
            return repetition(inner, min: min, max: max)
        }
    }

    private func concatenation(_ children: [RegexNode]) -> AtomInfo {
        var parts: [AtomInfo] = []
        for child in children { parts += concatenationParts(of: child) }
        return concatenation(parts)
    }

    /// What one child of a concatenation contributes to the joined items: a repetition its
    /// expansion (`repetitionParts`), any other node its info. `info(child)` is
    /// `concatenation(concatenationParts(of: child))` for a repetition and the single part otherwise,
    /// which lets RegexWindow analyse growing runs of items without analysing each item again.
    func concatenationParts(of child: RegexNode) -> [AtomInfo] {
        if case .repetition(let inner, let min, let max) = child {
            return repetitionParts(info(inner), min: min, max: max)
        }
        return [info(child)]
    }

    /// Joins the infos of consecutive items.
    func concatenation(_ parts: [AtomInfo]) -> AtomInfo {
        var requirements: [AtomRequirement] = []
        // The exact strings of the current run of exact items, joined by cross product.
        var run: Set<AtomBytes> = [[]]
        for part in parts {
            switch part {
            case .exact(let strings):
                if run.count * strings.count <= crossLimit {
                    let product = cross(run, strings)
                    if product.count <= exactLimit, !product.contains(where: { $0.count > exactBytesLimit }) {
                        run = product
                        continue
                    }
                }
                requirements.append(requirement(of: .exact(run)))
                run = strings
            case .match(let r):
                requirements.append(requirement(of: .exact(run)))
                run = [[]]
                requirements.append(r)
            }
        }
        if requirements.isEmpty { return .exact(run) }
        requirements.append(requirement(of: .exact(run)))
        return .match(requirements.reduce(.unconstrained, and))
    }

    private func repetition(_ inner: RegexNode, min: Int, max: Int?) -> AtomInfo {
        concatenation(repetitionParts(info(inner), min: min, max: max))
    }

    /// `x{n,m}` as a sequence of items: n copies of x (1 ≤ n ≤ limit, so `ab{2}c` yields the exact
    /// string "abbc"), then the optional remainder `x{0,m-n}`.
    private func repetitionParts(_ inner: AtomInfo, min: Int, max: Int?) -> [AtomInfo] {
        if min == 0 { return [optional(inner, max: max)] }
        if min > repeatExpansionLimit {
            // x{n,…} with large n: at least x's requirement.
            return [.match(requirement(of: inner))]
        }
        var parts = Array(repeating: inner, count: min)
        if max != min {
            parts.append(optional(inner, max: max.map { $0 - min }))
        }
        return parts
    }

    /// `x{0,max}`: the empty string is possible, so nothing is required, except that `x?` with a
    /// small exact x stays exact: {"", x...}.
    private func optional(_ inner: AtomInfo, max: Int?) -> AtomInfo {
        if max == 0 { return .exact([[]]) }
        if max == 1, case .exact(let strings) = inner, strings.count < exactLimit {
            return .exact(strings.union([[]]))
        }
        return .match(.unconstrained)
    }

    private func alternation(_ branches: [RegexNode]) -> AtomInfo {
        let infos = branches.map(info)
        var union: Set<AtomBytes> = []
        var allExact = true
        for i in infos {
            guard case .exact(let strings) = i else {
                allExact = false
                break
            }
            union.formUnion(strings)
        }
        if allExact && union.count <= exactLimit { return .exact(union) }
        return .match(infos.map(requirement(of:)).dropFirst().reduce(requirement(of: infos[0]), or))
    }

    // MARK: Set algebra

    private func cross(_ a: Set<AtomBytes>, _ b: Set<AtomBytes>) -> Set<AtomBytes> {
        var result: Set<AtomBytes> = []
        for x in a {
            for y in b { result.insert(x + y) }
        }
        return result
    }

    /// Turns an info into a requirement, dropping exact sets that are useless as atoms.
    func requirement(of info: AtomInfo) -> AtomRequirement {
        switch info {
        case .match(let r):
            return r
        case .exact(let strings):
            return orSet(strings)
        }
    }

    /// "Contains one of `strings`", if usable: no atom shorter than `minimumBytes` (which includes
    /// ""), no more than `maximumAtoms` after dropping redundant superstrings.
    private func orSet(_ strings: Set<AtomBytes>) -> AtomRequirement {
        if strings.contains(where: { $0.count < minimumBytes }) { return .unconstrained }
        let minimal = keepsSuperstrings ? strings : Self.removingSuperstrings(strings)
        return minimal.count <= maximumAtoms ? .anyOf(minimal) : .unconstrained
    }

    /// If one atom occurs inside another, text containing the longer one also contains the
    /// shorter, so the longer one is redundant in an OR.
    static func removingSuperstrings(_ strings: Set<AtomBytes>) -> Set<AtomBytes> {
        let sorted = strings.sorted { $0.count < $1.count }
        var kept: [AtomBytes] = []
        for candidate in sorted where !kept.contains(where: { contains(candidate, $0) }) {
            kept.append(candidate)
        }
        return Set(kept)
    }

    private static func contains(_ haystack: AtomBytes, _ needle: AtomBytes) -> Bool {
        if needle.isEmpty { return true }
        if needle.count > haystack.count { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    /// Both must hold: keep the more selective side.
    private func and(_ a: AtomRequirement, _ b: AtomRequirement) -> AtomRequirement {
        guard case .anyOf(let x) = a else { return b }
        guard case .anyOf(let y) = b else { return a }
        return Self.strength(y) > Self.strength(x) ? b : a
    }

    /// Either may hold: union, if still small enough.
    private func or(_ a: AtomRequirement, _ b: AtomRequirement) -> AtomRequirement {
        guard case .anyOf(let x) = a, case .anyOf(let y) = b else { return .unconstrained }
        let union = keepsSuperstrings ? x.union(y) : Self.removingSuperstrings(x.union(y))
        return union.count <= maximumAtoms ? .anyOf(union) : .unconstrained
    }

    /// How selective an OR-set is, compared lexicographically: its weakest atom's length in
    /// characters first (one CJK character is 3 bytes but about as common as a short ASCII
    /// string, so bytes alone would prefer "加" over "vx"), then in bytes, then fewer atoms.
    private static func strength(_ atoms: Set<AtomBytes>) -> Strength {
        var minCharacters = Int.max
        var minBytes = Int.max
        for atom in atoms {
            minCharacters = Swift.min(minCharacters, atom.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) })
            minBytes = Swift.min(minBytes, atom.count)
        }
        return Strength(characters: minCharacters, bytes: minBytes, negativeCount: -atoms.count)
    }

    private struct Strength: Comparable {
        var characters: Int
        var bytes: Int
        var negativeCount: Int

        static func < (l: Strength, r: Strength) -> Bool {
            (l.characters, l.bytes, l.negativeCount) < (r.characters, r.bytes, r.negativeCount)
        }
    }

    // MARK: Case

    /// The strings one pattern code point can match: itself when case-sensitive; otherwise the
    /// lowercase form of every code point PCRE2 treats as caselessly equal to it. nil when a
    /// lowercase form is not a single code point (e.g. U+0130), treated as "any character".
    ///
    /// Most scalars take a shortcut that gives the same result (`RegexAtomsTests` checks it against
    /// `caselessVariantsByMappings` on every code point of the BMP and more): ASCII reads a table
    /// built by the general function, and a scalar outside every caseless set whose case mappings
    /// all leave it unchanged (`changesWhenCaseMapped` false, true of every CJK ideograph) has
    /// itself as its only variant, without building the mapping `String`s.
    func variants(of scalar: Unicode.Scalar) -> Set<AtomBytes>? {
        if caseSensitive { return [Self.utf8(scalar)] }
        if scalar.isASCII {
            // In a case-folded subject an ASCII letter's only caseless twin left is its lowercase.
            if foldedSubject {
                let byte = UInt8(scalar.value)
                return [[byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte]]
            }
            return Self.asciiCaselessVariants[Int(scalar.value)]
        }
        if !scalar.properties.changesWhenCaseMapped && !Self.caselessSetMembers.contains(scalar.value) {
            return [Self.utf8(scalar)]
        }
        return Self.caselessVariantsByMappings(of: scalar)
    }

    /// `caselessVariantsByMappings` of each ASCII scalar, computed once per process.
    private static let asciiCaselessVariants: [Set<AtomBytes>?] = (0..<128).map {
        caselessVariantsByMappings(of: Unicode.Scalar(UInt8($0)))
    }

    /// Every code point of `caselessSets`.
    private static let caselessSetMembers: Set<UInt32> = Set(caselessSets.joined())

    /// The general form of `variants(of:)` for a caseless pattern, from the scalar's full case
    /// mappings.
    static func caselessVariantsByMappings(of scalar: Unicode.Scalar) -> Set<AtomBytes>? {
        var equivalents: [Unicode.Scalar] = [scalar]
        if let set = Self.caselessSets.first(where: { $0.contains(scalar.value) }) {
            equivalents += set.compactMap(Unicode.Scalar.init)
        }
        // PCRE2's "other case" of a code point outside the sets above is its simple case partner.
        for mapping in [scalar.properties.uppercaseMapping, scalar.properties.lowercaseMapping] {
            let mapped = Array(mapping.unicodeScalars)
            if mapped.count == 1 { equivalents.append(mapped[0]) }
        }
        var result: Set<AtomBytes> = []
        for equivalent in equivalents {
            let lower = Array(equivalent.properties.lowercaseMapping.unicodeScalars)
            guard lower.count == 1 else { return nil }
            result.insert(Self.utf8(lower[0]))
        }
        return result
    }

    private static func utf8(_ scalar: Unicode.Scalar) -> AtomBytes {
        Array(UTF8.encode(scalar)!)
    }

    /// PCRE2's caseless sets (code points with more than one other case; `ucd_caseless_sets` in
    /// pcre2_ucd.c, 10.42). Without PCRE2_EXTRA_TURKISH_CASING, i/I/İ/ı are not in a set.
    static let caselessSets: [[UInt32]] = [
        [0x0053, 0x0073, 0x017F],
        [0x01C4, 0x01C5, 0x01C6],
        [0x01C7, 0x01C8, 0x01C9],
        [0x01CA, 0x01CB, 0x01CC],
        [0x01F1, 0x01F2, 0x01F3],
        [0x0345, 0x0399, 0x03B9, 0x1FBE],
        [0x00B5, 0x039C, 0x03BC],
        [0x03A3, 0x03C2, 0x03C3],
        [0x0392, 0x03B2, 0x03D0],
        [0x0398, 0x03B8, 0x03D1, 0x03F4],
        [0x03A6, 0x03C6, 0x03D5],
        [0x03A0, 0x03C0, 0x03D6],
        [0x039A, 0x03BA, 0x03F0],
        [0x03A1, 0x03C1, 0x03F1],
        [0x0395, 0x03B5, 0x03F5],
        [0x0412, 0x0432, 0x1C80],
        [0x0414, 0x0434, 0x1C81],
        [0x041E, 0x043E, 0x1C82],
        [0x0421, 0x0441, 0x1C83],
        [0x0422, 0x0442, 0x1C84, 0x1C85],
        [0x042A, 0x044A, 0x1C86],
        [0x0462, 0x0463, 0x1C87],
        [0x1E60, 0x1E61, 0x1E9B],
        [0x03A9, 0x03C9, 0x2126],
        [0x004B, 0x006B, 0x212A],
        [0x00C5, 0x00E5, 0x212B],
        [0x1C88, 0xA64A, 0xA64B],
        // Folded together by newer PCRE2 releases only; listing them merely adds spellings.
        [0x0390, 0x1FD3],
        [0x03B0, 0x1FE3],
        [0xFB05, 0xFB06],
    ]
}
