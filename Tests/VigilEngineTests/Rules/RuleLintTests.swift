// Every lint error of the rule language (docs/rules.md), each with its file position.
import Testing
@testable import VigilEngine

@Suite struct RuleLintTests {
    func expectDiagnostic(_ yaml: String, _ expected: String, companions: [String: String] = [:], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let found = TestRules.lint(yaml, companions: companions)
        // "line:col: level: message-start|message-part": the position is a prefix when given.
        let parts = expected.components(separatedBy: "|")
        let startsWithPosition = parts[0].first?.isNumber == true
        #expect(found.contains { (startsWithPosition ? $0.hasPrefix(parts[0]) : $0.contains(parts[0])) && $0.contains(parts.last!) },
                "expected \(expected) in \(found)", sourceLocation: sourceLocation)
    }

    @Test func unknownKeyWithSuggestion() {
        expectDiagnostic("""
            pack: p
            rules:
              - id: a
                category: abuse
                keyword: [x]
                keywords: [y]
            """, "5:5: error: unknown key `keyword` in rule|did you mean `keywords`?")
    }

    @Test func unknownPackKey() {
        expectDiagnostic("pack: p\nrule: []\nrules: []\n", "2:1: error: unknown key `rule` in pack")
    }

    @Test func missingID() {
        expectDiagnostic("pack: p\nrules:\n  - category: abuse\n    keywords: [x]\n", "3:5: error: rule has no `id`")
    }

    @Test func duplicateID() {
        expectDiagnostic("""
            pack: p
            defaults: {category: abuse}
            rules:
              - id: a
                keywords: [x]
              - id: a
                keywords: [y]
            """, "6:5: error: duplicate rule id `a`|first defined at p.yaml:4:5")
    }

    @Test func noMatcherAndTwoMatchers() {
        expectDiagnostic("pack: p\nrules:\n  - id: a\n    category: abuse\n", "3:5: error: rule `a` has no matcher")
        expectDiagnostic("""
            pack: p
            rules:
              - id: a
                category: abuse
                keywords: [x]
                regex: 'y+'
            """, "6:12: error: rule `a` has more than one matcher")
    }

    @Test func invalidRegexGivesPCREMessageAtItsOffset() {
        // The pattern starts at column 13 (after the quote); PCRE2 reports offset 9.
        expectDiagnostic("pack: p\nrules:\n  - id: a\n    category: spam\n    regex: '(unclosed'\n",
                         "5:22: error: invalid regex: missing closing parenthesis")
    }

    @Test func costlyRegexIsAWarning() {
        let found = TestRules.lint("pack: p\nrules:\n  - id: a\n    category: spam\n    regex: '\\d{11}'\n")
        #expect(found.contains { $0.hasPrefix("5:13: warning:") && $0.contains("runs on every post") }, "\(found)")
        #expect(!found.contains { $0.contains("error") })
    }

    @Test func unknownDetector() {
        expectDiagnostic("pack: p\nrules:\n  - id: a\n    category: pii\n    detector: passport\n",
                         "5:15: error: unknown detector `passport`|email")
    }

    @Test func unknownReference() {
        expectDiagnostic("pack: p\nrules:\n  - id: a\n    category: abuse\n    all: [b, other/c]\n",
                         "5:11: error: unknown rule reference `b`")
        expectDiagnostic("pack: p\nrules:\n  - id: a\n    category: abuse\n    all: [b, other/c]\n",
                         "5:14: error: unknown rule reference `other/c`")
    }

    @Test func referenceCycle() {
        expectDiagnostic("""
            pack: p
            defaults: {category: abuse}
            rules:
              - id: a
                all: [b]
              - id: b
                any: [c]
              - id: c
                count: {of: a, at_least: 2}
            """, "error: reference cycle: p/a → p/b → p/c → p/a")
    }

    @Test func badSeverityAndWeight() {
        expectDiagnostic("pack: p\nrules:\n  - id: a\n    category: abuse\n    severity: extreme\n    keywords: [x]\n",
                         "5:15: error: severity must be one of low, medium, high, critical")
        expectDiagnostic("pack: p\nrules:\n  - id: a\n    category: abuse\n    weight: 150\n    keywords: [x]\n",
                         "5:13: error: weight must be a number from 0 to 100")
    }

    @Test func unreadableKeywordsFile() {
        expectDiagnostic("pack: p\nrules:\n  - id: a\n    category: abuse\n    keywords_file: missing.txt\n",
                         "5:20: error: cannot read keywords_file `missing.txt`")
    }

    @Test func keywordsFileIsRead() {
        let (engine, diagnostics) = TestRules.compile(
            ["rules/p.yaml": "pack: p\nrules:\n  - id: a\n    category: abuse\n    keywords_file: words.txt\n"],
            companions: ["rules/words.txt": "# comment\nbadword\n\n坏词\n"])
        #expect(diagnostics.isEmpty)
        #expect(engine?.ruleIDs("a badword and 坏词") == ["p/a"])
    }

    @Test func keywordsFileWithCRLFLinesAndIndentedComments() {
        let files = ["rules/p.yaml": "pack: p\nrules:\n  - id: a\n    category: abuse\n    keywords_file: words.txt\n"]
        let (engine, diagnostics) = TestRules.compile(
            files, companions: ["rules/words.txt": "  # comment\r\n\tbadword \r\n\r\n坏词\r\n"])
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(engine?.ruleIDs("a badword and 坏词") == ["p/a"])
        #expect(engine?.ruleIDs("comment") == [])
        // A bad keyword is reported at its own line of the list.
        let (_, problems) = TestRules.compile(files, companions: ["rules/words.txt": "# c\r\nok\r\n...\r\n"])
        #expect(problems.contains { "\($0)".contains("words.txt:3:1: error: keyword `...` has nothing left to match") }, "\(problems)")
    }

    @Test func invalidYAMLHasAPosition() {
        let found = TestRules.lint("pack: p\nrules:\n  - id: [unclosed\n")
        #expect(found.contains { $0.contains("error: invalid YAML") && !$0.hasPrefix("0:") }, "\(found)")
    }

    @Test func badPackNameAndMissingCategory() {
        expectDiagnostic("pack: Bad_Name\nrules: []\n", "1:7: error: pack name `Bad_Name` must match")
        expectDiagnostic("pack: p\nrules:\n  - id: a\n    keywords: [x]\n", "3:5: error: rule `a` has no `category`")
    }

    @Test func keywordWithNothingToMatch() {
        expectDiagnostic("pack: p\nrules:\n  - id: a\n    category: abuse\n    keywords: ['...', ok]\n",
                         "5:16: error: keyword `...` has nothing left to match")
    }

    @Test func nearAndCountShapes() {
        expectDiagnostic("pack: p\ndefaults: {category: a}\nrules:\n  - id: k\n    keywords: [x]\n  - id: a\n    near: {all: [k], within: 3}\n",
                         "error: `near.all` must list at least two rule references")
        expectDiagnostic("pack: p\ndefaults: {category: a}\nrules:\n  - id: k\n    keywords: [x]\n  - id: a\n    count: {of: k, at_least: 0}\n",
                         "7:30: error: `count.at_least` must be a positive integer")
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let found = TestRules.lint("""
            pack: p
            rules:
              - id: a
                category: spam
                regex: '(unclosed'
              - id: a
                keywords: [a]
                bogus_key: 1
            """)
        #expect(found.count >= 3, "\(found)")
    }

    @Test func policyErrors() {
        let (_, diagnostics) = TestRules.compile(["p.yaml": "pack: p\nrules: []\n"],
                                                 policy: "thresholds: {review: 80, block: 40}\ncategories:\n  spam: {max_decision: maybe}\n")
        let messages = diagnostics.map(\.description)
        #expect(messages.contains { $0.contains("review threshold must not be above") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("policy.yaml:3:") && $0.contains("max_decision must be") }, "\(messages)")
    }
}
