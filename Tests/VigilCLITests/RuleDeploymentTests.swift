// What an operations team relies on when it deploys rules: the pre-publish check is
// strict by default and refuses unknown kinds, `--rules` adds packs to the built-in
// ones (which a pack may disable or re-weigh), allow lists, `unless` for a whole pack,
// lint warnings, clear messages, one finding per phrase, and `rules diff`.
import Foundation
import Testing

@Suite struct RuleDeploymentTests {
    /// Writes `yaml` as `name` in a fresh folder and returns the file's path.
    func pack(_ yaml: String, name: String = "pack.yaml") throws -> String {
        let url = Vigil.temporaryFolder().appendingPathComponent(name)
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func ruleIDs(_ result: CommandResult) -> [String] {
        (result.json?["hits"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } ?? []
    }

    @Test func checkDefaultsToPostsAndRefusesUnknownKinds() {
        let text = "NimbusPhone X，全网最好的旗舰手机，性能第一，国家级品质认证！"
        let post = Vigil.run(["check", text])
        #expect(post.status == 1, "\(post.stdout)")
        #expect(post.stdout.contains("(review at 10, block at 60)"))
        #expect(Vigil.run(["check", "--kind", "comment", text]).status == 0)
        for typo in ["posts", "tweet"] {
            let result = Vigil.run(["check", "--kind", typo, text])
            #expect(result.status == 64)
            #expect(result.stderr.contains("unknown kind `\(typo)`") && result.stderr.contains("comment, post"))
        }
    }

    @Test func screenDefaultsToCommentsAndGivesAnErrorRecordForAnUnknownKind() {
        let text = "NimbusPhone X，全网最好的旗舰手机，性能第一，国家级品质认证！"
        let input = Data("{\"text\":\"\(text)\"}\n{\"text\":\"\(text)\",\"kind\":\"post\"}\n{\"text\":\"hi\",\"kind\":\"tweet\"}\n".utf8)
        let result = Vigil.run(["screen"], stdin: input)
        let records = result.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        #expect(records.count == 3)
        #expect(records[0]["decision"] as? String == "allow")
        #expect(records[1]["decision"] as? String == "review")
        #expect(records[2]["type"] as? String == "error")
        #expect((records[2]["error"] as? String)?.contains("unknown kind `tweet`") == true)
    }

    @Test func rulesAddToTheBuiltInsAndKeepTheBuiltInPolicy() throws {
        let path = try pack("pack: t\nrules:\n  - id: w\n    category: spam\n    message: widget\n    keywords: [widget]\n")
        let added = Vigil.run(["check", "--format", "json", "--rules", path, "buy a widget, 傻逼"])
        #expect(ruleIDs(added).contains("t/w"))
        #expect(ruleIDs(added).contains { $0.hasPrefix("zh-abuse/") })
        let explain = Vigil.run(["rules", "explain", "--rules", path, "a widget"])
        #expect(explain.stdout.contains("policy: rules/policy.yaml"))
        let alone = Vigil.run(["check", "--format", "json", "--no-builtin-rules", "--rules", path, "buy a widget, 傻逼"])
        #expect(ruleIDs(alone) == ["t/w"])
    }

    /// `--rules rules/` in the source tree replaces the built-in packs with the files
    /// there, although their relative paths are the built-ins' own names.
    @Test func theSourceTreesRulesFolderReplacesTheBuiltIns() throws {
        try #require(FileManager.default.currentDirectoryPath == Vigil.packageRoot.path, "run from the package root")
        let result = Vigil.run(["check", "--rules", "rules/", "hello"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("duplicate pack name"))
    }

    @Test func packsDisableAndOverrideBuiltInRules() throws {
        let path = try pack("""
            pack: ops
            disable: [zh-abuse/insult-strong]
            override:
              ads-law/absolute-superlative: {severity: critical}
            rules: []
            """)
        let insult = Vigil.run(["check", "--format", "json", "--rules", path, "你个傻逼"])
        #expect(!ruleIDs(insult).contains("zh-abuse/insult-strong"))
        let ad = Vigil.run(["check", "--format", "json", "--rules", path, "全网最好的手机"])
        #expect(ad.status == 2)
        let typo = try pack("pack: ops\ndisable: [zh-abuse/insult-strnog]\nrules: []\n")
        let lint = Vigil.run(["rules", "lint", typo])
        #expect(lint.status == 78)
        #expect(lint.stdout.contains("pack.yaml:2:11: error: unknown rule `zh-abuse/insult-strnog` in `disable` (did you mean `zh-abuse/insult-strong`?)"))
    }

    @Test func allowListSuppressesHitsInsideAllowedText() throws {
        let path = try pack("""
            pack: brand
            allow:
              - "+86 21 6234 5678"
              - support@nimbus.com
              - {regex: '@nimbus_(?:official|support)'}
            rules: []
            """)
        let text = "客服热线 +86 21 6234 5678，邮箱 support@nimbus.com，微博 @nimbus_support"
        let without = Vigil.run(["check", "--format", "json", text])
        #expect(ruleIDs(without).contains { $0.hasPrefix("pii/") })
        let with = Vigil.run(["check", "--format", "json", "--rules", path, text])
        #expect(!ruleIDs(with).contains { $0.hasPrefix("pii/") }, "\(with.stdout)")
        let other = Vigil.run(["check", "--format", "json", "--rules", path, "write to bob@example.com"])
        #expect(ruleIDs(other).contains("pii/email"))
        let explain = Vigil.run(["rules", "explain", "--rules", path, text])
        #expect(explain.stdout.contains("pii/email  suppressed by allow \"support@nimbus.com\" (\(path):4)"), "\(explain.stdout)")
    }

    @Test func allowEntriesTooShortForTheKeywordScanStillWork() throws {
        // `@` has no keyword form of two bytes: every post is then scanned for the entries.
        let path = try pack("pack: brand\nallow: [\"@\", support@nimbus.com]\nrules: []\n")
        let result = Vigil.run(["check", "--format", "json", "--rules", path, "mail support@nimbus.com or bob@example.com"])
        #expect(ruleIDs(result) == ["pii/email"])
        #expect((result.json?["hits"] as? [[String: Any]])?.first?["match"] as? String == "bob@example.com")
    }

    @Test func packLevelUnlessReachesConditionRules() throws {
        let path = try pack("""
            pack: launch
            defaults: {category: brand-risk, severity: medium}
            unless: [电池爆炸是谣言]
            rules:
              - id: battery
                internal: true
                keywords: [电池]
              - id: explode
                internal: true
                keywords: [爆炸]
              - id: scare
                message: battery scare
                near: {all: [battery, explode], within: 6}
            """)
        let rumour = Vigil.run(["check", "--format", "json", "--no-builtin-rules", "--rules", path, "听说电池会爆炸"])
        #expect(ruleIDs(rumour) == ["launch/scare"])
        let rebuttal = Vigil.run(["check", "--format", "json", "--no-builtin-rules", "--rules", path, "官方辟谣：电池爆炸是谣言"])
        #expect(ruleIDs(rebuttal).isEmpty)
    }

    @Test func lintWarnsAndStrictMakesWarningsErrors() throws {
        let path = try pack("""
            pack: loose
            rules:
              - id: everything
                category: spam
                severity: high
                keywords: [a, 的]
              - id: wide
                category: spam
                near: {all: [everything, maybe], within: 80}
                message: wide
                examples: {match: ["x"], no_match: ["y"]}
              - id: maybe
                category: spam
                internal: true
                regex: 'x?'
            """)
        let lint = Vigil.run(["rules", "lint", path])
        #expect(lint.status == 0, "\(lint.stdout)")
        #expect(lint.stdout.contains("pack.yaml:6:16: warning: keyword `a` of rule `loose/everything` is 1 Latin letter at severity high"))
        #expect(lint.stdout.contains("pack.yaml:6:19: warning: keyword `的` of rule `loose/everything` is one CJK character"))
        #expect(lint.stdout.contains("warning: keyword `的` of rule `loose/everything` matches"))
        #expect(lint.stdout.contains("of the reference posts"))
        #expect(lint.stdout.contains("pack.yaml:3:5: warning: rule `loose/everything` has no `message`"))
        #expect(lint.stdout.contains("pack.yaml:3:5: warning: rule `loose/everything` has no `match` or `no_match` examples"))
        #expect(lint.stdout.contains("warning: `near` window of rule `loose/wide` is 80 characters"))
        #expect(lint.stdout.contains("pack.yaml:15:13: warning: regex of rule `loose/maybe` can match the empty string"))
        #expect(!lint.stdout.contains("error"))
        let strict = Vigil.run(["rules", "lint", "--strict", path])
        #expect(strict.status == 78)
        #expect(strict.stdout.contains("pack.yaml:6:16: error: keyword `a`"))
    }

    @Test func unlessThatNeverAppliesToTheExamplesIsWarnedAbout() throws {
        let path = try pack("""
            pack: u
            rules:
              - id: refund
                category: complaint
                message: refund
                keywords: [refund]
                unless: [refund policy]
                examples: {match: ["I want a refund"], no_match: ["hello"]}
            """)
        let lint = Vigil.run(["rules", "lint", path])
        #expect(lint.stdout.contains("pack.yaml:7:14: warning: `unless` of rule `u/refund` never applies to its own examples"))
    }

    @Test func oneMistakeGivesOneError() throws {
        let path = try pack("""
            pack: m
            defaults: {category: brand-risk}
            rules:
              - id: battery
                internal: true
                keywords: 电池
              - id: fire
                internal: true
                keywords: [起火]
              - id: scare
                near: {all: [battery, fire], within: 5}
              - id: bad-regex
                regex: '电池(爆炸'
            """)
        let lint = Vigil.run(["rules", "lint", path])
        #expect(lint.status == 78)
        let errors = lint.stdout.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 2, "\(lint.stdout)")
        #expect(lint.stdout.contains("pack.yaml:6:15: error: `keywords` must be a list"))
        #expect(!lint.stdout.contains("unknown rule reference"))
        #expect(lint.stdout.contains("(at character 5 of the pattern)"))
        let missing = Vigil.run(["rules", "lint", "/nonexistent.yaml"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("/nonexistent.yaml"))
    }

    @Test func overlappingHitsOfOneRuleAreOneFinding() {
        let result = Vigil.run(["check", "--format", "json", "全网最好的旗舰手机"])
        let hits = (result.json?["hits"] as? [[String: Any]]) ?? []
        let superlative = hits.filter { $0["rule"] as? String == "ads-law/absolute-superlative" }
        #expect(superlative.count == 1)
        #expect(superlative.first?["match"] as? String == "全网最好的")
        let explain = Vigil.run(["rules", "explain", "全网最好的旗舰手机"])
        #expect(explain.stdout.contains("“全网最好”  ads-law/absolute-superlative"))
        #expect(explain.stdout.contains("“最好的”  ads-law/absolute-superlative"))
    }

    @Test func rulesDiffReportsEveryChangedRecord() throws {
        let corpus = Vigil.temporaryFolder().appendingPathComponent("posts.jsonl")
        try """
            {"id":"a","text":"buy a widget now"}
            {"id":"b","text":"nothing to see"}
            {"id":"c","text":"widget widget"}
            not json

            """.write(to: corpus, atomically: true, encoding: .utf8)
        let path = try pack("pack: t\nrules:\n  - id: w\n    category: spam\n    severity: medium\n    message: widget\n    keywords: [widget]\n")
        let json = Vigil.run(["rules", "diff", "builtin", path, "--corpus", corpus.path, "--format", "json", "--examples", "1"])
        #expect(json.status == 1)
        let changed = json.json?["changed"] as? [[String: Any]] ?? []
        #expect(changed.map { $0["id"] as? String } == ["a", "c"])
        #expect(changed.first?["before"] as? String == "allow" && changed.first?["after"] as? String == "review")
        #expect(changed.first?["added"] as? [String] == ["t/w"] && changed.first?["removed"] as? [String] == [])
        let summary = json.json?["summary"] as? [String: Any]
        #expect(summary?["records"] as? Int == 4 && summary?["errors"] as? Int == 1)
        #expect((summary?["decisions"] as? [String: Int])?["allow→review"] == 2)
        let rule = (summary?["rules"] as? [String: Any])?["t/w"] as? [String: Any]
        #expect(rule?["added"] as? Int == 2 && (rule?["examples"] as? [String]) == ["buy a widget now"])
        let same = Vigil.run(["rules", "diff", "builtin", "builtin", "--corpus", corpus.path])
        #expect(same.status == 0)
        #expect(same.stdout.hasPrefix("4 records, 0 changed"))
        let broken = try pack("pack: b\nrules:\n  - id: x\n    regex: '('\n")
        #expect(Vigil.run(["rules", "diff", "builtin", broken, "--corpus", corpus.path]).status == 78)
    }
}
