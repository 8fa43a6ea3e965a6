// `classifier:` rules: a hit when the model's probability reaches `min`, none below
// it, a span on the n-grams that weighed most (the whole text when none stands out),
// use inside `all` / `none`, and what `rules explain` shows.
import Foundation
import Testing
@testable import VigilEngine

@Suite struct ClassifierRuleTests {
    static let pack = """
        pack: p
        rules:
          - id: model
            category: abuse
            severity: high
            classifier: {model: test, min: 0.8}
          - id: person
            internal: true
            category: abuse
            keywords: [这个人]
          - id: both
            category: abuse
            all: [person, model]
          - id: not-model
            category: abuse
            severity: low
            none: [model]
        """

    @Test func hitsAtOrAboveMinimumWithSpanOnStrongestNGram() throws {
        // logit = -2 + 0.1 × 127 / √12 ≈ 1.67 (p ≈ 0.84) for the 12 features of 这个人很坏.
        let engine = try ClassifierFixtures.engine(pack: Self.pack, model: ClassifierFixtures.model(positive: ["坏"]))
        let hits = engine.allHits("这个人很坏", scratch: ScanScratch()).map(\.hit)
        let model = try #require(hits.first { $0.rule == "p/model" })
        #expect(model.match == "坏" && model.start == 4 && model.end == 5)
        #expect(hits.contains { $0.rule == "p/both" })
        #expect(!hits.contains { $0.rule == "p/not-model" })
        #expect(engine.verdict("这个人很坏").decision != .allow)
    }

    @Test func noHitBelowMinimumOrWithoutFeatures() throws {
        let engine = try ClassifierFixtures.engine(pack: Self.pack, model: ClassifierFixtures.model(positive: ["坏"]))
        let ids = engine.ruleIDs("这个人很好")
        #expect(!ids.contains("p/model") && !ids.contains("p/both") && ids.contains("p/not-model"))
        // Long text: the one positive n-gram is diluted by √count below the minimum.
        #expect(!engine.ruleIDs("这个人很坏但是他们说的都是一些很长很长的话没有什么意思").contains("p/model"))
        #expect(!engine.ruleIDs("!!! ...").contains("p/model"))
    }

    @Test func wholeTextWhenNoNGramStandsOut() throws {
        let flat = ClassifierFixtures.model(positive: [], rest: 10, scale: 0.2, bias: -1)
        let engine = try ClassifierFixtures.engine(pack: Self.pack, model: flat)
        let text = "你们这些人真是的"
        let hit = try #require(engine.allHits(text, scratch: ScanScratch()).map(\.hit).first { $0.rule == "p/model" })
        #expect(hit.start == 0 && hit.end == text.unicodeScalars.count && hit.match == text)
    }

    @Test func spanCoversEvasionInTheOriginal() throws {
        // The model reads the keyword stream: `傻 * 逼` gives the features of 傻逼.
        let engine = try ClassifierFixtures.engine(pack: Self.pack, model: ClassifierFixtures.model(positive: ["傻"]))
        let hit = try #require(engine.allHits("傻 * 逼", scratch: ScanScratch()).map(\.hit).first { $0.rule == "p/model" })
        #expect(hit.match == "傻")
        #expect(ClassifierFixtures.buckets(of: "傻 * 逼") == ClassifierFixtures.buckets(of: "傻逼"))
    }

    @Test func explainShowsProbabilityThresholdAndStrongestNGrams() throws {
        let engine = try ClassifierFixtures.engine(pack: Self.pack, model: ClassifierFixtures.model(positive: ["坏", "人"], weight: 60))
        let readings = engine.classifierReadings("这个人很坏")
        let reading = try #require(readings.first)
        #expect(reading.rule == "p/model" && reading.minimum == 0.8)
        let expected = TextClassifierModel.probability(-2 + 0.1 * 120 / Double(12).squareRoot())
        #expect(abs((reading.probability ?? 0) - expected) < 1e-6)
        #expect(reading.strongest.map(\.text).sorted() == ["人", "坏"])
        #expect(reading.strongest.contains { $0.text == "坏" && $0.start == 4 && $0.end == 5 })
        let text = Explanation(engine: engine, text: "这个人很坏").render()
        #expect(text.contains("p/model  model test: probability \(String(format: "%.3f", expected)), min 0.800"))
        #expect(text.contains("4–5 “坏”"))
    }
}
