// The features the classifiers read: CJK character 1–3-grams, words, word bigrams and
// in-word character n-grams, with the byte ranges they come from.
import Testing
@testable import VigilEngine

@Suite struct NGramFeaturesTests {
    func features(_ stream: String, _ settings: NGramFeatures.Settings) -> [(Int, String)] {
        var copy = stream
        return copy.withUTF8 { bytes in
            var result: [(Int, String)] = []
            NGramFeatures(settings).forEach(in: bytes) { bucket, start, end in
                result.append((bucket, String(decoding: bytes[start..<end], as: UTF8.self)))
            }
            return result
        }
    }

    @Test func chineseCharacterNGrams() {
        var settings = NGramFeatures.Settings()
        settings.scripts = .cjk
        #expect(features("你是猪", settings).map(\.1) == ["你", "是", "你是", "猪", "是猪", "你是猪"])
        // A gap is transparent inside a run; a line break ends it.
        #expect(features("你 是", settings).map(\.1) == ["你", "是", "你 是"])
        #expect(features("你\n是", settings).map(\.1) == ["你", "是"])
        // Latin words give nothing to a CJK-only model, and end the run.
        #expect(features("你abc是", settings).map(\.1) == ["你", "是"])
    }

    @Test func wordsBigramsAndCharacterNGrams() {
        var settings = NGramFeatures.Settings()
        settings.scripts = .latin
        settings.charMinN = 3
        settings.charMaxN = 3
        let found = features("go away", settings).map(\.1)
        // go: word, ^go, go$; away: word, bigram, ^aw, awa, way, ay$.
        #expect(found == ["go", "go", "go", "away", "go away", "aw", "awa", "way", "ay"])
        #expect(features("你好", settings).isEmpty)
    }

    @Test func shortestCJKNGramAndShortestWordForCharacterNGrams() {
        var settings = NGramFeatures.Settings()
        settings.scripts = .cjk
        settings.cjkMinN = 2
        #expect(features("你是猪", settings).map(\.1) == ["你是", "是猪", "你是猪"])
        settings.cjkMaxN = 2
        #expect(features("你是猪 好", settings).map(\.1) == ["你是", "是猪", "猪 好"])
        var latin = NGramFeatures.Settings()
        latin.scripts = .latin
        (latin.charMinN, latin.charMaxN, latin.charMinWordBytes) = (3, 3, 4)
        // go: the word only; away (four bytes): word, bigram and its 3-grams.
        #expect(features("go away", latin).map(\.1) == ["go", "away", "go away", "aw", "awa", "way", "ay"])
    }

    /// The one-script loops give what the two-script loop gives for that script: the
    /// features of both scripts are those of the CJK model and of the Latin model together.
    @Test func oneScriptLoopsAgreeWithTheTwoScriptLoop() {
        let texts = ["你是猪 go away 你 好", "abc你def是\n猪 猪 x", "ｆｕｃｋ 傻 逼 😀 𠀀字 zoë naïve", "12 你好 ab cd 再见  ok",
                     "a", "你", "ab你", "   你   是   ", "ok ok ok ok ok ok ok ok ok 你 ok"]
        var both = NGramFeatures.Settings(), cjk = NGramFeatures.Settings(), latin = NGramFeatures.Settings()
        cjk.scripts = .cjk
        latin.scripts = .latin
        for text in texts {
            let key = { (feature: (Int, String)) in "\(feature.0) \(feature.1)" }
            let together = features(text, both).map(key).sorted()
            let apart = (features(text, cjk) + features(text, latin)).map(key).sorted()
            #expect(together == apart, "\(text)")
        }
    }

    @Test func sameNGramSameBucketDifferentNGramsApart() {
        let settings = NGramFeatures.Settings()
        let a = features("坏人 bad", settings), b = features("坏人 bad", settings)
        #expect(a.map(\.0) == b.map(\.0))
        #expect(Set(a.map(\.0)).count >= a.count - 1)
        #expect(a.allSatisfy { $0.0 >= 0 && $0.0 < 1 << 18 })
    }
}
