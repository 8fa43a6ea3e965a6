// The condition rules `all`, `any`, `none`, `near`, `count`, with `internal`
// building blocks and `unless` on a condition.
import Testing
@testable import VigilEngine

@Suite struct ConditionTests {
    let engine = TestRules.engine("""
        pack: c
        defaults: {category: violence, severity: low}
        rules:
          - id: kill
            internal: true
            keywords: [kill, 杀]
          - id: you
            internal: true
            keywords: [you, 你]
          - id: threat
            severity: critical
            near: {all: [kill, c/you], within: 12}
            unless: [kill you in the game]
          - id: link
            internal: true
            detector: url
          - id: lure
            internal: true
            keywords: [free gift, 免费领取]
          - id: lure-link
            category: spam
            all: [lure, link]
          - id: any-violence
            any: [kill, you]
          - id: clean
            category: test
            none: [kill, you, lure]
          - id: flood
            category: spam
            count: {of: lure, at_least: 3}
          - id: nested
            category: spam
            all: [lure-link, flood]
        """)!

    @Test func internalRulesFeedConditionsButAreNotReported() {
        let verdict = engine.verdict("I will kill you tomorrow")
        #expect(verdict.hits.map(\.rule).contains("c/threat"))
        #expect(!verdict.hits.map(\.rule).contains("c/kill"))
        #expect(engine.ruleIDs("I will kill you tomorrow").contains("c/kill"))
    }

    @Test func nearMeasuresTheGapInCodePoints() {
        let hit = engine.verdict("I will kill you tomorrow").hits.first { $0.rule == "c/threat" }
        #expect(hit?.match == "kill you")
        #expect(engine.verdict("我要杀了你").hits.contains { $0.rule == "c/threat" && $0.match == "杀了你" })
        // 12 code points between is allowed, 13 is not.
        #expect(engine.ruleIDs("kill" + String(repeating: "-", count: 12) + "you").contains("c/threat"))
        #expect(!engine.ruleIDs("kill" + String(repeating: "-", count: 13) + "you").contains("c/threat"))
        #expect(!engine.ruleIDs("kill the process, then call you later, much later").contains("c/threat"))
        // Order does not matter.
        #expect(engine.ruleIDs("you, I kill").contains("c/threat"))
    }

    @Test func nearFindsTheClosestPairAmongMany() {
        let text = "you " + String(repeating: "x", count: 40) + " you kill"
        #expect(engine.verdict(text).hits.first { $0.rule == "c/threat" }?.match == "you kill")
    }

    @Test func unlessAppliesToConditionHits() {
        #expect(!engine.ruleIDs("I will kill you in the game").contains("c/threat"))
    }

    @Test func allNeedsEveryReference() {
        #expect(engine.ruleIDs("free gift at https://spam.example.com/x").contains("c/lure-link"))
        #expect(!engine.ruleIDs("free gift for members").contains("c/lure-link"))
        #expect(!engine.ruleIDs("see https://example.com").contains("c/lure-link"))
    }

    @Test func anyReportsEachConstituentHit() {
        let hits = engine.verdict("kill it, you know").hits.filter { $0.rule == "c/any-violence" }
        #expect(hits.map(\.match) == ["kill", "you"])
    }

    @Test func noneHitsOnlyWhenNothingReferencedHits() {
        #expect(engine.ruleIDs("a quiet day").contains("c/clean"))
        #expect(!engine.ruleIDs("you are here").contains("c/clean"))
    }

    @Test func countAndNestedConditions() {
        #expect(!engine.ruleIDs("free gift, free gift").contains("c/flood"))
        let text = "free gift! 免费领取 free gift https://x.example.org"
        let ids = engine.ruleIDs(text)
        #expect(ids.contains("c/flood"))
        #expect(ids.contains("c/nested"))
        let flood = engine.verdict(text).hits.first { $0.rule == "c/flood" }
        #expect(flood?.match == "free gift! 免费领取 free gift")
    }

    @Test func oneScratchJudgesEachPostAfresh() {
        // Conditions are evaluated only when a referenced rule has hits; the marks that
        // decide this are cleared as they are visited and must not leak into the next post.
        let posts = [
            "free gift! 免费领取 free gift https://x.example.org",   // flood, nested, lure-link
            "a quiet day",                                           // clean only
            "I will kill you tomorrow",                              // threat, any-violence
            "free gift at https://spam.example.com/x",               // lure-link
            "a quiet day",
        ]
        let scratch = ScanScratch()
        for _ in 0..<2 {
            for post in posts {
                let reused = Set(engine.allHits(post, scratch: scratch).map(\.hit.rule))
                #expect(reused == engine.ruleIDs(post), "\(post)")
                // A mark left over would send the next post through conditions it cannot satisfy.
                #expect(scratch.conditionCandidates.allSatisfy { $0 == 0 }, "\(post)")
            }
        }
        #expect(Set(engine.allHits("a quiet day", scratch: scratch).map(\.hit.rule)) == ["c/clean"])
    }
}
