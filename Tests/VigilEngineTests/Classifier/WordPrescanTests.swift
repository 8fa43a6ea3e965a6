// The Latin loops' prescan (TextClassifierModel.mayHoldWord) must find every byte a word
// can start with, and a Latin model must score a post exactly as hashing every feature
// does (the path without the prescan), whether the post holds Latin words or not.
import Foundation
import Testing
@testable import VigilEngine

@Suite struct WordPrescanTests {
    static func wordStart(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0xC2...0xE1).contains(byte)
    }

    @Test func prescanFindsEveryWordStart() {
        // Looser than a word start only inside 0x30…0x7A.
        func allowed(_ byte: UInt8) -> Bool { Self.wordStart(byte) || (0x30...0x7A).contains(byte) }
        var generator = SystemRandomNumberGenerator()
        var noes = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...19, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Mostly bytes no word starts with, so that the answer is often "no".
            for index in bytes.indices where !Bool.random(using: &generator) || bytes.count > 12 {
                if allowed(bytes[index]) { bytes[index] = [0x20, 0x80, 0xBF, 0xE4, 0xE2, 0xEF, 0xF0, 0x2F, 0x7B, 0xC1][index % 10] }
            }
            let answer = bytes.withUnsafeBufferPointer { TextClassifierModel.mayHoldWord($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: length) }
            #expect(answer == bytes.contains(where: allowed), "\(bytes)")
            if !answer { noes += 1 }
        }
        #expect(noes > 1_000, "the random posts test the answer no as well")
    }

    /// Posts of CJK text, punctuation and emoji with, at every position, a Latin word (or
    /// one letter, a digit, an accented letter) or nothing.
    static var posts: [String] {
        let filler = ["四川人是不是只有喝西北风才健康啊。", "！？…“”", "😀 👍🏽 ", "垃圾，  真的。", "、 ｜ 《》"]
        let words = ["", "a", "Z", "7", "é", "Ärger", "bitch", "stupid idiot", "x中y"]
        var result: [String] = []
        for (index, text) in filler.enumerated() {
            let scalars = Array(text + filler[(index + 1) % filler.count])
            for cut in 0...scalars.count {
                for word in words {
                    result.append(String(scalars[..<cut]) + word + String(scalars[cut...]))
                }
            }
        }
        return result
    }

    static func expectSameAsHashing(_ model: TextClassifierModel, label: String) -> (withWords: Int, without: Int) {
        var withWords = 0, without = 0
        for text in Self.posts {
            let normalized = NormalizedText()
            var copy = text
            copy.withUTF8 { Normalizer().normalize($0, into: normalized) }
            let stream = normalized.keywordStream.bytes
            let expected = ModelScoringTests.hashed(model, stream)
            var sink = ModelScoringTests.Collect()
            model.score(stream: stream, into: &sink)
            #expect(sink.count == expected.count, "\(label): feature count of \(text)")
            #expect(sink.hits.sorted { $0.lexicographicallyPrecedes($1) } == expected.hits, "\(label): weights of \(text)")
            if expected.count > 0 { withWords += 1 } else { without += 1 }
            let anyStart = stream.contains(where: Self.wordStart)
            #expect(anyStart || expected.count == 0, "\(label): features without a word start in \(text)")
        }
        return (withWords, without)
    }

    @Test func latinModelsScoreAsWithoutThePrescan() throws {
        var models: [(String, TextClassifierModel)] = []
        for settings: NGramFeatures.Settings in [
            .init(hashBits: 16, cjkMaxN: 3, wordMaxN: 2, charMinN: 3, charMaxN: 3, scripts: .latin, charMinWordBytes: 4),
            .init(hashBits: 14, cjkMaxN: 3, wordMaxN: 1, charMinN: 1, charMaxN: 3, scripts: .latin),
        ] {
            let weights = (0..<(1 << Int(settings.hashBits))).map { Int8(truncatingIfNeeded: (($0 &* 2_654_435_761) >> 9) % 7) - 3 }
            models.append(("\(settings)", TextClassifierModel(name: "t", settings: settings, algorithm: .logisticRegression,
                                                              lengthNormalized: true, scale: 0.1, bias: -1, weights: weights)))
        }
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../rules/models/en-offensive.vgm").standardizedFileURL
        models.append(("en-offensive", try TextClassifierModel.parse([UInt8](try Data(contentsOf: file)))))
        for (label, model) in models {
            let counts = Self.expectSameAsHashing(model, label: label)
            #expect(counts.withWords > 100 && counts.without > 20, "\(label): posts with and without words: \(counts)")
        }
    }
}
