// `vigil check` and `vigil rules …` through the real binary: verdict JSON, code-point
// spans, exit codes, and every kind of bad input.
import Foundation
import Testing

@Suite struct CheckCommandTests {
    @Test func cleanTextAllows() {
        let result = Vigil.run(["check", "--format", "json", "今天天气不错，我们去公园散步吧"])
        #expect(result.status == 0)
        #expect(result.json?["decision"] as? String == "allow")
        #expect(result.json?["type"] as? String == "verdict")
    }

    @Test func insultIsFlaggedWithExactSpan() throws {
        let text = "🙂 你这个傻逼, go away"
        let result = Vigil.run(["check", "--format", "json", text])
        let json = try #require(result.json)
        let decision = json["decision"] as? String
        #expect(decision == "block" || decision == "review")
        #expect(result.status == (decision == "block" ? 2 : 1))
        let hits = try #require(json["hits"] as? [[String: Any]])
        let scalars = Array(text.unicodeScalars)
        for hit in hits {
            let start = hit["start"] as! Int, end = hit["end"] as! Int
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == hit["match"] as? String)
            #expect((hit["rule"] as? String)?.contains("/") == true)
        }
        #expect(hits.contains { $0["match"] as? String == "傻逼" })
    }

    @Test func textFormatMarksSpans() {
        let result = Vigil.run(["check", "你这个傻逼"])
        #expect(result.status == 2)
        #expect(result.stdout.contains("⟦傻逼⟧"))
        #expect(result.stdout.hasPrefix("BLOCK"))
    }

    @Test func readsFileAndStdin() throws {
        let folder = Vigil.temporaryFolder()
        let file = folder.appendingPathComponent("post.txt")
        try "你这个傻逼".write(to: file, atomically: true, encoding: .utf8)
        #expect(Vigil.run(["check", "--format", "json", "--file", file.path]).status == 2)
        #expect(Vigil.run(["check", "--format", "json"], stdin: Data("hello friends".utf8)).status == 0)
    }

    @Test func missingFileExits66() {
        let result = Vigil.run(["check", "--file", "/nonexistent/post.txt"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/post.txt"))
    }

    @Test func usageErrorsExit64() {
        #expect(Vigil.run(["check", "a", "--file", "b"]).status == 64)
        #expect(Vigil.run(["check", "--format", "yaml", "a"]).status == 64)
        #expect(Vigil.run(["frobnicate"]).status == 64)
    }

    @Test func emptyInvalidUTF8AndNULInputs() {
        let empty = Vigil.run(["check", "--format", "json"], stdin: Data())
        #expect(empty.status == 0)
        #expect((empty.json?["warnings"] as? [String])?.isEmpty == false)
        let invalid = Vigil.run(["check", "--format", "json"], stdin: Data([0x68, 0x69, 0xFF, 0xFE, 0x20] + Array("傻逼".utf8)))
        #expect(invalid.status == 2)
        #expect((invalid.json?["warnings"] as? [String])?.contains { $0.contains("UTF-8") } == true)
        let nul = Vigil.run(["check", "--format", "json"], stdin: Data([0, 0] + Array("傻逼".utf8) + [0]))
        #expect(nul.status == 2)
    }

    @Test func tenMegabyteText() {
        var big = Data(String(repeating: "普通的评论 ordinary comment ", count: 340_000).utf8)
        big.append(contentsOf: Array("傻逼".utf8))
        #expect(big.count > 10_000_000)
        let result = Vigil.run(["check", "--format", "json"], stdin: big)
        #expect(result.status == 2)
        #expect((result.json?["hits"] as? [[String: Any]])?.count == 1)
    }

    @Test func invalidRulesExit78AndMissingRulesExit66() throws {
        let folder = Vigil.temporaryFolder()
        try "pack: b\nrules:\n  - id: x\n    category: spam\n    regex: '(unclosed'\n".write(
            to: folder.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let result = Vigil.run(["check", "--rules", folder.path, "hello"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("broken.yaml:5:22: error: invalid regex"))
        #expect(result.stdout.isEmpty)
        let missing = Vigil.run(["check", "--rules", "/nonexistent/rules", "hello"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("/nonexistent/rules"))
    }

    @Test func noBuiltinRulesLeavesOnlyTheGivenPacks() throws {
        let folder = Vigil.temporaryFolder()
        try "pack: t\nrules:\n  - id: w\n    category: spam\n    keywords: [widget]\n".write(
            to: folder.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
        let result = Vigil.run(["check", "--format", "json", "--no-builtin-rules", "--rules", folder.path, "buy a widget, 傻逼"])
        let rules = (result.json?["hits"] as? [[String: Any]])?.compactMap { $0["rule"] as? String }
        #expect(rules == ["t/w"])
    }
}

@Suite struct RulesCommandTests {
    @Test func lintReportsEveryProblemWithPositions() throws {
        let folder = Vigil.temporaryFolder()
        try "pack: b\nrules:\n  - id: x\n    category: spam\n    regex: '(unclosed'\n  - id: x\n    keywords: [a]\n    bogus_key: 1\n".write(
            to: folder.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let result = Vigil.run(["rules", "lint", folder.path])
        #expect(result.status == 78)
        #expect(result.stdout.contains("broken.yaml:5:22: error: invalid regex: missing closing parenthesis"))
        #expect(result.stdout.contains("broken.yaml:6:5: error: duplicate rule id `x`"))
        #expect(result.stdout.contains("broken.yaml:8:5: error: unknown key `bogus_key`"))
    }

    @Test func builtInRulesLintCleanAndPassTheirExamples() {
        let lint = Vigil.run(["rules", "lint"])
        #expect(lint.status == 0, "\(lint.stdout)")
        #expect(!lint.stdout.contains("error"))
        let test = Vigil.run(["rules", "test"])
        #expect(test.status == 0, "\(test.stdout)")
        #expect(test.stderr.contains("0 failed"))
    }

    @Test func failingExampleNamesRuleExampleAndFinding() throws {
        let folder = Vigil.temporaryFolder()
        try """
            pack: t
            rules:
              - id: w
                category: spam
                keywords: [widget]
                examples:
                  match: ["gadget"]
                  no_match: ["a widget"]
            """.write(to: folder.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
        let result = Vigil.run(["rules", "test", folder.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("t.yaml:7:15: rule t/w: example “gadget” should match but did not; found no hits"))
        #expect(result.stdout.contains("rule t/w: example “a widget” should not match but hit “widget” at 2–8"))
    }

    @Test func explainShowsNormalizationHitsAndScore() {
        let result = Vigil.run(["rules", "explain", "你个傻 * 逼"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("keyword stream"))
        #expect(result.stdout.contains("“傻 * 逼”"))
        #expect(result.stdout.contains("100 × (1 −"))
        #expect(result.stdout.contains("decision: block"))
    }
}
