// A triggered regex used to scan the whole post, trying a match at every
// character. When every match must begin with a bounded-length part that holds one of a set of
// atoms (required literals), a match can only start within that many characters before an atom
// occurrence, so PCRE2 need only try start positions in these "zones". This file decides which
// patterns allow that and finds the zones; `CompiledRegex.forEachMatch(in:zones:scratch:_:)` runs them.
//
// Why the result is identical to a full scan (see also the tests in RegexWindowTests):
// - Every match begins with a leading part of at most `leadingCharacters` characters that contains
//   an atom occurrence, found here in the subject itself, so the match starts in
//   [occurrence end − that many characters, occurrence start]: the zone. No start position
//   outside every zone can match.
// - PCRE2 still sees the whole subject (only the start positions are limited, with
//   `pcre2_set_offset_limit`), so lookbehinds, lookaheads, `\b`, anchors and the rest of a long
//   match read the same text.
// - With the JIT, PCRE2 resets the match-limit counter at every start position, and a pattern is
//   only windowed when a static bound on the work of a failed attempt outside the zones is far
//   below the limit: the skipped positions could neither match nor stop the scan at the limit.

/// The window plan of one regex: its atoms as they appear in the subject, and the longest match.
/// A class, so that reading a matcher's plan retains one object rather than each of its tables.
public final class RegexWindow: Sendable {
    /// Most characters (code points) from the start of a match to the end of the atom occurrence
    /// within its leading part (see `plan`).
    public let leadingCharacters: Int
    /// Upper bound on the backtracking steps of one failed match attempt outside the zones
    /// (saturating), compared with the scratch's match limit before windowing.
    public let attemptWorkBound: Int
    /// An ASCII byte that every match contains (caseless letters: lowercase, either case in the
    /// subject), if the plan uses one (see `plan`).
    public let requiredByte: UInt8?
    /// Whether the atoms are compared after ASCII lowercasing the subject (caseless patterns).
    let caseless: Bool
    /// All atoms, sorted by first byte, concatenated; `atomStarts[i]..<atomStarts[i+1]` is atom i.
    let atomBytes: [UInt8]
    let atomStarts: [Int32]
    /// `bucketStarts[b]..<bucketStarts[b+1]` are the indices of the atoms whose first byte is `b`.
    let bucketStarts: [Int32]
    /// Length of the atom prefixes the search looks at: the shortest atom's, at most 64.
    let prefixLength: Int
    /// 4096 shifts by `pairHash` of two bytes (see `findZones`), a subject pair and an atom pair
    /// with equal folds sharing one entry.
    let shifts: [UInt8]
    /// Byte map applied to the subject before comparing: ASCII lowercasing when caseless, else identity.
    let fold: [UInt8]

    /// The window plan of `pattern`, or nil when no usable leading part exists (below), one failed
    /// attempt could cost too much, or an atom cannot be searched for byte by byte.
    ///
    /// Each branch of a top-level alternation (or the whole pattern) is a sequence of items; its
    /// leading part is the shortest run of first items that has a bounded length and atoms of its
    /// own. Every match begins with a match of some branch's leading part, so one of those atoms
    /// ends within `leadingCharacters` (the longest leading part) of the match start. An attempt
    /// outside every zone fails within the leading parts, whose work is what `attemptWork` bounds.
    ///
    /// Caseless atoms may hold ASCII and CJK characters only: CJK ideographs have no case, and the
    /// only non-ASCII characters PCRE2 matches caselessly with ASCII letters are U+017F (ſ, with s)
    /// and U+212A (Kelvin sign, with k); `findZones` gives up on subjects containing them, so the
    /// atoms spelt with ſ can be dropped.
    public static func plan(pattern: String, caseSensitive: Bool, workLimit: Int = 1_000_000) -> RegexWindow? {
        guard let tree = try? RegexParser.parse(pattern) else { return nil }
        return plan(tree: tree, caseSensitive: caseSensitive, workLimit: workLimit)
    }

    /// As `plan(pattern:caseSensitive:workLimit:)`, for a parsed pattern. `foldedSubject`: the
    /// regex only runs over a case-folded view, so the leading parts' atoms need no ſ spellings
    /// (`RegexAtoms.requiredLiterals`); the plan is the same, found with less work and without
    /// the spellings pushing a leading part past the atom limits.
    static func plan(tree: RegexNode, caseSensitive: Bool, foldedSubject: Bool = false,
                     workLimit: Int = 1_000_000) -> RegexWindow? {
        let branches: [RegexNode]
        if case .alternation(let alternatives) = tree { branches = alternatives } else { branches = [tree] }
        var literals: Set<String> = [], leading = 0, work = 1
        for branch in branches {
            guard let part = leadingPart(of: branch, caseSensitive: caseSensitive, foldedSubject: foldedSubject)
            else { return nil }
            literals.formUnion(part.literals)
            leading = max(leading, part.length)
            work = add(work, attemptWork(part.node).visits)
        }
        guard work <= workLimit, leading > 0 else { return nil }
        var atoms: [[UInt8]] = []
        for literal in literals.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let bytes = Array(literal.utf8)
            if caseSensitive || literal.unicodeScalars.allSatisfy({ $0.isASCII || isCaselessCJK($0) }) {
                atoms.append(bytes)
            } else if literal.unicodeScalars.allSatisfy({ $0.isASCII || $0 == "\u{17F}" }) {
                continue  // the ASCII spelling with s is in the set too
            } else {
                return nil
            }
        }
        // The search reads atoms two bytes at a time.
        guard !atoms.isEmpty, atoms.allSatisfy({ $0.count >= 2 }) else { return nil }
        // A byte every match holds lets a subject without it skip the scan, when no attempt at
        // all (zone or not) could reach the match limit: the bound then covers the whole pattern.
        var required: UInt8? = nil
        let wholeWork = attemptWork(tree).visits
        if wholeWork <= 25_000,
           let byte = requiredBytes(tree, caseSensitive: caseSensitive).filter({ $0 != 0x20 })
               .max(by: { (rarity($0), $0) < (rarity($1), $1) }) {
            required = byte
            work = max(work, wholeWork)
        }
        return RegexWindow(atoms: atoms, caseless: !caseSensitive, leadingCharacters: leading,
                           attemptWorkBound: work, requiredByte: required)
    }

    /// ASCII bytes that every match of `node` contains; for a caseless pattern, letters stand
    /// for both cases and are given in lowercase. Caseless s and k are left out: PCRE2 also
    /// matches them with ſ and the Kelvin sign. (Digits and punctuation have no case.)
    static func requiredBytes(_ node: RegexNode, caseSensitive: Bool) -> Set<UInt8> {
        func single(_ scalar: Unicode.Scalar) -> Set<UInt8> {
            guard scalar.isASCII else { return [] }
            var byte = UInt8(scalar.value)
            if !caseSensitive && byte &- 0x41 < 26 { byte |= 0x20 }
            if !caseSensitive && (byte == UInt8(ascii: "s") || byte == UInt8(ascii: "k")) { return [] }
            return [byte]
        }
        func requiredBytes(_ node: RegexNode) -> Set<UInt8> {
            RegexWindow.requiredBytes(node, caseSensitive: caseSensitive)
        }
        switch node {
        case .literal(let scalar):
            return single(scalar)
        case .charClass(.members(let members)):
            return members.count == 1 ? single(members[0]) : []
        case .concat(let children):
            return children.reduce(into: Set<UInt8>()) { $0.formUnion(requiredBytes($1)) }
        case .alternation(let branches):
            return branches.dropFirst().reduce(requiredBytes(branches[0])) { $0.intersection(requiredBytes($1)) }
        case .repetition(let inner, let min, _):
            return min >= 1 ? requiredBytes(inner) : []
        case .empty, .lookaround, .charClass(.large):
            return []
        }
    }

    /// The shortest run of first items of `branch` with a bounded length and atoms of its own.
    ///
    /// The same as asking `RegexAtoms.requiredLiterals(of:caseSensitive:)` and `maximumLength` about
    /// `items[0..<count]` for count = 1, 2, …, but each item is analysed once: the analysis of a
    /// concatenation joins its items' parts in order (`AtomAnalyzer.concatenationParts`), so the
    /// parts of the run so far are kept and the next item's appended (RegexWindowTests checks this
    /// against the direct form).
    static func leadingPart(
        of branch: RegexNode, caseSensitive: Bool, foldedSubject: Bool = false
    ) -> (node: RegexNode, length: Int, literals: [String])? {
        let items: [RegexNode]
        if case .concat(let children) = branch { items = children } else { items = [branch] }
        // requiredLiterals' defaults: atoms of at least 2 bytes, at most 64 of them.
        let analyzer = AtomAnalyzer(caseSensitive: caseSensitive, foldedSubject: foldedSubject,
                                    minimumBytes: 2, maximumAtoms: 64)
        var parts: [AtomInfo] = []
        var length = 0
        for count in 1...max(1, items.count) {
            let item = items.isEmpty ? RegexNode.empty : items[count - 1]
            // maximumLength of a concatenation: the sum of its items', nil when one is unbounded.
            guard let itemLength = maximumLength(item) else { return nil }
            length += itemLength
            let itemParts = analyzer.concatenationParts(of: item)
            parts += itemParts
            // One item is its own info, unless it is a repetition (expanded into parts).
            var single = count == 1
            if case .repetition = item { single = false }
            let info = single ? itemParts[0] : analyzer.concatenation(parts)
            if let literals = RegexAtoms.literals(analyzer.requirement(of: info)) {
                let part: RegexNode = count == 1 ? item : .concat(Array(items[0..<count]))
                return (part, length, literals)
            }
        }
        return nil
    }

    /// CJK ideographs and CJK punctuation: no case, so caseless matching compares them exactly.
    private static func isCaselessCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: return true
        default: return false
        }
    }

    init(atoms: [[UInt8]], caseless: Bool, leadingCharacters: Int, attemptWorkBound: Int, requiredByte: UInt8? = nil) {
        self.requiredByte = requiredByte
        let sorted = atoms.sorted { $0.lexicographicallyPrecedes($1) }
        var bytes: [UInt8] = [], starts: [Int32] = [0]
        for atom in sorted {
            bytes += atom
            starts.append(Int32(bytes.count))
        }
        var buckets = [Int32](repeating: 0, count: 257)
        var index = 0
        for byte in 0..<256 {
            buckets[byte] = Int32(index)
            while index < sorted.count && Int(sorted[index][0]) == byte { index += 1 }
        }
        buckets[256] = Int32(sorted.count)
        // Wu–Manber shifts over the first `prefix` bytes of every atom: a pair of bytes that ends
        // at offset j + 1 of some atom's prefix allows a move of at most prefix − 2 − j; any other
        // pair, a move of prefix − 1 (the window cannot overlap an atom start it skips).
        let prefix = min(64, sorted.map(\.count).min()!)
        var table = [UInt8](repeating: UInt8(prefix - 1), count: 4096)
        for atom in sorted {
            for j in 0..<(prefix - 1) {
                let pair = Self.pairHash(atom[j], atom[j + 1])
                table[pair] = min(table[pair], UInt8(prefix - 2 - j))
            }
        }
        self.prefixLength = prefix
        self.shifts = table
        self.fold = (0...255).map { (byte: Int) -> UInt8 in
            caseless && byte >= 0x41 && byte <= 0x5A ? UInt8(byte | 0x20) : UInt8(byte)
        }
        self.atomBytes = bytes
        self.atomStarts = starts
        self.bucketStarts = buckets
        self.caseless = caseless
        self.leadingCharacters = leadingCharacters
        self.attemptWorkBound = attemptWorkBound
    }

    /// Writes the start-position zones of `subject` into `zones` as inclusive (first, last) byte
    /// offset pairs, in increasing order of `last`. Returns false when the subject contains a
    /// character this search cannot see as an atom letter (ſ or the Kelvin sign, caseless only):
    /// scan the whole subject then.
    ///
    /// The atoms are found Wu–Manber style: `shifts` says, for the two bytes ending a window of
    /// `prefixLength` bytes, how far the window can move without passing the start of any atom
    /// (0: an atom may start at the window's first byte; check there, then move one byte).
    public func findZones(in subject: UnsafeBufferPointer<UInt8>, into zones: inout [Int]) -> Bool {
        zones.removeAll(keepingCapacity: true)
        guard let base = subject.baseAddress else { return true }
        let count = subject.count
        if let requiredByte {
            // A caseless letter is given in lowercase and may occur in either case.
            let other = caseless && requiredByte &- 0x61 < 26 ? requiredByte & ~0x20 : requiredByte
            if ByteSearch.first(requiredByte, or: other, in: subject, from: 0) == count { return true }
        }
        if caseless && Self.containsCaselessASCIITwin(subject) { return false }
        return atomBytes.withUnsafeBufferPointer { atomBytes in
            atomStarts.withUnsafeBufferPointer { atomStarts in
                bucketStarts.withUnsafeBufferPointer { buckets in
                    shifts.withUnsafeBufferPointer { shifts in
                        fold.withUnsafeBufferPointer { fold in
                            var pendingFirst = -1, pendingLast = -1
                            let reach = prefixLength - 1
                            var end = reach
                            while end < count {
                                // (end ≥ reach ≥ 1 and end < count: no overflow, both reads in bounds.)
                                let shift = Int(shifts[Self.pairHash(base[end &- 1], base[end])])
                                if shift != 0 {
                                    end &+= shift
                                    continue
                                }
                                let index = end &- reach
                                end &+= 1
                                let byte = fold[Int(base[index])]
                                var atom = Int(buckets[Int(byte)])
                                let lastAtom = Int(buckets[Int(byte) + 1])
                                while atom < lastAtom {
                                    let start = Int(atomStarts[atom]), length = Int(atomStarts[atom + 1]) - start
                                    if index + length <= count && matches(atomBytes, start, length, base + index, fold) {
                                        let first = firstStart(base, end: index + length)
                                        if pendingLast >= 0 && first <= pendingLast + 1 {
                                            pendingFirst = min(pendingFirst, first)
                                        } else {
                                            if pendingLast >= 0 { zones.append(pendingFirst); zones.append(pendingLast) }
                                            pendingFirst = first
                                        }
                                        pendingLast = index
                                        // Atoms that match at one index are prefixes of each other and
                                        // sorted shortest first: a longer one's zone lies inside this one's.
                                        break
                                    }
                                    atom += 1
                                }
                            }
                            if pendingLast >= 0 { zones.append(pendingFirst); zones.append(pendingLast) }
                            return true
                        }
                    }
                }
            }
        }
    }

    /// Index in `shifts` of two consecutive bytes. Setting bit 5 lowercases ASCII letters, so
    /// the hash of subject bytes equals that of their caseless folds (it merges some other bytes
    /// too, which only makes shifts smaller, never wrong).
    @inline(__always)
    private static func pairHash(_ first: UInt8, _ second: UInt8) -> Int {
        (Int(first | 0x20) << 4) ^ Int(second | 0x20)
    }

    /// Whether the atom at `atomBytes[start..<start+length]` occurs at `text`.
    @inline(__always)
    private func matches(_ atomBytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int,
                         _ text: UnsafePointer<UInt8>, _ fold: UnsafeBufferPointer<UInt8>) -> Bool {
        for offset in 1..<length where fold[Int(text[offset])] != atomBytes[start + offset] {
            return false
        }
        return true
    }

    /// The earliest start of a match whose leading part holds an atom ending at byte `end`:
    /// `end` moved back over `leadingCharacters` UTF-8 lead bytes.
    @inline(__always)
    private func firstStart(_ base: UnsafePointer<UInt8>, end: Int) -> Int {
        var position = end, characters = 0
        while position > 0 && characters < leadingCharacters {
            position -= 1
            if base[position] & 0xC0 != 0x80 { characters += 1 }
        }
        return position
    }

    /// How rarely a required byte occurs in text, to pick the most selective: any non-letter,
    /// then letters from the least frequent in English.
    private static func rarity(_ byte: UInt8) -> Int {
        let frequent = Array("etaoinshrdlcumwfgypbvkjxqz".utf8)
        guard let rank = frequent.firstIndex(of: byte | 0x20), byte &- 0x41 < 26 || byte &- 0x61 < 26 else { return 100 }
        return rank
    }

    /// Whether U+017F (C5 BF) or U+212A (E2 84 AA) occurs: the search stops only at their lead bytes.
    private static func containsCaselessASCIITwin(_ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = subject.count
        var index = ByteSearch.first(0xC5, or: 0xE2, in: subject, from: 0)
        while index < count {
            if subject[index] == 0xC5 && index + 1 < count && subject[index + 1] == 0xBF { return true }
            if subject[index] == 0xE2 && index + 2 < count && subject[index + 1] == 0x84 && subject[index + 2] == 0xAA { return true }
            index = ByteSearch.first(0xC5, or: 0xE2, in: subject, from: index + 1)
        }
        return false
    }

    // MARK: Static analysis

    /// Most characters a match of `node` can span, or nil when unbounded.
    static func maximumLength(_ node: RegexNode) -> Int? {
        switch node {
        case .empty, .lookaround:
            return 0
        case .literal, .charClass:
            return 1
        case .concat(let children):
            var total = 0
            for child in children {
                guard let length = maximumLength(child) else { return nil }
                total += length
            }
            return total
        case .alternation(let branches):
            var longest = 0
            for branch in branches {
                guard let length = maximumLength(branch) else { return nil }
                longest = max(longest, length)
            }
            return longest
        case .repetition(let inner, _, let max):
            guard let max, let length = maximumLength(inner) else { return nil }
            return length * max
        }
    }

    /// Upper bounds on one exhaustive backtracking search of `node` from one position: the number
    /// of ways it can match (`paths`) and of node visits (`visits`), saturating at `saturated`.
    /// Concatenation runs its tail once per way the head matched; a repetition is unrolled into
    /// nested optionals; a lookaround is atomic (one way) but may explore its whole body.
    static func attemptWork(_ node: RegexNode) -> (paths: Int, visits: Int) {
        switch node {
        case .empty, .literal, .charClass:
            return (1, 1)
        case .lookaround(let inner):
            return (1, add(1, attemptWork(inner).visits))
        case .concat(let children):
            var paths = 1, visits = 0
            for child in children {
                let work = attemptWork(child)
                visits = add(visits, multiply(paths, work.visits))
                paths = multiply(paths, work.paths)
            }
            return (paths, visits)
        case .alternation(let branches):
            var paths = 0, visits = 1
            for branch in branches {
                let work = attemptWork(branch)
                paths = add(paths, work.paths)
                visits = add(visits, work.visits)
            }
            return (paths, visits)
        case .repetition(let inner, let min, let max):
            guard let max else { return (saturated, saturated) }
            let work = attemptWork(inner)
            // x{0,k}: either nothing or x then x{0,k-1}.
            var optionalPaths = 1, optionalVisits = 1
            for _ in 0..<(max - min) {
                optionalVisits = add(add(2, work.visits), multiply(work.paths, optionalVisits))
                optionalPaths = add(1, multiply(work.paths, optionalPaths))
                if optionalVisits == saturated { break }
            }
            // x{min}: x repeated.
            var paths = 1, visits = 0
            for _ in 0..<min {
                visits = add(visits, multiply(paths, work.visits))
                paths = multiply(paths, work.paths)
                if visits == saturated { break }
            }
            return (multiply(paths, optionalPaths), add(visits, multiply(paths, optionalVisits)))
        }
    }

    static let saturated = Int(Int32.max)

    static func add(_ a: Int, _ b: Int) -> Int { Swift.min(saturated, a + b) }

    private static func multiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? saturated : Swift.min(saturated, product)
    }
}
