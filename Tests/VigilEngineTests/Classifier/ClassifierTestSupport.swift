// Hand-made classifier models for tests: a model whose weights are set on chosen
// n-grams, written into a temporary rules folder beside a pack that uses it.
import Foundation
@testable import VigilEngine

enum ClassifierFixtures {
    static let settings = NGramFeatures.Settings(hashBits: 16, cjkMaxN: 3, wordMaxN: 2, charMinN: 3, charMaxN: 4, scripts: [.cjk, .latin])

    /// The buckets of the features of `text` (through the rules' normalization).
    static func buckets(of text: String, settings: NGramFeatures.Settings = settings) -> [Int] {
        let scratch = NormalizedText()
        var copy = text
        copy.withUTF8 { Normalizer().normalize($0, into: scratch) }
        var result: [Int] = []
        NGramFeatures(settings).forEach(in: scratch.keywordStream.bytes) { bucket, _, _ in result.append(bucket) }
        return result
    }

    /// A model with weight `weight` on the first feature of each of `ngrams` (their
    /// unigram or word feature) and `rest` on every other bucket.
    static func model(positive ngrams: [String], weight: Int8 = 127, rest: Int8 = 0, scale: Float = 0.1, bias: Float = -2) -> TextClassifierModel {
        var weights = [Int8](repeating: rest, count: 1 << Int(settings.hashBits))
        for ngram in ngrams { weights[buckets(of: ngram)[0]] = weight }
        return TextClassifierModel(name: "test", settings: settings, algorithm: .logisticRegression, lengthNormalized: true,
                                   scale: scale, bias: bias, weights: weights)
    }

    /// A rules folder holding `pack.yaml` and `models/test.vgm`.
    static func folder(pack: String, model: [UInt8]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-classifier-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("models"), withIntermediateDirectories: true)
        try Data(pack.utf8).write(to: folder.appendingPathComponent("pack.yaml"))
        try Data(model).write(to: folder.appendingPathComponent("models/test.vgm"))
        return folder
    }

    static func engine(pack: String, model: TextClassifierModel) throws -> Engine {
        let folder = try folder(pack: pack, model: model.serialized())
        return try Engine.load(try RuleSource.disk(paths: [folder.path]))
    }
}
