// The normalizer's summary of its views (ViewByteSummary) is written on every path that
// writes a byte (ASCII words, Han runs, the per-scalar path, expansions, separators); these
// tests check it against a byte-by-byte scan of the views, and that the skips it allows
// (collapsed keywords' `mayMatch`, the detector prescan) never change an answer.

import Testing
@testable import VigilEngine

@Suite struct ViewByteSummaryTests {
    typealias Pieces = NormalizerFastPathTests

    /// Texts with every ASCII byte and the tricky pieces of the fast-path tests, each
    /// behind 0…8 bytes of padding so every byte kind falls at every offset of a word.
    static func randomTexts(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        let paddings: [[UInt8]] = [Array("abcdefgh".utf8), Array("傻逼傻".utf8), Array("        ".utf8)]
        return (0..<count).map { _ in
            var text = Array(paddings.randomElement(using: &random)!.prefix(Int.random(in: 0...8, using: &random)))
            for _ in 0..<Int.random(in: 1...24, using: &random) {
                switch Int.random(in: 0..<4, using: &random) {
                case 0: text.append(UInt8.random(in: 0...0x7F, using: &random))
                case 1: text += Array(String(repeating: "x", count: Int.random(in: 1...12, using: &random)).utf8)
                        text.append(UInt8.random(in: 0x20...0x7E, using: &random))
                default: text += Array(Pieces.pieces.randomElement(using: &random)!.utf8)
                }
            }
            return text
        }
    }

    static let trickyTexts: [[UInt8]] = [
        "傻逼傻逼傻逼", "傻逼。傻逼", "傻逼：傻逼", "傻逼？", "ｆｕｃｋ", "１２３", "傻逼 ＠ 你", "ß", "㍿", "ﬁ",
        "abcdefgh12345678", "abcdefghijklmnop", "        .", "a b c d e f g h 9", "f.u.c.k", "a@b", "x~y",
        "傻逼，傻逼", "傻逼_傻逼", "7", "@", "-", "+", "/", "`", "{", "\n\n\nq", "Ａ", "①", "𝐟", "ŞHİT",
    ].map { Array($0.utf8) }

    static func check(_ texts: [[UInt8]], _ normalizer: Normalizer, _ automata: [KeywordAutomaton]) {
        let output = NormalizedText()
        for raw in texts {
            // Valid UTF-8, as the input parser hands it over: the fast paths copy a three-byte
            // sequence without checking its continuation bytes, so a broken one (`E5 82 31`)
            // could put an ASCII byte into the views unnoted. Cut characters become U+FFFD.
            let text = Array(String(decoding: raw, as: UTF8.self).utf8)
            text.withUnsafeBufferPointer { normalizer.normalize($0, into: output) }
            let expected = ViewByteSummary(folded: output.folded.bytes, keywordStream: output.keywordStream.bytes)
            #expect(output.summary == expected, "text \(String(decoding: text, as: UTF8.self).debugDescription) \(text)")
            // The prescan skip: without a byte in 0x2E…0x40, the prescan is the empty one.
            if !output.summary.foldedHasPrescanByte {
                let prescan = DetectorPrescan(output.folded.bytes), empty = DetectorPrescan()
                #expect(prescan.triggers == empty.triggers && prescan.digits == 0 && prescan.longestDigitChain == 0)
            }
            // The collapsed-keywords skip (as in PostMatcher.run): only when mayMatch says false.
            RepeatCollapser.collapse(output.keywordStream, into: output.collapsedStream)
            for automaton in automata {
                let skips = !output.summary.keywordStreamHasHighASCII && automaton.asciiStarts && automaton.lowestStart >= 0x40
                if skips {
                    #expect(!automaton.mayMatch(in: output.keywordStream.bytes))
                    #expect(!automaton.mayMatch(in: output.collapsedStream.bytes))
                }
            }
        }
    }

    static let automata: [KeywordAutomaton] = [
        ["fuck", "stfu", "gtfo"], ["@x", "~~"], ["a", "z"], ["傻逼"], ["9", "fuck"],
    ].map { KeywordAutomaton(patterns: $0.map { Array($0.utf8) }, transparentByte: keywordGapByte) }

    @Test func summaryAgreesWithTheViewsOnTrickyTexts() {
        var texts = Self.trickyTexts
        for padding in 0...8 {
            texts += Self.trickyTexts.map { Array(repeating: UInt8(ascii: "a"), count: padding) + $0 }
        }
        Self.check(texts + texts.flatMap { Pieces.cuts($0) }, Normalizer(), Self.automata)
    }

    @Test func summaryAgreesWithTheViewsOnRandomTexts() {
        let texts = Self.randomTexts(count: 4000, seed: 11)
        Self.check(texts, Normalizer(), Self.automata)
        Self.check(texts.prefix(300).flatMap { Pieces.cuts($0) }, Normalizer(), Self.automata)
        let mixtures = Pieces.randomTexts(count: 2000, seed: 5)
        Self.check(mixtures, Normalizer(), Self.automata)
    }

    @Test func summaryAgreesWithTheViewsUnderOtherSettings() {
        let texts = Self.randomTexts(count: 500, seed: 3)
        for normalizer in [Normalizer(maximumGap: 0), Normalizer(maximumGap: 1), Normalizer(steps: [.caseFolding, .separators]),
                           Normalizer(steps: [.width, .accents, .ignorables, .separators]), Normalizer(steps: [])] {
            Self.check(texts, normalizer, Self.automata)
        }
    }

    @Test func theSkipsHappenOnPlainHanText() {
        let output = NormalizedText()
        Array("傻逼，你好世界".utf8).withUnsafeBufferPointer { Normalizer().normalize($0, into: output) }
        #expect(!output.summary.foldedHasPrescanByte && !output.summary.keywordStreamHasHighASCII)
        Array("call 5".utf8).withUnsafeBufferPointer { Normalizer().normalize($0, into: output) }
        #expect(output.summary.foldedHasPrescanByte && output.summary.keywordStreamHasHighASCII)
    }
}
