// The hand-written scoring loops (direct tables for the commonest n-grams) must give
// exactly what hashing every feature gives: the same feature count, and the same
// non-zero weights with the same spans, for models of one script and of both, on text
// mixing scripts, cases, accented letters, emoji, digits, long words and separators.
import Foundation
import Testing
@testable import VigilEngine

@Suite struct ModelScoringTests {
    static let texts = [
        "", "a", "ab", "you are a stupid bitch lol", "THESE hoes AINT loyal!!", "fսck ｆｕｃｋ f.u.c.k",
        "café naïve résumé Ärger straße", "http://t.co/H0dYEBvnZB &#8220;@user: rt&#8221;",
        "supercalifragilisticexpialidociousandthensomemorelettersbeyond32",
        "四川人是不是只有喝西北风才健康啊。抛开剂量谈毒性都是垃圾", "傻 * 逼 傻逼  真的 😀 好 𠀀𠀁 字",
        "mixed 中文 and english 混合 text 123 ４５６", "x 𠮷野家 y\nline two\tthree", "😀😀 ok 😀",
        String(repeating: "垃圾 ", count: 300), String(repeating: "idiot ", count: 200), "a1b2c3 9 99 999 z",
        "abc abcd", String(repeating: "b", count: 32), String(repeating: "b", count: 33),
        String(repeating: "x", count: 32) + "é", "word" + "é" + "word 12345678901234567890123456789012345 end",
    ]

    static let settings: [NGramFeatures.Settings] = [
        .init(hashBits: 18, cjkMaxN: 2, wordMaxN: 2, charMinN: 3, charMaxN: 4, scripts: .cjk),
        .init(hashBits: 16, cjkMaxN: 3, wordMaxN: 2, charMinN: 3, charMaxN: 3, scripts: .cjk),
        .init(hashBits: 18, cjkMaxN: 3, wordMaxN: 2, charMinN: 3, charMaxN: 3, scripts: .latin),
        .init(hashBits: 12, cjkMaxN: 3, wordMaxN: 1, charMinN: 1, charMaxN: 3, scripts: .latin),
        .init(hashBits: 14, cjkMaxN: 3, wordMaxN: 0, charMinN: 2, charMaxN: 2, scripts: .latin),
        .init(hashBits: 16, cjkMaxN: 3, wordMaxN: 2, charMinN: 3, charMaxN: 4, scripts: .latin),
        .init(hashBits: 16, cjkMaxN: 3, wordMaxN: 2, charMinN: 3, charMaxN: 4, scripts: [.cjk, .latin]),
        .init(hashBits: 16, cjkMaxN: 2, wordMaxN: 2, charMinN: 3, charMaxN: 3, scripts: .cjk, cjkMinN: 2),
        .init(hashBits: 16, cjkMaxN: 3, wordMaxN: 2, charMinN: 3, charMaxN: 3, scripts: .cjk, cjkMinN: 2),
        .init(hashBits: 18, cjkMaxN: 3, wordMaxN: 2, charMinN: 3, charMaxN: 3, scripts: .latin, charMinWordBytes: 4),
        .init(hashBits: 14, cjkMaxN: 3, wordMaxN: 1, charMinN: 1, charMaxN: 3, scripts: .latin, charMinWordBytes: 6),
        .init(hashBits: 16, cjkMaxN: 3, wordMaxN: 2, charMinN: 3, charMaxN: 4, scripts: [.cjk, .latin], cjkMinN: 2, charMinWordBytes: 5),
    ]

    /// Every occurrence with a non-zero weight, by hashing each feature, and the feature count.
    static func hashed(_ model: TextClassifierModel, _ stream: UnsafeBufferPointer<UInt8>) -> (count: Int32, hits: [[Int]]) {
        var count: Int32 = 0, hits: [[Int]] = []
        model.features.forEach(in: stream) { bucket, start, end in
            count += 1
            if model.weights[bucket] != 0 { hits.append([Int(model.weights[bucket]), start, end]) }
        }
        return (count, hits.sorted { $0.lexicographicallyPrecedes($1) })
    }

    struct Collect: FeatureTally {
        var sum: Int32 = 0, count: Int32 = 0
        var hits: [[Int]] = []
        mutating func reserve(_ features: Int) {}
        mutating func record(_ weight: Int32, start: Int, end: Int) {
            sum += weight; count += 1
            if weight != 0 { hits.append([Int(weight), start, end]) }
        }
    }

    static func expectSame(_ model: TextClassifierModel, label: String) {
        for text in texts {
            let normalized = NormalizedText()
            var copy = text
            copy.withUTF8 { Normalizer().normalize($0, into: normalized) }
            let stream = normalized.keywordStream.bytes
            let expected = hashed(model, stream)
            var sink = Collect()
            model.score(stream: stream, into: &sink)
            #expect(sink.count == expected.count, "\(label): feature count of \(text.prefix(40))")
            #expect(sink.hits.sorted { $0.lexicographicallyPrecedes($1) } == expected.hits, "\(label): weights of \(text.prefix(40))")
            #expect(model.logit(stream: stream) == model.logit(sum: Int32(expected.hits.reduce(0) { $0 + $1[0] }), count: expected.count))
        }
    }

    @Test func directTablesScoreAsHashingDoes() {
        for settings in Self.settings {
            // Dense scattered weights (-3 ... 3), so that almost every n-gram's bucket is tested.
            let weights = (0..<(1 << Int(settings.hashBits))).map { Int8(truncatingIfNeeded: (($0 &* 2_654_435_761) >> 9) % 7) - 3 }
            let model = TextClassifierModel(name: "t", settings: settings, algorithm: .logisticRegression, lengthNormalized: true,
                                            scale: 0.1, bias: -1, weights: weights)
            Self.expectSame(model, label: "\(settings)")
        }
    }

    @Test func builtInModelsScoreAsHashingDo() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../rules/models").standardizedFileURL
        for name in ["zh-offensive", "en-offensive"] {
            let bytes = try Data(contentsOf: folder.appendingPathComponent("\(name).vgm"))
            let model = try TextClassifierModel.parse([UInt8](bytes))
            #expect(model.direct != nil, "\(name) has direct tables")
            Self.expectSame(model, label: name)
        }
    }
}

@Suite struct PositiveTallyTests {
    /// The positive features kept for a hit's span: those with a weight above zero, in
    /// order, through the list's growth, and the same sum and count as every feature.
    @Test func keepsPositiveFeaturesThroughGrowth() {
        let list = PositiveFeatures(capacity: 2)
        var tally = PositiveTally(into: list)
        let weights: [Int32] = [3, 0, -2, 5, 1, -1, 0, 7, 2, 9]
        for (index, weight) in weights.enumerated() {
            tally.reserve(1)
            tally.record(weight, start: index, end: index + 1)
        }
        let kept = tally.positives
        #expect(kept.map(\.weight) == [3, 5, 1, 7, 2, 9])
        #expect(kept.map(\.start) == [0, 3, 4, 7, 8, 9])
        #expect(tally.sum == weights.reduce(0, +) && tally.count == 10)
        var again = PositiveTally(into: kept)
        again.reserve(1)
        again.record(-4, start: 0, end: 1)
        #expect(again.positives.isEmpty && again.sum == -4)
        again.positives.deallocate()
    }
}
