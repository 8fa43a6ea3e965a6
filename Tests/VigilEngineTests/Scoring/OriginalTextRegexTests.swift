// Regexes of `normalize: false` rules look for their required literals on the original
// text, where characters the keyword stream drops as separators (`+`, `➕`, `：`) are
// still present: such a regex has atoms, so it is not run on every post, and it is run
// on the posts that hold them. Also the start-byte prefilter of the original automaton.
import Testing
@testable import VigilEngine

@Suite struct OriginalTextRegexTests {
    static let pack = """
        pack: t
        defaults: {category: spam, severity: medium}
        rules:
          - id: plus
            normalize: false
            regex: '(?:(?<![a-z0-9])\\+(?:vx|v)|➕ ?v)(?![a-z0-9])(?:\\s*[:：]?\\s*[a-z0-9][a-z0-9_-]{4,})?'
          - id: raw
            normalize: false
            keywords: [ABC]
        """

    @Test func separatorLiteralsAreAtomsOnTheOriginalText() throws {
        let (engine, diagnostics) = TestRules.compile(["t.yaml": Self.pack])
        #expect(!diagnostics.contains { $0.message.contains("runs on every post") }, "\(diagnostics)")
        let rules = try #require(engine?.rules)
        #expect(rules.regexes.count == 1 && !rules.regexes[0].alwaysRuns)
        // `+` and `➕` start all the regex's literals; the `ABC` keyword (either case)
        // brings two more start bytes, beyond what the memchr test handles.
        #expect(rules.originalPrefilter == nil)
        let plusOnly = Self.pack.components(separatedBy: "\n  - id: raw")[0]
        let alone = try #require(TestRules.engine(plusOnly))
        #expect(alone.rules.originalPrefilter != nil && !alone.rules.regexes[0].alwaysRuns)
    }

    @Test(arguments: [
        ("+V：abc12345", "+V：abc12345"),
        ("➕v abc123", "➕v abc123"),
        ("好货 ➕ v abc123 私聊", "➕ v abc123"),
        ("有需要+vx详聊", "+vx"),
    ])
    func matchesWithTheHandleInItsSpan(_ text: String, _ span: String) throws {
        let engine = try #require(TestRules.engine(Self.pack))
        let hits = engine.verdict(text).hits.filter { $0.rule == "t/plus" }
        #expect(hits.map(\.match) == [span])
        for hit in hits { #expect(text.scalarSlice(hit.start, hit.end) == hit.match) }
    }

    @Test(arguments: ["press ctrl+v to paste", "+version 2", "➕vx：deal_2024", "1+v=2", "v abc123", "“引号”里的 v12345"])
    func passesLookAlikes(_ text: String) throws {
        let engine = try #require(TestRules.engine(Self.pack))
        #expect(!engine.ruleIDs(text).contains("t/plus"))
    }

    @Test func originalKeywordsStillMatchBesideAtoms() throws {
        let engine = try #require(TestRules.engine(Self.pack))
        #expect(engine.ruleIDs("an ABC here +v abcdef") == ["t/raw", "t/plus"])
    }

    @Test func prefilterLooksAtTheByteAfterEachStart() throws {
        let patterns: [[UInt8]] = [Array("+v".utf8), Array("➕v".utf8)]
        let filter = try #require(StartPairFilter(patterns: patterns, asciiCaseInsensitive: true))
        func may(_ text: String) -> Bool { var copy = text; return copy.withUTF8 { filter.mayMatch(in: $0) } }
        #expect(may("x +V y") && may("➕v") && may("a+vb"))
        #expect(!may("1+2 “quoted” … alone +") && !may("") && !may("plain text"))
        // Starts near either end and in between; a start byte at the end does not hide
        // another start byte's pattern before it.
        #expect(may("+v" + String(repeating: "文", count: 12)) && may(String(repeating: "文", count: 12) + "+V")
                && may(String(repeating: "ab", count: 20) + "➕v" + String(repeating: "cd", count: 20)))
        #expect(may("➕v then some text +") && may("➕v +"))
        #expect(!may(String(repeating: "“文”+1…", count: 9)) && !may(String(repeating: "x", count: 16) + "+"))
        // More distinct start bytes than memchr pays for: no filter.
        #expect(StartPairFilter(patterns: ["ab", "cd", "ef", "gh"].map { Array($0.utf8) }, asciiCaseInsensitive: false) == nil)
        // A one-byte pattern matches wherever its byte is, even at the end.
        let single = try #require(StartPairFilter(patterns: [[0x2B]], asciiCaseInsensitive: false))
        var end = "x+"
        #expect(end.withUTF8 { single.mayMatch(in: $0) })
    }
}
