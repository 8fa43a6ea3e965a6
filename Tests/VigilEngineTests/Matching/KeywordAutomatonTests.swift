// Unit tests for KeywordAutomaton: the behaviours Vigil relies on (Chinese keywords in
// mixed text, duplicates, empty patterns, ASCII case folding, the transparent byte),
// plus a seeded randomized comparison with a naive matcher for every search kind.

import Testing
import VigilEngine

// MARK: - Helpers

private enum Kind: CaseIterable { case overlapping, standard, leftmostFirst, leftmostLongest }

private func search(_ automaton: KeywordAutomaton, _ text: [UInt8], _ kind: Kind = .overlapping) -> [KeywordMatch] {
    var found: [KeywordMatch] = []
    text.withUnsafeBufferPointer { haystack in
        switch kind {
        case .overlapping: automaton.findOverlapping(in: haystack, into: &found)
        case .standard: automaton.findStandard(in: haystack, into: &found)
        case .leftmostFirst: automaton.findLeftmostFirst(in: haystack, into: &found)
        case .leftmostLongest: automaton.findLeftmostLongest(in: haystack, into: &found)
        }
    }
    return found
}

private func search(_ automaton: KeywordAutomaton, _ text: String, _ kind: Kind = .overlapping) -> [KeywordMatch] {
    search(automaton, Array(text.utf8), kind)
}

private func automaton(
    _ patterns: [String], caseInsensitive: Bool = false, transparent: UInt8? = nil
) -> KeywordAutomaton {
    KeywordAutomaton(
        patterns: patterns.map { Array($0.utf8) }, asciiCaseInsensitive: caseInsensitive, transparentByte: transparent)
}

private func m(_ pattern: Int32, _ start: Int32, _ end: Int32) -> KeywordMatch {
    KeywordMatch(pattern: pattern, start: start, end: end)
}

/// The obvious quadratic matcher, written from the documented semantics: the
/// transparent byte is deleted from the haystack and from the patterns, ASCII case is
/// folded on both sides, an empty pattern never matches, and offsets map back to the
/// original haystack (start = first byte of the match, end = after its last byte).
struct NaiveMatcher {
    var patterns: [[UInt8]]
    var text: [UInt8] = []
    var origin: [Int] = []  // original offset of each byte of `text`

    init(patterns: [[UInt8]], caseInsensitive: Bool, transparent: UInt8?) {
        func normalize(_ bytes: [UInt8]) -> [UInt8] {
            bytes.filter { $0 != transparent }.map { caseInsensitive && (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        }
        self.patterns = patterns.map(normalize)
        self.normalize = normalize
    }
    let normalize: ([UInt8]) -> [UInt8]

    mutating func load(_ haystack: [UInt8], transparent: UInt8?) {
        text = normalize(haystack)
        origin = haystack.indices.filter { haystack[$0] != transparent }
    }

    func matches(at start: Int, _ pattern: Int) -> Bool {
        let p = patterns[pattern]
        return !p.isEmpty && start + p.count <= text.count && Array(text[start..<start + p.count]) == p
    }

    func report(_ pattern: Int, _ start: Int) -> KeywordMatch {
        m(Int32(pattern), Int32(origin[start]), Int32(origin[start + patterns[pattern].count - 1] + 1))
    }

    func overlapping() -> [KeywordMatch] {
        var found: [(end: Int, start: Int, pattern: Int)] = []
        for start in text.indices {
            for pattern in patterns.indices where matches(at: start, pattern) {
                found.append((start + patterns[pattern].count, start, pattern))
            }
        }
        found.sort { ($0.end, $0.start, $0.pattern) < ($1.end, $1.start, $1.pattern) }
        return found.map { report($0.pattern, $0.start) }
    }

    /// Leftmost kinds: the earliest start; among its patterns, the best by `better`.
    func leftmost(_ better: (Int, Int) -> Bool) -> [KeywordMatch] {
        var found: [KeywordMatch] = []
        var position = 0
        while position < text.count {
            var chosen: (start: Int, pattern: Int)?
            for start in position..<text.count {
                for pattern in patterns.indices where matches(at: start, pattern) {
                    if chosen == nil || better(pattern, chosen!.pattern) { chosen = (start, pattern) }
                }
                if chosen != nil { break }
            }
            guard let chosen else { break }
            found.append(report(chosen.pattern, chosen.start))
            position = chosen.start + patterns[chosen.pattern].count
        }
        return found
    }

    func leftmostLongest() -> [KeywordMatch] {
        leftmost { a, b in patterns[a].count > patterns[b].count || (patterns[a].count == patterns[b].count && a < b) }
    }

    func leftmostFirst() -> [KeywordMatch] { leftmost { a, b in a < b } }

    /// Standard: the earliest end; among the patterns ending there (after the restart
    /// point), the longest, lowest index first.
    func standard() -> [KeywordMatch] {
        var found: [KeywordMatch] = []
        var position = 0
        var end = position + 1
        while end <= text.count {
            var chosen: Int?
            for pattern in patterns.indices {
                let start = end - patterns[pattern].count
                if start >= position && matches(at: start, pattern)
                    && (chosen == nil || patterns[pattern].count > patterns[chosen!].count) {
                    chosen = pattern
                }
            }
            if let chosen {
                found.append(report(chosen, end - patterns[chosen].count))
                position = end
            }
            end += 1
        }
        return found
    }
}

// MARK: - Tests

@Suite("KeywordAutomaton")
struct KeywordAutomatonTests {
    @Test("mayMatch finds an ASCII start byte anywhere in Chinese text, at every alignment")
    func mayMatchInChineseText() {
        let english = automaton(["fuck", "scam"])
        let runs = ["这是一个测试句子，", "没有任何英文", " ", "。", "你好世界你好世界你好"]
        for prefix in 0..<12 {
            var text = (0..<prefix).map { runs[$0 % runs.count] }.joined()
            #expect(Array(text.utf8).withUnsafeBufferPointer { english.mayMatch(in: $0) } == false, "\(text)")
            text += "fxx" + runs[prefix % runs.count]
            #expect(Array(text.utf8).withUnsafeBufferPointer { english.mayMatch(in: $0) }, "\(text)")
        }
    }

    @Test("mayMatch is true exactly when some byte starts a pattern, whatever the bytes around it")
    func mayMatchAgreesWithAByteByByteTest() {
        // Start bytes f, m, s (the range f…s), bytes just outside and inside that range
        // that start nothing, the gap byte and UTF-8 bytes whose low seven bits fall in the range.
        // ["sb", "stfu"] has one start byte, which takes the memchr path.
        let patterns = ["fuck", "motherfucker", "stfu", "傻逼"]
        let cases = [Array(patterns.prefix(3)), patterns, ["sb", "stfu"]].map { (automaton: automaton($0), starts: Set($0.map { $0.utf8.first! })) }
        let alphabet: [UInt8] = [0x65, 0x74, 0x67, 0x72, 0x20, 0x30, 0x7F, 0xE5, 0x82, 0xBB, 0xE6, 0xF3, 0xA6, 0x66, 0x6D, 0x73]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        for _ in 0..<3000 {
            let length = Int(next() % 40)
            // Mostly bytes that start nothing; now and then one that does.
            let bytes: [UInt8] = (0..<length).map { _ in alphabet[Int(next() % UInt64(next() % 9 == 0 ? 16 : 13))] }
            for (automaton, starts) in cases {
                let expected = bytes.contains { starts.contains($0) }
                #expect(bytes.withUnsafeBufferPointer { automaton.mayMatch(in: $0) } == expected, "\(bytes)")
            }
        }
    }

    @Test("overlapping Chinese and ASCII keywords in mixed text")
    func chineseMixed() {
        let a = automaton(["傻逼", "逼", "fuck", "傻"])
        // 你 0..<3, 是 3..<6, 傻 6..<9, 逼 9..<12, 吗 12..<15, fuck 15..<19
        #expect(search(a, "你是傻逼吗fuck") == [m(3, 6, 9), m(0, 6, 12), m(1, 9, 12), m(2, 15, 19)])
        #expect(search(a, "你是傻逼吗fuck", .leftmostLongest) == [m(0, 6, 12), m(2, 15, 19)])
        #expect(search(a, "你是傻逼吗fuck", .standard) == [m(3, 6, 9), m(1, 9, 12), m(2, 15, 19)])
        #expect(search(a, "没有").isEmpty)
        #expect(a.patternCount == 4)
        #expect(a.patternLength(0) == 6)
        #expect(a.memoryBytes > 0)
    }

    @Test("a match inside a longer keyword is still reported, longest first")
    func nestedKeywords() {
        let a = automaton(["abcd", "bcd", "cd", "b"])
        #expect(search(a, "abcd") == [m(3, 1, 2), m(0, 0, 4), m(1, 1, 4), m(2, 2, 4)])
        #expect(search(a, "abcd", .leftmostLongest) == [m(0, 0, 4)])
    }

    @Test("duplicate patterns each keep their index")
    func duplicates() {
        let a = automaton(["ab", "ab", "b"])
        #expect(search(a, "xab") == [m(0, 1, 3), m(1, 1, 3), m(2, 2, 3)])
        #expect(search(a, "xab", .leftmostLongest) == [m(0, 1, 3)])
        #expect(search(a, "xab", .leftmostFirst) == [m(0, 1, 3)])
    }

    @Test("an empty pattern never matches")
    func emptyPattern() {
        let a = automaton(["", "a"])
        #expect(search(a, "aa") == [m(1, 0, 1), m(1, 1, 2)])
        #expect(a.patternLength(0) == 0)
        let onlyEmpty = automaton([""])
        for kind in Kind.allCases { #expect(search(onlyEmpty, "abc", kind).isEmpty) }
        let none = automaton([])
        #expect(search(none, "abc").isEmpty)
        #expect(search(none, "").isEmpty)
        #expect(none.patternCount == 0)
    }

    @Test("ASCII case-insensitive matching folds A-Z only")
    func caseInsensitive() {
        let a = automaton(["HeLLo", "world", "É"], caseInsensitive: true)
        #expect(search(a, "hello WORLD") == [m(0, 0, 5), m(1, 6, 11)])
        #expect(search(a, "é").isEmpty)  // U+00E9 is not an ASCII letter: no folding
        #expect(search(a, "É") == [m(2, 0, 2)])
        let exact = automaton(["HeLLo"])
        #expect(search(exact, "hello").isEmpty)
        #expect(search(exact, "HeLLo") == [m(0, 0, 5)])
    }

    @Test("the worked example of KeywordAutomatonBuilder.swift: he and she across gaps")
    func transparentByteWorkedExample() {
        let a = automaton(["he", "she"], transparent: 0x20)
        #expect(search(a, "s h e") == [m(1, 0, 5), m(0, 2, 5)])
    }

    @Test("the transparent byte lets keywords match across inserted spaces")
    func transparentByte() {
        let a = automaton(["傻逼", "逼", "fuck"], transparent: 0x20)
        // 你 0..<3, ' ' 3, 傻 4..<7, ' ' 7, 逼 8..<11
        #expect(search(a, "你 傻 逼") == [m(0, 4, 11), m(1, 8, 11)])
        #expect(search(a, "f u c k") == [m(2, 0, 7)])
        #expect(search(a, "f   uc k") == [m(2, 0, 8)])
        // Nothing is reported at the spaces after a match (no duplicates).
        #expect(search(a, "fuck   x") == [m(2, 0, 4)])
        #expect(search(a, "傻逼  ") == [m(0, 0, 6), m(1, 3, 6)])
        // Leading spaces stay outside the match: at the root a space is ordinary.
        #expect(search(a, "  fuck") == [m(2, 2, 6)])
        // A line break is not transparent.
        #expect(search(a, "fu\nck").isEmpty)
        #expect(search(a, "f u c k", .leftmostLongest) == [m(2, 0, 7)])
        #expect(search(a, "f u c k", .standard) == [m(2, 0, 7)])
        #expect([UInt8]("x f u c k".utf8).withUnsafeBufferPointer { a.containsMatch(in: $0) })
        // Without a transparent byte, spaces break keywords.
        #expect(search(automaton(["傻逼", "fuck"]), "傻 逼 f u c k").isEmpty)
    }

    @Test("transparent bytes inside patterns are removed")
    func transparentInPattern() {
        let a = automaton(["f u", " ", "ab"], transparent: 0x20)
        #expect(a.patternLength(0) == 2)
        #expect(a.patternLength(1) == 0)
        #expect(search(a, "fu a b") == [m(0, 0, 2), m(2, 3, 6)])
    }

    @Test("findOverlapping appends to the caller's array")
    func appends() {
        let a = automaton(["a"])
        var found = [m(9, 9, 9)]
        [UInt8]("aa".utf8).withUnsafeBufferPointer { a.findOverlapping(in: $0, into: &found) }
        #expect(found == [m(9, 9, 9), m(0, 0, 1), m(0, 1, 2)])
        [UInt8]("xa".utf8).withUnsafeBufferPointer { a.findLeftmostLongest(in: $0, into: &found) }
        #expect(found == [m(9, 9, 9), m(0, 0, 1), m(0, 1, 2), m(0, 1, 2)])
    }

    @Test("containsMatch stops at the first match")
    func contains() {
        let a = automaton(["needle"])
        #expect([UInt8]("hay needle hay".utf8).withUnsafeBufferPointer { a.containsMatch(in: $0) })
        #expect(![UInt8]("hay hay".utf8).withUnsafeBufferPointer { a.containsMatch(in: $0) })
    }

    /// Small alphabets make overlaps, shared prefixes and deep failure chains common.
    @Test(
        "randomized comparison with a naive matcher",
        arguments: [(false, nil), (true, nil), (false, 0x20), (true, 0x20)] as [(Bool, UInt8?)])
    func differential(caseInsensitive: Bool, transparent: UInt8?) {
        var rng = SplitMix64(seed: 0x5EED_0000 + (caseInsensitive ? 1 : 0) + (transparent == nil ? 0 : 2))
        let patternBytes: [UInt8] = [0x61, 0x62, 0x63, 0x41, 0xC3, 0x20]  // a b c A 0xC3 space
        let textBytes: [UInt8] = [0x61, 0x62, 0x63, 0x41, 0x42, 0xC3, 0x20, 0x20]
        var failures = 0
        for iteration in 0..<600 {
            let patterns = (0..<(1 + rng.below(8))).map { _ in
                (0..<rng.below(rng.below(4) == 0 ? 16 : 5)).map { _ in
                    patternBytes[rng.below(rng.below(4) == 0 ? patternBytes.count : 3)]
                }
            }
            let a = KeywordAutomaton(
                patterns: patterns, asciiCaseInsensitive: caseInsensitive, transparentByte: transparent)
            var naive = NaiveMatcher(patterns: patterns, caseInsensitive: caseInsensitive, transparent: transparent)
            for _ in 0..<8 {
                // Lengths on both sides of the split-scan threshold (32 bytes).
                let text = (0..<rng.below(rng.below(2) == 0 ? 40 : 160)).map { _ in
                    textBytes[rng.below(rng.below(3) == 0 ? textBytes.count : 3)]
                }
                naive.load(text, transparent: transparent)
                let expected: [(Kind, [KeywordMatch])] = [
                    (.overlapping, naive.overlapping()), (.standard, naive.standard()),
                    (.leftmostFirst, naive.leftmostFirst()), (.leftmostLongest, naive.leftmostLongest()),
                ]
                for (kind, want) in expected {
                    let got = search(a, text, kind)
                    if got != want && failures < 5 {
                        failures += 1
                        Issue.record(
                            "iteration \(iteration) \(kind): patterns \(patterns) text \(text)\nexpected \(want)\nfound    \(got)")
                    }
                }
            }
        }
        #expect(failures == 0)
    }

    /// Long scans are split into interleaved walks that must agree where they meet;
    /// runs of one letter with long patterns keep the automaton deep, so the walks meet
    /// late or never (and the scan falls back to one walk).
    @Test("split scans agree with the naive matcher in deep states", arguments: [10, 20, 30, 40, 60])
    func deepStates(patternLength: Int) {
        let patterns = [[UInt8](repeating: 0x61, count: patternLength), [0x61, 0x62], [0x62]]
        let a = KeywordAutomaton(patterns: patterns, transparentByte: 0x20)
        var naive = NaiveMatcher(patterns: patterns, caseInsensitive: false, transparent: 0x20)
        for count in [47, 48, 49, 63, 100, 101, 150, 257] {
            for spaced in [false, true] {
                var text = [UInt8](repeating: 0x61, count: count)
                text[count / 2] = 0x62
                if spaced { for i in stride(from: 3, to: count, by: 7) { text[i] = 0x20 } }
                naive.load(text, transparent: 0x20)
                #expect(search(a, text) == naive.overlapping(), "length \(count), spaced \(spaced)")
                #expect(search(a, text, .leftmostLongest) == naive.leftmostLongest(), "length \(count), spaced \(spaced)")
            }
        }
    }

    /// A few hundred patterns give a deeper trie and long failure chains.
    @Test("randomized comparison with many patterns")
    func differentialLarge() {
        var rng = SplitMix64(seed: 42)
        let alphabet: [UInt8] = [0x61, 0x62, 0x63, 0x64]
        let patterns = (0..<300).map { _ in (0..<(1 + rng.below(8))).map { _ in alphabet[rng.below(4)] } }
        let text = (0..<3000).map { _ in alphabet[rng.below(4)] }
        let a = KeywordAutomaton(patterns: patterns)
        var naive = NaiveMatcher(patterns: patterns, caseInsensitive: false, transparent: nil)
        naive.load(text, transparent: nil)
        #expect(search(a, text) == naive.overlapping())
        #expect(search(a, text, .leftmostLongest) == naive.leftmostLongest())
        #expect(search(a, text, .leftmostFirst) == naive.leftmostFirst())
        #expect(search(a, text, .standard) == naive.standard())
    }
}
