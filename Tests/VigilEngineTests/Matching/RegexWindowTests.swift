// Why this file exists: zone scans (RegexWindow + CompiledRegex.forEachMatch(in:zones:)) must give
// exactly the matches and outcome of a full scan. These tests compare the two on tricky and on many
// generated subjects, and check which patterns the window analysis accepts.

import Testing

@testable import VigilEngine

/// All matches of a full scan and of a zone scan (or a full scan when `findZones` gives up).
private func bothScans(
    _ regex: CompiledRegex, _ window: RegexWindow, in bytes: [UInt8], scratch: RegexScratch
) -> (full: [Range<Int>], fullOutcome: RegexScanOutcome, zoned: [Range<Int>], zonedOutcome: RegexScanOutcome) {
    bytes.withUnsafeBufferPointer { subject in
        var full: [Range<Int>] = [], zoned: [Range<Int>] = []
        let fullOutcome = regex.forEachMatch(in: subject, scratch: scratch) { full.append($0..<$1); return true }
        var zones: [Int] = []
        let zonedOutcome: RegexScanOutcome
        if window.findZones(in: subject, into: &zones) {
            zonedOutcome = regex.forEachMatch(in: subject, zones: zones, scratch: scratch) { zoned.append($0..<$1); return true }
        } else {
            zonedOutcome = regex.forEachMatch(in: subject, scratch: scratch) { zoned.append($0..<$1); return true }
        }
        return (full, fullOutcome, zoned, zonedOutcome)
    }
}

/// The built-in `en-abuse/directed-insult` pattern, the costliest regex on English posts.
private let directedInsult = #"\b(?:you|u|ur|youre|you're)\b[^.!?\n]{0,12}?\b(?:idiots?|morons?|losers?|stupid|dumbass|clown|jerk|bitch|asshole|bastard|retard|scumbag)\b|\b(?:idiots?|morons?|losers?|stupid|dumbass|clown|jerk|bitch|asshole|bastard|retard|scumbag)\b[^.!?\n]{0,4}?\b(?:you|u)\b"#

@Suite struct RegexWindowTests {
    /// Patterns with lookbehind, lookahead, `\b`, anchors, bounded gaps over multi-byte
    /// characters, case-sensitive non-ASCII atoms.
    static let patterns: [(String, Bool)] = [
        (directedInsult, false),
        (#"(?<![a-z0-9])(?:no\.\s?1|no1|top1)(?![0-9])"#, false),
        (#"^(?:ab|cd).{0,3}xyz$"#, false),
        (#"(?<=q{2})kill(?!er)\b.{0,2}"#, false),
        (#"\bss.{0,5}?ks\b"#, false),
        (#"(?:弄死|杀了)[^。！？!?\n]{0,2}?(?:你|他)"#, true),
        (#"Bitch(?:es)?\W{0,3}u"#, true),
        (#"\R{1,2}xy|yx\R?"#, false),
        (#"ks:.{0,3}1|1.?ss:"#, false),
        (#"jerk.{0,3}(?:Qu|qU)"#, false),
        (#"jerk.{0,3}(?:Qu|qU)"#, true),
        // Unbounded after the leading part.
        (#"\b(?:kill|bitch)\s+(?:you|u)\b(?!\s+(?:an?\s+)?(?:e-?mails?|texts?)\b)"#, false),
        (#"(?:(?<![a-z])(?:you|ss)|弄死)\s*(?:你|x)?\s*[:：]?\s*@[a-z][a-z0-9_]{1,31}|(?<![a-z0-9.])k\.s/[a-z]{2,5}"#, false),
        (#"(?:弄死|杀了)\S{0,8}?(?:你|他)+"#, false),
    ]

    static let pieces: [String] = [
        "you", "u", "ur", "youre", "you're", "YOU", "U", "bitch", "BITCH", "Bitch", "bitches", "idiots", "idiot",
        "stupid", "jerk", "a", "x", "xyz", "ab", "cd", "no", "no.", "1", "no1", "top1", "10", "q", "qq", "kill",
        "killer", "ss", "ks", "ſ", "K", "é", "日本", "😀", "弄死", "杀了", "你", "他", "。", " ", "  ", ".", "!",
        "'", "-", "\n", "\r\n", "_", "\u{301}", "@", "@ab", ":", "：", "k.s/", "k.s/abc", "e-mail", "an", "texts", "ks:", "ss:", ":1", "Qu", "QU", "qu", "qU", "jerk",
    ]

    @Test func zoneScansAgreeWithFullScansOnGeneratedSubjects() throws {
        let scratch = RegexScratch()
        var random = SplitMix64(seed: 7)
        for (pattern, caseSensitive) in Self.patterns {
            let window = try #require(RegexWindow.plan(pattern: pattern, caseSensitive: caseSensitive), "\(pattern)")
            let regex = try CompiledRegex(pattern: pattern, caseSensitive: caseSensitive, allowsZones: true)
            var matched = 0
            for _ in 0..<3_000 {
                var text = ""
                for _ in 0..<random.below(24) {
                    text += Self.pieces[random.below(Self.pieces.count)]
                    if random.below(2) == 0 { text += " " }
                }
                let result = bothScans(regex, window, in: Array(text.utf8), scratch: scratch)
                #expect(result.full == result.zoned, "\(pattern) on \(text.debugDescription)")
                #expect(result.fullOutcome == result.zonedOutcome)
                matched += result.full.count
            }
            // (Random text seldom is a whole anchored match.)
            #expect(matched > 0 || pattern.hasPrefix("^"), "no generated subject matched \(pattern)")
        }
    }

    @Test func trickySubjects() throws {
        let scratch = RegexScratch()
        let cases: [(String, Bool, String)] = [
            // Match right at the start and the end; atoms at both ends of the longest match.
            (directedInsult, false, "you bitch"),
            (directedInsult, false, "you're such a lil' scumbag"),
            (directedInsult, false, "bitch you"),
            // Word boundary just outside the zone: `xyou` is not the word `you`.
            (directedInsult, false, "xyou are a bitch, bitchyou, you bitch you"),
            // Multi-byte characters in the gap: the zone is counted in characters, not bytes.
            (directedInsult, false, "you 日本日本日本日本日本日本 jerk"),
            (directedInsult, false, "you 😀😀😀😀😀😀😀😀😀😀😀😀 jerk; you 😀😀😀😀😀😀😀😀😀😀😀😀😀 jerk"),
            // Caseless twins of ASCII letters: the zone search gives up and the full scan runs.
            (directedInsult, false, "you baſtard"),
            (#"\bss.{0,5}?ks\b"#, false, "ſs oks"),
            (#"\bss.{0,5}?ks\b"#, false, "ss o\u{212A}s"),
            // Lookbehind and lookahead outside the zone.
            (#"(?<![a-z0-9])(?:no\.\s?1|no1|top1)(?![0-9])"#, false, "ano.1 no. 1 no.12 top1 xtop1"),
            (#"(?<=q{2})kill(?!er)\b.{0,2}"#, false, "qqkill qqkiller qkill qqkillx qqkill!!"),
            // Anchors: the zone starts after 0, `^` must still only match at 0.
            (#"^(?:ab|cd).{0,3}xyz$"#, false, "ab1xyz"),
            (#"^(?:ab|cd).{0,3}xyz$"#, false, " ab1xyz"),
            (#"^(?:ab|cd).{0,3}xyz$"#, false, "cd xyz\n"),
            // Overlapping zones and back-to-back matches.
            (directedInsult, false, "u jerk u jerk u jerk u"),
            ("", false, ""),
        ]
        for (pattern, caseSensitive, text) in cases {
            guard let window = RegexWindow.plan(pattern: pattern, caseSensitive: caseSensitive) else {
                #expect(pattern.isEmpty)
                continue
            }
            let regex = try CompiledRegex(pattern: pattern, caseSensitive: caseSensitive, allowsZones: true)
            let result = bothScans(regex, window, in: Array(text.utf8), scratch: scratch)
            #expect(result.full == result.zoned, "\(pattern) on \(text.debugDescription)")
            #expect(result.fullOutcome == result.zonedOutcome)
        }
    }

    @Test func leadingParts() throws {
        // Unbounded after the leading part: only the part up to the atoms counts.
        let violence = try #require(RegexWindow.plan(pattern: #"\b(?:kill|stab)\s+(?:you|him)\b(?!\s+an)"#, caseSensitive: false))
        #expect(violence.leadingCharacters == 4)
        let telegram = try #require(RegexWindow.plan(pattern: #"(?:(?<![a-z])(?:telegram|tg)|电报)\s*@[a-z]{4,31}|(?<![a-z0-9.])t\.me/[a-z]{4,31}"#, caseSensitive: false))
        #expect(telegram.leadingCharacters == 8)
        let insult = try #require(RegexWindow.plan(pattern: directedInsult, caseSensitive: false))
        #expect(insult.leadingCharacters == 25)
    }

    /// `leadingPart` analyses each item once; it must give what analysing every run of first
    /// items from scratch gives, on the built-in packs' regexes, the patterns above and generated ones.
    @Test func leadingPartAgreesWithPrefixAnalysis() throws {
        var patterns = Self.patterns
        if let engine = BuiltinPacks.engine() {
            for rule in engine.rules.ruleSet.rules {
                if case .regex(let pattern) = rule.matcher { patterns.append((pattern.value, rule.caseSensitive)) }
            }
        }
        var rng = SplitMix64(seed: 0x1EAD)
        let items = ["a", "bc", "ſ", "K", "微信", "[ab]", "[sS]", ".", "\\d", "\\b", "(?<![a-z])", "(?:ab|cd)", "(?:x|微)",
                     "ss", "(?:ab|c{2,3})", "[^a]", "é"]
        let quantifiers = ["", "", "?", "*", "{2}", "{1,3}", "{0,2}", "{3,}", "+"]
        for _ in 0..<400 {
            let branches = (0...rng.below(2)).map { _ in
                (0...rng.below(5)).map { _ in items[rng.below(items.count)] + quantifiers[rng.below(quantifiers.count)] }.joined()
            }
            patterns.append((branches.joined(separator: "|"), rng.below(2) == 0))
        }
        var compared = 0
        for (pattern, caseSensitive) in patterns {
            guard let tree = try? RegexParser.parse(pattern) else { continue }
            var branches = [tree]
            if case .alternation(let alternatives) = tree { branches += alternatives }
            for branch in branches {
                let fast = RegexWindow.leadingPart(of: branch, caseSensitive: caseSensitive)
                let reference = RegexWindow.leadingPartByPrefixes(of: branch, caseSensitive: caseSensitive)
                #expect(fast?.node == reference?.node, "\(pattern)")
                #expect(fast?.length == reference?.length, "\(pattern)")
                #expect(fast?.literals == reference?.literals, "\(pattern)")
                compared += 1
            }
        }
        #expect(compared > 400)
    }

    @Test func requiredBytes() throws {
        func required(_ pattern: String, caseSensitive: Bool = false) throws -> String {
            String(decoding: RegexWindow.requiredBytes(try RegexParser.parse(pattern), caseSensitive: caseSensitive).sorted(), as: UTF8.self)
        }
        #expect(try required(#"(?<![a-z0-9])(?:no\.\s?1|no1|top1)(?![0-9])"#) == "1o")
        #expect(try required(#"A1(?:2|3)-?x+:"#) == "1:ax")
        #expect(try required(#"A1(?:2|3)-?x+:"#, caseSensitive: true) == "1:Ax")
        #expect(try required(#"(?:1|2){0,3}ss|kk"#) == "")
        #expect(try required(#"(?:1|2){0,3}ss|ks"#, caseSensitive: true) == "s")
        #expect(try required(#"(?=1)2"#) == "2")
        #expect(try required(directedInsult) == "u")
        #expect(RegexWindow.plan(pattern: #"(?<![a-z0-9])(?:no\.\s?1|no1|top1)(?![0-9])"#, caseSensitive: false)?.requiredByte == UInt8(ascii: "1"))
        #expect(RegexWindow.plan(pattern: directedInsult, caseSensitive: false)?.requiredByte == UInt8(ascii: "u"))
        // Unbounded work: no required byte (a skipped scan must not hide a match-limit stop).
        #expect(RegexWindow.plan(pattern: #"kill:\s+you"#, caseSensitive: false)?.requiredByte == nil)
    }

    @Test func longestMatchInCharacters() throws {
        func longest(_ pattern: String) throws -> Int? {
            RegexWindow.maximumLength(try RegexParser.parse(pattern))
        }
        #expect(try longest("abc") == 3)
        #expect(try longest("a{2,5}|bcd") == 5)
        #expect(try longest("(?=abcdef)ab\\b") == 2)
        #expect(try longest("x\\R") == 3)
        #expect(try longest("x\\X") == nil)
        #expect(try longest("a+") == nil)
        #expect(try longest("[^.]{0,12}?") == 12)
    }

    @Test func planRejectsUnboundedAndAtomlessPatterns() {
        #expect(RegexWindow.plan(pattern: "\\w+\\s+you", caseSensitive: false) == nil)
        // The lookahead is never reached outside a zone: only the leading "ki" counts.
        #expect(RegexWindow.plan(pattern: "kill(?!\\s+an)", caseSensitive: false)?.leadingCharacters == 2)
        #expect(RegexWindow.plan(pattern: "\\w{1,3}kill|\\w+\\s+you", caseSensitive: false) == nil)
        #expect(RegexWindow.plan(pattern: "\\d{3}-\\d{4}", caseSensitive: false) == nil)
        #expect(RegexWindow.plan(pattern: "x\\Xy", caseSensitive: false) == nil)
        // Caseless non-ASCII atoms are not searched for.
        #expect(RegexWindow.plan(pattern: "ÄÖ.{0,3}", caseSensitive: false) == nil)
        #expect(RegexWindow.plan(pattern: "ÄÖ.{0,3}", caseSensitive: true) != nil)
        #expect(RegexWindow.plan(pattern: "日本.{0,3}", caseSensitive: false) != nil)
        // Too much backtracking per attempt for the match-limit argument.
        #expect(RegexWindow.plan(pattern: "(?:.?.?.?){1,40}abcd", caseSensitive: false, workLimit: 25_000) == nil)
        #expect(RegexWindow.plan(pattern: directedInsult, caseSensitive: false, workLimit: 25_000) != nil)
    }
}

extension RegexWindow {
    /// `leadingPart` as first written: every run of first items analysed from scratch, the
    /// reference `leadingPart` is compared with.
    static func leadingPartByPrefixes(
        of branch: RegexNode, caseSensitive: Bool
    ) -> (node: RegexNode, length: Int, literals: [String])? {
        let items: [RegexNode]
        if case .concat(let children) = branch { items = children } else { items = [branch] }
        for count in 1...max(1, items.count) {
            let part: RegexNode = count == 1 ? (items.first ?? .empty) : .concat(Array(items[0..<count]))
            guard let length = maximumLength(part) else { return nil }
            if let literals = RegexAtoms.requiredLiterals(of: part, caseSensitive: caseSensitive) {
                return (part, length, literals)
            }
        }
        return nil
    }
}
