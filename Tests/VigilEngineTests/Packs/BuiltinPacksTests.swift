// The built-in packs as a whole: they load without errors or warnings, every rule's
// embedded examples pass (what `vigil rules test` runs), every rule explains itself,
// and every pack names where its words came from.
import Testing
import VigilEngine

@Suite struct BuiltinPacksTests {
    @Test func loadWithoutErrorsOrWarnings() throws {
        let engine = try #require(BuiltinPacks.engine())
        #expect(engine.warnings.isEmpty, "\(engine.warnings.map(\.description))")
        #expect(engine.rules.ruleSet.packs.count >= 16)
    }

    @Test func everyExampleOfEveryRulePasses() throws {
        let engine = try #require(BuiltinPacks.engine())
        let results = RuleExampleRunner(engine: engine).run()
        #expect(results.failures.isEmpty, "\(results.failures.joined(separator: "\n"))")
        #expect(results.rules >= 120)
        #expect(results.passed >= 700)
    }

    @Test func everyRuleHasAMessageAndExamplesOfBothKinds() throws {
        let engine = try #require(BuiltinPacks.engine())
        for rule in engine.rules.ruleSet.rules {
            #expect(!rule.message.isEmpty, "\(rule.qualifiedID) has no message")
            #expect(!rule.examples.match.isEmpty, "\(rule.qualifiedID) has no match example")
            #expect(!rule.examples.noMatch.isEmpty, "\(rule.qualifiedID) has no no_match example")
        }
    }

    @Test func everyStandardCategoryIsCovered() throws {
        let engine = try #require(BuiltinPacks.engine())
        let categories = Set(engine.rules.ruleSet.rules.filter { !$0.isInternal }.map(\.category))
        for category in ["abuse", "hate", "sexual", "violence", "self-harm", "illegal", "fraud", "spam",
                         "pii", "ads-law", "complaint", "brand-risk"] {
            #expect(categories.contains(category), "no rule of category \(category)")
        }
    }

    /// Community word lists are credited, with their licence, in the packs that use them.
    @Test(arguments: [
        ("en-abuse", ["LDNOOBW", "CC BY 4.0"]),
        ("zh-abuse", ["LDNOOBW", "CC BY 4.0"]),
        ("en-sexual", ["LDNOOBW", "CC BY 4.0"]),
        ("zh-sexual", ["LDNOOBW", "CC BY 4.0", "konsheng", "MIT"]),
        ("en-hate", ["LDNOOBW", "CC BY 4.0"]),
        ("illegal", ["konsheng", "MIT"]),
        ("spam", ["konsheng", "MIT", "fwwdn", "Apache-2.0"]),
    ])
    func packsNameTheirSources(_ pack: String, _ credits: [String]) throws {
        let engine = try #require(BuiltinPacks.engine())
        let found = try #require(engine.rules.ruleSet.packs.first { $0.name == pack })
        for credit in credits {
            #expect(found.description.contains(credit), "\(pack) description does not name \(credit)")
        }
    }

    @Test func everyPackHasADescription() throws {
        let engine = try #require(BuiltinPacks.engine())
        for pack in engine.rules.ruleSet.packs {
            #expect(pack.description.count >= 15, "\(pack.name) has no real description")
        }
    }

    /// Escalation signals: complaint and brand-risk rules feed their own signals.
    @Test func complaintAndBrandRiskFeedTheirSignals() throws {
        let engine = try #require(BuiltinPacks.engine())
        for rule in engine.rules.ruleSet.rules where rule.category == "complaint" || rule.category == "brand-risk" {
            #expect(rule.signal == rule.category, "\(rule.qualifiedID) feeds \(rule.signal)")
        }
    }
}
