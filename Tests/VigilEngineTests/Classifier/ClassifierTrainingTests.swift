// Training is deterministic (the same rows and seed give the same model file, byte for
// byte) and learns: a model trained on a sample tells held-out rows apart. The real-
// data case retrains on a sample of COLD train from ../shared/data and skips without it.
import Foundation
import Testing
@testable import VigilEngine

@Suite struct ClassifierTrainingTests {
    static var settings: NGramFeatures.Settings {
        var settings = NGramFeatures.Settings()
        settings.hashBits = 16
        return settings
    }

    /// Made-up rows: positives mention one of a few insults, negatives do not.
    static func syntheticRows(_ count: Int) -> (texts: [String], labels: [Bool]) {
        var generator = SeededGenerator(seed: 7)
        let neutral = ["今天", "天气", "不错", "我们", "去", "吃饭", "the", "weather", "is", "nice", "let", "us", "eat"]
        let insults = ["垃圾", "蠢货", "idiot", "moron"]
        var texts: [String] = [], labels: [Bool] = []
        for index in 0..<count {
            var words = (0..<6).map { _ in neutral[Int(generator.next() % UInt64(neutral.count))] }
            let positive = index % 2 == 0
            if positive { words.insert(insults[Int(generator.next() % 4)], at: Int(generator.next() % 6)) }
            texts.append(words.joined(separator: " "))
            labels.append(positive)
        }
        return (texts, labels)
    }

    func train(_ texts: [String], _ labels: [Bool], algorithm: TextClassifierModel.Algorithm, seed: UInt64) -> [UInt8] {
        var options = TrainerOptions()
        options.algorithm = algorithm
        options.seed = seed
        let set = TrainingSet(texts: texts, labels: labels, settings: Self.settings)
        let validation = CrossValidation.run(set, folds: 3, options: options)
        let model = ClassifierTrainer.train(set, indices: Array(set.examples.indices), options: options)
        return ClassifierTrainer.quantize(model, name: "t", settings: Self.settings, algorithm: algorithm,
                                          calibration: validation.calibration).serialized()
    }

    @Test(arguments: [TextClassifierModel.Algorithm.logisticRegression, .naiveBayes])
    func sameRowsAndSeedGiveSameBytes(algorithm: TextClassifierModel.Algorithm) {
        let (texts, labels) = Self.syntheticRows(400)
        let first = train(texts, labels, algorithm: algorithm, seed: 3)
        #expect(first == train(texts, labels, algorithm: algorithm, seed: 3))
        if algorithm == .logisticRegression { #expect(first != train(texts, labels, algorithm: algorithm, seed: 4)) }
    }

    @Test func crossValidationSeparatesTheClasses() {
        let (texts, labels) = Self.syntheticRows(400)
        let set = TrainingSet(texts: texts, labels: labels, settings: Self.settings)
        let result = CrossValidation.run(set, folds: 4, options: TrainerOptions())
        #expect(result.averagePrecision > 0.95)
        #expect(result.measures(at: 0.5).f1 > 0.9)
    }

    @Test func retrainingOnAColdSampleIsByteIdentical() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../shared/data/cold/train.csv").standardized.path
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            print("skipping the COLD retraining test: \(path) is absent (../shared/data is not here)")
            return
        }
        // The first 600 rows: `,split,topic,label,TEXT`, TEXT last and without line breaks.
        var texts: [String] = [], labels: [Bool] = []
        for line in text.split(separator: "\n").dropFirst().prefix(600) {
            let fields = line.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false)
            guard fields.count == 5 else { continue }
            texts.append(String(fields[4]))
            labels.append(fields[3] == "1")
        }
        #expect(texts.count > 500)
        let first = train(texts, labels, algorithm: .logisticRegression, seed: 1)
        #expect(first == train(texts, labels, algorithm: .logisticRegression, seed: 1))
        #expect(try TextClassifierModel.parse(first).weights.contains { $0 != 0 })
    }
}
