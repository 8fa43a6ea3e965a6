// Why this file exists: atom extraction decides which regexes are skipped for a post, so a wrong
// atom set silently loses matches. These tests pin the expected sets and check soundness against
// PCRE2 itself on randomized subjects.

import Testing

@testable import VigilEngine

private func atoms(_ pattern: String, caseSensitive: Bool = false) -> Set<String>? {
    RegexAtoms.requiredLiterals(of: pattern, caseSensitive: caseSensitive).map(Set.init)
}

@Suite struct RegexAtomsTests {
    // MARK: Expected sets

    @Test func wechatContactPattern() {
        let pattern = "(?:加|➕)\\s*(?:微信|v信|vx|wx)\\s*[:：]?\\s*[a-z0-9_-]{5,}"
        #expect(atoms(pattern) == ["微信", "v信", "vx", "wx"])
    }

    @Test func specExamples() {
        #expect(atoms("foo|bar") == ["foo", "bar"])
        #expect(atoms("a.*b") == nil)
        let helloWorld = atoms("hello\\s+world")
        #expect(helloWorld == ["hello"] || helloWorld == ["world"])
        #expect(atoms("(?i)x", caseSensitive: true) == nil)
        #expect(atoms("\\d{11}") == nil)
        #expect(atoms("[a-z]+@example\\.com") == ["@example.com"])
        #expect(atoms("[a-z]+@example\\.com", caseSensitive: true) == ["@example.com"])
    }

    @Test func caseHandling() {
        #expect(atoms("HeLLo") == ["hello"])
        #expect(atoms("HeLLo", caseSensitive: true) == ["HeLLo"])
        #expect(atoms("[vV][xX]") == ["vx"])
        #expect(atoms("[vV][xX]", caseSensitive: true) == ["vx", "vX", "Vx", "VX"])
        // PCRE2 folds s, S and ſ (U+017F) together, but ſ lowercases to itself: both spellings.
        #expect(atoms("SEX") == ["sex", "ſex"])
        // Σ, σ and ς are one caseless set.
        #expect(atoms("ΣΑ") == ["σα", "ςα"])
        // The Kelvin sign lowercases to k, so no extra spelling is needed.
        #expect(atoms("ok") == ["ok"])
    }

    /// Over a case-folded view (no capitals, ſ or Kelvin sign left) one spelling per letter is
    /// enough; without it every s doubles the sets, and a long alternation of English phrases
    /// goes past the atom limit and gets no atoms at all.
    @Test func foldedSubjectNeedsOneSpelling() {
        func folded(_ pattern: String) -> Set<String>? {
            RegexAtoms.requiredLiterals(of: pattern, caseSensitive: false, foldedSubject: true).map(Set.init)
        }
        #expect(folded("SEX") == ["sex"])
        #expect(folded("[sS]ss|KISS") == ["sss", "kiss"])
        #expect(atoms("[sS]ss|KISS") == ["sss", "ſss", "sſs", "ssſ", "sſſ", "ſsſ", "ſſs", "ſſſ", "kiss", "kiſs", "kisſ", "kiſſ"])
        #expect(folded("微信|Σα") == ["微信", "σα", "ςα"])
        let words = ["lost", "missing", "stolen", "suspended", "closed", "crashes", "sluggish", "useless",
                     "broken", "stuck", "stalls", "wrong", "worst", "waits", "delays", "scams",
                     "refuses", "misses", "loses", "ghosts", "ignores", "hassles", "fuss", "messy",
                     "cheats", "mistakes", "sloppy", "slow", "stale", "soggy", "spilt", "soiled",
                     "cancels", "strands", "shuts", "snubs"]
        let pattern = "\\b(?:" + words.joined(separator: "|") + ")\\b"
        #expect(atoms(pattern) == nil)
        #expect(folded(pattern) == Set(words))
    }

    /// Atoms for a folded subject, checked against PCRE2 on random case-folded subjects.
    @Test func foldedSubjectSoundness() throws {
        var rng = SplitMix64(seed: 0xF01D)
        let patterns = ["still (?:waiting|no|not|down)", "(?:won['’]?t|can['’]?t) (?:work|load|start)",
                        "\\bNO (?:SIGNAL|service|WiFi)\\b", "lost (?:my |the )?(?:bags?|luggage)",
                        "[sS]ss|K+iss", "why (?:is|was) (?:my|the)\\b[^.?]{0,20}\\?"]
        let fragments = ["still ", "waiting", "no", "not ", "down", "won't", "won’t", "cant", "can't", " ",
                         "work", "load", "start", "signal", "service", "wifi", "lost ", "my ", "the ", "bag",
                         "bags", "luggage", "sss", "kiss", "kkiss", "why ", "is ", "was ", "?", ".", "s", "k"]
        let scratch = RegexScratch()
        var matches = 0
        for pattern in patterns {
            let regex = try CompiledRegex(pattern: pattern, caseSensitive: false)
            let found = try #require(RegexAtoms.requiredLiterals(of: pattern, caseSensitive: false, foldedSubject: true))
            #expect(!found.contains { $0.unicodeScalars.contains("\u{17F}") })
            for _ in 0..<2_000 {
                let bytes = Array((0..<Int.random(in: 1...10, using: &rng)).map { _ in
                    fragments.randomElement(using: &rng)!
                }.joined().utf8)
                _ = bytes.withUnsafeBufferPointer { buffer in
                    regex.forEachMatch(in: buffer, scratch: scratch) { start, end in
                        matches += 1
                        let span = Array(bytes[start..<end])
                        #expect(found.contains { Self.contains(span, Array($0.utf8)) },
                                "\(pattern): \(String(decoding: span, as: UTF8.self)) has none of \(found)")
                        return true
                    }
                }
            }
        }
        #expect(matches > 1_000)
    }

    /// `variants(of:)` takes shortcuts (an ASCII table; scalars outside the caseless sets that no
    /// case mapping changes); they must agree with the general form from the case mappings on the
    /// BMP and plane 1 (every cased letter outside the BMP is there), and on samples beyond.
    @Test func caselessVariantShortcutsAgreeWithCaseMappings() {
        let analyzer = AtomAnalyzer(caseSensitive: false, minimumBytes: 2, maximumAtoms: 64)
        var checked = 0
        for value in UInt32(0)...0x1FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(analyzer.variants(of: scalar) == AtomAnalyzer.caselessVariantsByMappings(of: scalar), "U+\(String(value, radix: 16))")
            checked += 1
        }
        for value in stride(from: UInt32(0x20000), through: 0x10FFFF, by: 61) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(analyzer.variants(of: scalar) == AtomAnalyzer.caselessVariantsByMappings(of: scalar), "U+\(String(value, radix: 16))")
            checked += 1
        }
        #expect(checked > 100_000)
    }

    @Test func exactSetsCombine() {
        #expect(atoms("colou?r") == ["color", "colour"])
        #expect(atoms("ab{2}c") == ["abbc"])
        #expect(atoms("(?:ab|cd)(?:ef|gh)") == ["abef", "abgh", "cdef", "cdgh"])
        #expect(atoms("[^a]bc[de]") == ["bcd", "bce"])
        #expect(atoms("abc*") == ["ab"])
        #expect(atoms("x+hello") == ["hello"])
        #expect(atoms("(?:abc){3}") == ["abcabcabc"])
        #expect(atoms("(?:abc){20,}") == ["abc"])
        // Nested repetitions are analysed once per node and exact strings stay bounded.
        let nested = atoms("((((ab{16}){16}){16}){16}){16}", caseSensitive: true)
        #expect(nested?.count == 1 && nested!.first!.utf8.count <= 256)
        // Redundant superstrings are dropped: every "abcd" contains "abc".
        #expect(atoms("abc|abcd") == ["abc"])
    }

    @Test func escapesAndGroups() {
        #expect(atoms("\\x{5FAE}\\x{4FE1}") == ["微信"])
        #expect(atoms("\\微\\信") == ["微信"])
        #expect(atoms("a\\.b\\x41") == ["a.ba"])
        #expect(atoms("(?<name>foo)(?P<x>bar)(?'y'baz)") == ["foobarbaz"])
        #expect(atoms("(?>foo)|(?:bar)+") == ["foo", "bar"])
        #expect(atoms("^\\bword\\b$") == ["word"])
        #expect(atoms("(?=abc)\\w*def") == ["def"])
        #expect(atoms("(?!xyz)def(?#comment)") == ["def"])
        #expect(atoms("[\\]\\-]ab") == ["]ab", "-ab"])
        #expect(atoms("[]]ab") == ["]ab"])
        #expect(atoms("[[:alpha:]]ab") == ["ab"])
        #expect(atoms("[a-c]xy", caseSensitive: true) == ["axy", "bxy", "cxy"])
        #expect(atoms("a{b}c") == ["a{b}c"])
        #expect(atoms("\\p{Han}+微信") == ["微信"])
    }

    @Test func nothingUseful() {
        #expect(atoms("a|bc") == nil)  // branch "a" is below minimumBytes
        #expect(atoms("(?:abc)?") == nil)
        #expect(atoms("(?:abc)*") == nil)
        #expect(atoms("(?:abc){0,3}") == nil)
        #expect(atoms("") == nil)
        #expect(atoms(".+") == nil)
        #expect(atoms("[^abc]+") == nil)
        #expect(atoms("\\w+\\s\\d+") == nil)
        #expect(atoms("ab|") == nil)
    }

    @Test func lookbehindContributesNothing() {
        #expect(atoms("(?<=a)bcd") == ["bcd"])
        #expect(atoms("(?<![a-z])add\\s*wechat") == ["wechat"])
    }

    @Test func unsupportedSyntaxIsNil() {
        for pattern in [
            "(abc)\\1", "(?<n>abc)\\k<n>", "(abc)\\g1", "\\Qabc\\E",
            "(?i)abc", "(?i:abc)", "abc(?-i)", "(?C1)abc", "abc(?R)?", "(abc)(?1)", "(?(1)abc|def)",
            "abc\\Kdef", "(*UTF)abc", "abc{,3}", "abc{ 2}", "\\uabcd", "abc)", "(abc", "[abc",
            "*abc", "abc\\",
        ] {
            #expect(atoms(pattern) == nil, "\(pattern)")
        }
    }

    @Test func limits() {
        #expect(RegexAtoms.requiredLiterals(of: "foo|bar|baz", caseSensitive: true, maximumAtoms: 2) == nil)
        #expect(
            RegexAtoms.requiredLiterals(of: "hello\\s+wor", caseSensitive: true, minimumBytes: 4)
                == ["hello"])
        #expect(RegexAtoms.requiredLiterals(of: "abc", caseSensitive: true, minimumBytes: 4) == nil)
        // Single CJK characters are 3 bytes, so they qualify with the default minimum...
        #expect(atoms("加.*号") == ["加"] || atoms("加.*号") == ["号"])
        // ...but longer atoms are preferred, counted in characters first.
        #expect(atoms("加\\s*vx") == ["vx"])
        // Too many alternatives.
        let many = (0..<70).map { "w\($0)x" }.joined(separator: "|")
        #expect(atoms(many) == nil)
        #expect(RegexAtoms.requiredLiterals(of: many, caseSensitive: true, maximumAtoms: 70)?.count == 70)
    }

    // MARK: Soundness against PCRE2

    /// Deterministic generator so failures reproduce.
    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    @Test func randomizedSoundness() throws {
        let patterns: [(String, Bool)] = [
            ("(?:加|➕)\\s*(?:微信|v信|vx|wx)\\s*[:：]?\\s*[a-z0-9_-]{5,}", false),
            ("foo|bar", false),
            ("hello\\s+world", false),
            ("[a-z]+@example\\.com", false),
            ("colou?r", false),
            ("ab{2}c", true),
            ("(?=abc)\\w*def", false),
            ("casino|pass(?:word)?", false),
            ("[vV][xX]\\d*", true),
            ("(?:微信|vx)(?:号)?\\s*\\d{3,}", false),
            ("σοφία", false),
            ("x+y?z*hello", false),
            ("(?:ab|cd)(?:ef|gh)", false),
            ("[^a]bc[de]", false),
            ("\\bsex\\b", false),
            ("(a|b)(c|d)(e|f)(g|h)", false),
            ("(?:abc|abcd)x?", true),
            ("[a-c]{2}[xX]", false),
        ]
        let fragments = [
            "加", "➕", "微信", "v信", "vx", "VX", "Vx", "wx", "W", " ", "  ", "：", ":", "abc12",
            "hello", "HELLO", "world", "World", "@example.com", "@EXAMPLE.COM", "foo", "FOO", "bar",
            "colour", "COLOR", "colr", "a", "b", "c", "d", "e", "f", "g", "h", "x", "X", "y", "z",
            "0123", "9", "ab", "bb", "abbc", "s", "ſ", "S", "casino", "CAſINO", "pass", "PAſS",
            "password", "def", "abc", "abcd", "σ", "Σ", "ς", "οφία", "ΟΦΊΑ", "😀", "-", "_", "\n",
            "号", "ex", "EX", "_sex_", "SEX", "ſex", "acfh", "BDEG", "aC", "hello world",
            "HELLO \t World", "Σοφία", "加微信：abc12345", "➕ VX: user_01", "vx号 555",
        ]
        var rng = SplitMix64(seed: 0x5EED)
        let scratch = RegexScratch()
        var totalMatches = 0
        for (pattern, caseSensitive) in patterns {
            let regex = try CompiledRegex(pattern: pattern, caseSensitive: caseSensitive)
            let found = RegexAtoms.requiredLiterals(of: pattern, caseSensitive: caseSensitive)
            #expect(found != nil, "no atoms for \(pattern)")
            guard let found else { continue }
            let atomBytes = found.map { Array($0.utf8) }
            var matchesForPattern = 0
            for _ in 0..<3_000 {
                let count = Int.random(in: 1...14, using: &rng)
                let subject = (0..<count).map { _ in fragments.randomElement(using: &rng)! }.joined()
                let bytes = Array(subject.utf8)
                _ = bytes.withUnsafeBufferPointer { buffer in
                    regex.forEachMatch(in: buffer, scratch: scratch) { start, end in
                        matchesForPattern += 1
                        var span = Array(bytes[start..<end])
                        if !caseSensitive {
                            span = Array(String(decoding: span, as: UTF8.self).lowercased().utf8)
                        }
                        let ok = atomBytes.contains { Self.contains(span, $0) }
                        #expect(
                            ok,
                            "\(pattern): match \(String(decoding: bytes[start..<end], as: UTF8.self)) has none of \(found)"
                        )
                        return true
                    }
                }
            }
            #expect(matchesForPattern > 0, "subjects never matched \(pattern)")
            totalMatches += matchesForPattern
        }
        #expect(totalMatches > 1_000)
    }

    /// Random patterns over a small alphabet, checked against PCRE2 on random subjects.
    @Test func randomPatternsSoundness() throws {
        var rng = SplitMix64(seed: 0xA70A5)
        let literals = ["a", "b", "s", "S", "x", "微", "信", "é", "ab", "xs", "微信", "\\.", "\\x{4FE1}"]
        let classes = ["[ab]", "[^a]", "[sS]", ".", "\\d", "\\s", "\\w", "[a-c]", "[微信]"]
        let quantifiers = ["", "", "", "?", "*", "+", "{2}", "{1,3}", "{2,}", "??", "*+", "+?"]
        let alphabet = ["a", "b", "s", "S", "ſ", "x", "X", "微", "信", "é", "É", " ", "1", "\n", "ab", "xs"]

        func item(_ depth: Int) -> String {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<5: return literals.randomElement(using: &rng)!
            case 5..<7: return classes.randomElement(using: &rng)!
            case 7 where depth < 3:
                let branches = (0..<Int.random(in: 1...3, using: &rng)).map { _ in sequence(depth + 1) }
                return "(?:" + branches.joined(separator: "|") + ")"
            case 8: return ["^", "$", "\\b", "(?=a)", "(?!b)"].randomElement(using: &rng)!
            default: return literals.randomElement(using: &rng)!
            }
        }
        func sequence(_ depth: Int) -> String {
            (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                item(depth) + quantifiers.randomElement(using: &rng)!
            }.joined()
        }

        let scratch = RegexScratch()
        var patternsWithAtoms = 0
        var checkedMatches = 0
        for _ in 0..<600 {
            let pattern = (0..<Int.random(in: 1...2, using: &rng)).map { _ in sequence(0) }.joined(separator: "|")
            let caseSensitive = Bool.random(using: &rng)
            guard let regex = try? CompiledRegex(pattern: pattern, caseSensitive: caseSensitive),
                let found = RegexAtoms.requiredLiterals(of: pattern, caseSensitive: caseSensitive)
            else { continue }
            patternsWithAtoms += 1
            let atomBytes = found.map { Array($0.utf8) }
            for _ in 0..<100 {
                let subject = (0..<Int.random(in: 0...12, using: &rng)).map { _ in
                    alphabet.randomElement(using: &rng)!
                }.joined()
                let bytes = Array(subject.utf8)
                _ = bytes.withUnsafeBufferPointer { buffer in
                    regex.forEachMatch(in: buffer, scratch: scratch) { start, end in
                        checkedMatches += 1
                        var span = Array(bytes[start..<end])
                        if !caseSensitive {
                            span = Array(String(decoding: span, as: UTF8.self).lowercased().utf8)
                        }
                        #expect(
                            atomBytes.contains { Self.contains(span, $0) },
                            "\(pattern) (caseSensitive: \(caseSensitive)): match \(String(decoding: bytes[start..<end], as: UTF8.self)) has none of \(found)"
                        )
                        return true
                    }
                }
            }
        }
        #expect(patternsWithAtoms > 100)
        #expect(checkedMatches > 1_000)
    }
}
