// Scores: the formula, monotonicity (a further hit never lowers a score), thresholds
// per kind and category caps from the policy.
import Testing
@testable import VigilEngine

@Suite struct ScoringTests {
    static let pack = """
        pack: s
        rules:
          - id: low
            category: abuse
            severity: low
            keywords: [meh]
          - id: medium
            category: abuse
            severity: medium
            keywords: [jerk]
          - id: high
            category: abuse
            severity: high
            keywords: [idiot]
          - id: weighted
            category: spam
            weight: 45
            keywords: [buy now]
          - id: complaint
            category: complaint
            severity: critical
            keywords: [refund]
        """
    static let policy = """
        thresholds: {review: 30, block: 60}
        kinds:
          post: {review: 5, block: 50}
        categories:
          complaint: {max_decision: review}
        """
    let engine = TestRules.engine(pack, policy: policy)!

    @Test func formula() {
        #expect(ScoreFormula.combine([60]) == 60)
        #expect(ScoreFormula.combine([30, 30]) == 51)
        #expect(ScoreFormula.combine([100, 10]) == 100)
        #expect(ScoreFormula.combine([]) == 0)
        let verdict = engine.verdict("jerk and idiot")
        #expect(verdict.score == 72)
        #expect(verdict.categories.map(\.name) == ["abuse"])
        #expect(verdict.decision == .block)
    }

    @Test func repeatedHitsOfOneRuleCountOnce() {
        #expect(engine.verdict("jerk").score == engine.verdict("jerk jerk jerk").score)
    }

    @Test func monotoneOverEveryAddition() {
        // Every subset of phrases, then add each remaining phrase: no score may drop.
        let phrases = ["meh", "jerk", "idiot", "buy now", "refund", "hello"]
        for mask in 0..<(1 << phrases.count) {
            let base = phrases.indices.filter { mask & (1 << $0) != 0 }.map { phrases[$0] }
            let before = engine.verdict(base.joined(separator: " "))
            for extra in phrases.indices where mask & (1 << extra) == 0 {
                let after = engine.verdict((base + [phrases[extra]]).joined(separator: " "))
                #expect(after.score >= before.score)
                #expect(after.decision >= before.decision)
                for (name, score) in before.categories {
                    #expect((after.categories.first { $0.name == name }?.score ?? -1) >= score)
                }
            }
        }
    }

    @Test func scoresStayInRange() {
        let verdict = engine.verdict(Array(repeating: "meh jerk idiot buy now refund", count: 50).joined(separator: " "))
        #expect(verdict.score >= 0 && verdict.score <= 100)
    }

    @Test func thresholdsPerKind() {
        #expect(engine.verdict("meh").decision == .allow)                // 10 < 30
        #expect(engine.verdict("meh", kind: "post").decision == .review) // 10 ≥ 5
        #expect(engine.verdict("buy now").decision == .review)
        #expect(engine.verdict("buy now", kind: "comment").decision == .review)  // unknown kind: defaults
    }

    @Test func categoryCapKeepsComplaintsReviewable() {
        let verdict = engine.verdict("I want a refund")
        #expect(verdict.score == 100)
        #expect(verdict.decision == .review)
    }
}
