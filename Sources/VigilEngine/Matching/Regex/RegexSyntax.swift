// Why this file exists: atom extraction (RegexAtoms) needs the structure of a pattern, and PCRE2
// exposes no parse tree. This is a small parser for the PCRE syntax subset that rule authors use;
// anything outside it (or anything whose meaning we are not sure of) makes the parse fail, so the
// caller falls back to "no atoms" instead of guessing.

/// Parse tree of the supported PCRE subset, reduced to what matters for required literals.
indirect enum RegexNode: Equatable {
    /// Matches the empty string only: anchors, `\b`, comments, `()`.
    case empty
    /// A lookahead or lookbehind: zero-width like `.empty`, but its body is kept for the
    /// window analysis (RegexWindow), which bounds the work it can cost.
    case lookaround(RegexNode)
    /// One literal code point.
    case literal(Unicode.Scalar)
    /// A character class, `.`, or a class escape such as `\d`.
    case charClass(RegexCharSet)
    case concat([RegexNode])
    case alternation([RegexNode])
    /// `node{min,max}`; `max == nil` means unbounded. Lazy/possessive forms match a subset of the
    /// greedy form's strings, so they are represented the same way.
    case repetition(RegexNode, min: Int, max: Int?)
}

/// The code points a single-character item can match.
enum RegexCharSet: Equatable {
    /// Exactly these code points (before case folding). Only kept when small.
    case members([Unicode.Scalar])
    /// Too many to enumerate, negated, or unknown: treated as "any character".
    case large
}

/// Thrown for syntax outside the supported subset, and for malformed patterns.
struct RegexSyntaxUnsupported: Error {
    var reason: String
}

/// Recursive-descent parser over Unicode scalars.
struct RegexParser {
    /// Classes with more code points than this are `.large`.
    static let maximumClassMembers = 64
    static let maximumNesting = 200
    /// PCRE2's own limit on quantifier bounds.
    static let maximumRepeat = 65_535

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth = 0

    static func parse(_ pattern: String) throws(RegexSyntaxUnsupported) -> RegexNode {
        var parser = RegexParser(scalars: Array(pattern.unicodeScalars))
        let node = try parser.parseAlternation()
        if parser.index != parser.scalars.count {
            throw RegexSyntaxUnsupported(reason: "unbalanced ')'")
        }
        return node
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    // MARK: - Helpers

    private var atEnd: Bool { index >= scalars.count }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    private mutating func next() throws(RegexSyntaxUnsupported) -> Unicode.Scalar {
        guard let scalar = peek() else { throw RegexSyntaxUnsupported(reason: "unexpected end") }
        index += 1
        return scalar
    }

    private mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        if peek() == scalar {
            index += 1
            return true
        }
        return false
    }

    private mutating func expect(_ scalar: Unicode.Scalar) throws(RegexSyntaxUnsupported) {
        if !consume(scalar) { throw RegexSyntaxUnsupported(reason: "expected '\(scalar)'") }
    }

    private static func isDigit(_ s: Unicode.Scalar?) -> Bool {
        guard let s else { return false }
        return s.value >= 0x30 && s.value <= 0x39
    }

    private static func hexValue(_ s: Unicode.Scalar?) -> UInt32? {
        guard let s else { return nil }
        switch s.value {
        case 0x30...0x39: return s.value - 0x30
        case 0x41...0x46: return s.value - 0x41 + 10
        case 0x61...0x66: return s.value - 0x61 + 10
        default: return nil
        }
    }

    private static func isASCIIAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return false
        }
    }

    private static func scalar(_ value: UInt32) throws(RegexSyntaxUnsupported) -> Unicode.Scalar {
        guard let s = Unicode.Scalar(value) else {
            throw RegexSyntaxUnsupported(reason: "invalid code point \(value)")
        }
        return s
    }

    // MARK: - Structure

    private mutating func parseAlternation() throws(RegexSyntaxUnsupported) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumNesting { throw RegexSyntaxUnsupported(reason: "nesting too deep") }
        var branches = [try parseConcat()]
        while consume("|") {
            branches.append(try parseConcat())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcat() throws(RegexSyntaxUnsupported) -> RegexNode {
        var items: [RegexNode] = []
        while let s = peek(), s != "|", s != ")" {
            let start = index
            var item = try parseAtom()
            if let (min, max) = try parseQuantifier() {
                if Self.isAnchor(scalars[start...]) {
                    throw RegexSyntaxUnsupported(reason: "quantified anchor")
                }
                item = .repetition(item, min: min, max: max)
                // PCRE2 rejects most stacked quantifiers (`a?*`); don't model the rest.
                if try parseQuantifier() != nil {
                    throw RegexSyntaxUnsupported(reason: "quantifier after a quantifier")
                }
            }
            items.append(item)
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concat(items)
        }
    }

    /// Whether the item starting at the front of `item` is `^`, `$` or a backslash anchor;
    /// PCRE2 refuses to quantify those.
    private static func isAnchor(_ item: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = item.first else { return false }
        if first == "^" || first == "$" { return true }
        guard first == "\\", item.count > 1 else { return false }
        return ["b", "B", "A", "z", "Z", "G"].contains(item[item.startIndex + 1])
    }

    /// Parses `* + ? {n} {n,} {n,m}` and a lazy `?` / possessive `+` suffix, or returns nil.
    private mutating func parseQuantifier() throws(RegexSyntaxUnsupported) -> (Int, Int?)? {
        let bounds: (Int, Int?)
        switch peek() {
        case "*": index += 1; bounds = (0, nil)
        case "+": index += 1; bounds = (1, nil)
        case "?": index += 1; bounds = (0, 1)
        case "{":
            guard let braced = try parseBraceQuantifier() else { return nil }
            bounds = braced
        default: return nil
        }
        if !consume("?") { _ = consume("+") }
        return bounds
    }

    /// `{` is a quantifier only in the exact forms `{n}`, `{n,}`, `{n,m}`. Other brace text made of
    /// digits, commas and spaces (`{,3}`, `{ 1,2 }`) is read differently by different PCRE2
    /// versions, so it is rejected; any other `{` is a literal.
    private mutating func parseBraceQuantifier() throws(RegexSyntaxUnsupported) -> (Int, Int?)? {
        var j = index + 1
        var body: [Unicode.Scalar] = []
        while j < scalars.count, scalars[j] != "}" {
            body.append(scalars[j])
            j += 1
        }
        guard j < scalars.count else { return nil }  // no closing brace: literal
        let quantifierish = body.allSatisfy { Self.isDigit($0) || $0 == "," || $0 == " " }
        guard quantifierish, !body.isEmpty else { return nil }  // e.g. "{name}": literal
        let parts = body.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        func number(_ digits: ArraySlice<Unicode.Scalar>) -> Int? {
            guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ Self.isDigit($0) }) else {
                return nil
            }
            return digits.reduce(0) { $0 * 10 + Int($1.value - 0x30) }
        }
        let bounds: (Int, Int?)
        if parts.count == 1, let n = number(parts[0]) {
            bounds = (n, n)
        } else if parts.count == 2, let n = number(parts[0]), parts[1].isEmpty {
            bounds = (n, nil)
        } else if parts.count == 2, let n = number(parts[0]), let m = number(parts[1]), m >= n {
            bounds = (n, m)
        } else {
            throw RegexSyntaxUnsupported(reason: "ambiguous brace quantifier")
        }
        if bounds.0 > Self.maximumRepeat || (bounds.1 ?? 0) > Self.maximumRepeat {
            throw RegexSyntaxUnsupported(reason: "quantifier too large")
        }
        index = j + 1
        return bounds
    }

    private mutating func parseAtom() throws(RegexSyntaxUnsupported) -> RegexNode {
        let s = try next()
        switch s {
        case "(": return try parseGroup()
        case "[": return .charClass(try parseClass())
        case ".": return .charClass(.large)
        case "^", "$": return .empty
        case "\\": return try parseEscape()
        case "*", "+", "?":
            throw RegexSyntaxUnsupported(reason: "quantifier without an item")
        case "{":
            index -= 1
            if try parseBraceQuantifier() != nil {
                throw RegexSyntaxUnsupported(reason: "quantifier without an item")
            }
            index += 1
            return .literal(s)
        default:
            return .literal(s)
        }
    }

    /// After `(`.
    private mutating func parseGroup() throws(RegexSyntaxUnsupported) -> RegexNode {
        if peek() == "*" {
            throw RegexSyntaxUnsupported(reason: "(*VERB) / option setting")
        }
        guard consume("?") else {
            let inner = try parseAlternation()
            try expect(")")
            return inner
        }
        let kind = try next()
        switch kind {
        case ":", ">", "|":
            // Non-capturing, atomic (matches a subset of the plain group), branch reset (only
            // renumbers captures; backreferences are rejected anyway).
            let inner = try parseAlternation()
            try expect(")")
            return inner
        case "=", "!":
            // Lookahead: checked outside the reported match span, contributes nothing.
            let inner = try parseAlternation()
            try expect(")")
            return .lookaround(inner)
        case "#":
            while try next() != ")" {}
            return .empty
        case "<":
            if consume("=") || consume("!") {
                // Lookbehind: like lookahead, it looks outside the match and contributes nothing.
                let inner = try parseAlternation()
                try expect(")")
                return .lookaround(inner)
            }
            try skipGroupName(terminator: ">")
        case "P":
            guard consume("<") else { throw RegexSyntaxUnsupported(reason: "(?P=...) / (?P>...)") }
            try skipGroupName(terminator: ">")
        case "'":
            try skipGroupName(terminator: "'")
        default:
            // Inline options (?i) (?i:...), recursion (?R) (?1) (?&n), callouts (?C),
            // conditionals (?(...)...), and anything newer.
            throw RegexSyntaxUnsupported(reason: "unsupported group (?\(kind)")
        }
        let inner = try parseAlternation()
        try expect(")")
        return inner
    }

    private mutating func skipGroupName(terminator: Unicode.Scalar) throws(RegexSyntaxUnsupported) {
        var length = 0
        while let s = peek(), s != terminator {
            guard Self.isASCIIAlphanumeric(s) || s == "_" || s.properties.isAlphabetic else {
                throw RegexSyntaxUnsupported(reason: "bad group name")
            }
            index += 1
            length += 1
        }
        guard length > 0 else { throw RegexSyntaxUnsupported(reason: "empty group name") }
        try expect(terminator)
    }

    // MARK: - Escapes

    /// After `\` outside a class.
    private mutating func parseEscape() throws(RegexSyntaxUnsupported) -> RegexNode {
        let s = try next()
        switch s {
        case "b", "B", "A", "z", "Z", "G":
            return .empty
        case "d", "D", "s", "S", "w", "W", "h", "H", "v", "V", "C":
            return .charClass(.large)
        case "R":
            // A newline sequence: one character, or the two of \r\n.
            return .repetition(.charClass(.large), min: 1, max: 2)
        case "X":
            // An extended grapheme cluster: one or more characters.
            return .repetition(.charClass(.large), min: 1, max: nil)
        case "N":
            if peek() == "{" { throw RegexSyntaxUnsupported(reason: "\\N{...}") }
            return .charClass(.large)
        case "p", "P":
            try skipPropertyName()
            return .charClass(.large)
        default:
            return .literal(try parseLiteralEscape(s, inClass: false))
        }
    }

    /// `\p{...}` / `\pL` after the `p`.
    private mutating func skipPropertyName() throws(RegexSyntaxUnsupported) {
        if consume("{") {
            var length = 0
            while true {
                let s = try next()
                if s == "}" { break }
                guard Self.isASCIIAlphanumeric(s) || "_&^ -".unicodeScalars.contains(s) else {
                    throw RegexSyntaxUnsupported(reason: "bad property name")
                }
                length += 1
            }
            if length == 0 { throw RegexSyntaxUnsupported(reason: "empty property name") }
        } else {
            let s = try next()
            guard Self.isASCIIAlphanumeric(s), !Self.isDigit(s) else {
                throw RegexSyntaxUnsupported(reason: "bad property name")
            }
        }
    }

    /// Escapes that denote one literal code point; `s` is the character after the backslash.
    private mutating func parseLiteralEscape(
        _ s: Unicode.Scalar, inClass: Bool
    ) throws(RegexSyntaxUnsupported) -> Unicode.Scalar {
        switch s {
        case "a": return "\u{07}"
        case "e": return "\u{1B}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "b" where inClass: return "\u{08}"
        case "x":
            if consume("{") {
                var value: UInt32 = 0
                var digits = 0
                while let h = Self.hexValue(peek()) {
                    index += 1
                    digits += 1
                    if digits > 8 { throw RegexSyntaxUnsupported(reason: "\\x{...} too long") }
                    value = value * 16 + h
                }
                guard digits > 0 else { throw RegexSyntaxUnsupported(reason: "empty \\x{}") }
                try expect("}")
                return try Self.scalar(value)
            }
            var value: UInt32 = 0
            for _ in 0..<2 {
                guard let h = Self.hexValue(peek()) else { break }
                index += 1
                value = value * 16 + h
            }
            return try Self.scalar(value)
        case "o":
            try expect("{")
            var value: UInt32 = 0
            var digits = 0
            while let d = peek(), d.value >= 0x30, d.value <= 0x37 {
                index += 1
                digits += 1
                if digits > 11 { throw RegexSyntaxUnsupported(reason: "\\o{...} too long") }
                value = value * 8 + (d.value - 0x30)
            }
            guard digits > 0 else { throw RegexSyntaxUnsupported(reason: "empty \\o{}") }
            try expect("}")
            return try Self.scalar(value)
        case "0":
            var value: UInt32 = 0
            for _ in 0..<2 {
                guard let d = peek(), d.value >= 0x30, d.value <= 0x37 else { break }
                index += 1
                value = value * 8 + (d.value - 0x30)
            }
            return try Self.scalar(value)
        case "c":
            let c = try next()
            guard c.value >= 0x20, c.value < 0x7F else {
                throw RegexSyntaxUnsupported(reason: "\\c needs a printable ASCII character")
            }
            var upper = c.value
            if upper >= 0x61, upper <= 0x7A { upper -= 0x20 }
            return try Self.scalar(upper ^ 0x40)
        default:
            // Backreferences (\1 \g \k), \Q..\E, \K, \L \U \u \l and unknown letters are unsupported;
            // a backslash before any other character makes it literal (including non-ASCII).
            if Self.isASCIIAlphanumeric(s) {
                throw RegexSyntaxUnsupported(reason: "unsupported escape \\\(s)")
            }
            return s
        }
    }

    // MARK: - Classes

    /// After `[`.
    private mutating func parseClass() throws(RegexSyntaxUnsupported) -> RegexCharSet {
        let negated = consume("^")
        var ranges: [ClosedRange<UInt32>] = []
        var large = false
        var first = true
        while true {
            let s = try next()
            if s == "]" && !first { break }
            first = false
            // One class item: a single code point (possibly the start of a range) or a sub-class.
            var low: Unicode.Scalar
            switch s {
            case "[":
                if peek() == ":" {
                    try skipPOSIXClass()
                    large = true
                    continue
                }
                if peek() == "=" || peek() == "." {
                    throw RegexSyntaxUnsupported(reason: "[= =] / [. .]")
                }
                low = s
            case "\\":
                guard let item = try parseClassEscape() else {
                    large = true
                    continue
                }
                low = item
            default:
                low = s
            }
            // Range?
            if peek() == "-", let after = peek(1), after != "]" {
                index += 1
                var high = try next()
                if high == "\\" {
                    guard let item = try parseClassEscape() else {
                        throw RegexSyntaxUnsupported(reason: "class escape as range end")
                    }
                    high = item
                } else if high == "[" {
                    throw RegexSyntaxUnsupported(reason: "'[' as range end")
                }
                guard low.value <= high.value else {
                    throw RegexSyntaxUnsupported(reason: "range out of order")
                }
                ranges.append(low.value...high.value)
            } else {
                ranges.append(low.value...low.value)
            }
        }
        if negated || large { return .large }
        var total = 0
        for range in ranges {
            total += range.count
            if total > Self.maximumClassMembers { return .large }
        }
        var members: [Unicode.Scalar] = []
        for range in ranges {
            for value in range {
                // Surrogate code points cannot occur in valid UTF-8 subjects.
                if let scalar = Unicode.Scalar(value), !members.contains(scalar) {
                    members.append(scalar)
                }
            }
        }
        return .members(members)
    }

    /// After `[:` inside a class: skip `[:name:]`.
    private mutating func skipPOSIXClass() throws(RegexSyntaxUnsupported) {
        index += 1  // ':'
        while true {
            let s = try next()
            if s == ":" && peek() == "]" {
                index += 1
                return
            }
            guard Self.isASCIIAlphanumeric(s) || s == "^" else {
                throw RegexSyntaxUnsupported(reason: "bad POSIX class")
            }
        }
    }

    /// After `\` inside a class: a literal code point, or nil for a sub-class like `\d`.
    private mutating func parseClassEscape() throws(RegexSyntaxUnsupported) -> Unicode.Scalar? {
        let s = try next()
        switch s {
        case "d", "D", "s", "S", "w", "W", "h", "H", "v", "V", "N", "R", "X":
            return nil
        case "p", "P":
            try skipPropertyName()
            return nil
        default:
            return try parseLiteralEscape(s, inClass: true)
        }
    }
}
