// Collapsed repeats and pinyin variants, the opt-in keyword transformations.
import Testing
@testable import VigilEngine

@Suite struct KeywordVariantTests {
    func collapsed(_ text: String) -> String {
        let output = NormalizedText()
        var copy = text
        copy.withUTF8 { Normalizer().normalize($0, into: output) }
        RepeatCollapser.collapse(output.keywordStream, into: output.collapsedStream)
        return String(decoding: output.collapsedStream.bytes, as: UTF8.self)
    }

    @Test func repeatsCollapseWithinRunsOnly() {
        #expect(collapsed("fuuuuck") == "fuck")
        #expect(collapsed("FFFUUUCK!!!") == "fuck")
        #expect(collapsed("傻傻傻逼逼") == "傻逼")
        #expect(collapsed("fu uck") == "fu uck")          // a gap ends a run
        #expect(collapsed("ｆｕｕｕｃｋ") == "fuck")
    }

    /// Long ASCII runs are stepped over eight bytes at a time: repeats anywhere in or
    /// after such a run, after gaps or next to CJK, collapse as scalar by scalar.
    @Test func longRunsCollapseAsScalarByScalar() {
        func expected(_ text: String) -> String {
            let output = NormalizedText()
            var copy = text
            copy.withUTF8 { Normalizer().normalize($0, into: output) }
            var result = ""
            var previous: Unicode.Scalar?
            for scalar in String(decoding: output.keywordStream.bytes, as: UTF8.self).unicodeScalars {
                if scalar == " " || scalar == "\n" { result.unicodeScalars.append(scalar); previous = nil; continue }
                if scalar != previous { result.unicodeScalars.append(scalar) }
                previous = scalar
            }
            return result
        }
        let samples = [
            "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnoopqrstuvwxyzz", "abcdefgh abcdefgh  abcdefghh",
            "you are such a loooooser and a biiiitch honestly", "abcdefg傻傻逼 hijklmnop qrsttuv",
            "the quick brown fox jumps over the lazy dog again and again", "aa bb cc dd ee ff gg hh ii jj",
            "abcdefghabcdefgh\nhijklmnn", "x y z w v u t s r q p o n m", "abcdefgg", "abcdefghh",
        ]
        for sample in samples { #expect(collapsed(sample) == expected(sample), "\(sample)") }
    }

    @Test func collapsedPatternsKeepTheirWrittenGaps() {
        let result = RepeatCollapser.collapse(pattern: Array("refundpolicy".utf8), gaps: [6])
        #expect(String(decoding: result.bytes, as: UTF8.self) == "refundpolicy")
        #expect(result.gaps == [6])
        let fuck = RepeatCollapser.collapse(pattern: Array("asshole".utf8), gaps: [])
        #expect(String(decoding: fuck.bytes, as: UTF8.self) == "ashole")
    }

    func variants(_ keyword: String, _ kinds: KeywordVariants) -> [String] {
        PinyinVariants.variants(of: Array(keyword.utf8), kinds: kinds).map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test func pinyinAndInitials() {
        #expect(variants("傻逼", [.pinyin, .initials]) == ["shabi", "sb"])
        #expect(variants("脑残", [.pinyin]) == ["naocan"])
        #expect(variants("脑残", [.initials]) == ["nc"])
        #expect(variants("傻b", [.pinyin, .initials]) == ["shab", "sb"])
        #expect(variants("绿", [.pinyin]) == ["lv"])                 // ü typed as v
        #expect(variants("fuck", [.pinyin]).isEmpty)                 // nothing Chinese
        #expect(variants("傻", [.initials]).isEmpty)                 // one letter is too short
        #expect(variants("カ傻", [.pinyin]).isEmpty)                 // kana has no pinyin
    }

    @Test func pinyinMarksSyllableBoundariesAsWrittenGaps() {
        let result = PinyinVariants.variants(of: Array("傻逼".utf8), kinds: [.pinyin])
        #expect(result.first?.gaps == [3])
    }

    @Test func polyphonicCharactersGiveEveryReading() {
        let readings = PinyinTable.shared.readings(0x884C)    // 行: xing, hang
        #expect(readings.contains("xing"))
        #expect(PinyinTable.shared.readings(0x50BB) == ["sha"])
        #expect(PinyinTable.shared.readings(0x41).isEmpty)
    }
}
