// The normalizer's fast paths (ASCII runs eight bytes at a time, runs of plain Han
// characters) and the repeat collapser's word stepping must write exactly what a plain
// scalar-by-scalar pass writes: every view, every origin. The reference here is that
// plain pass, written for clarity from the documented rules, and both are run on tricky
// texts cut at every length, so each fast path also starts and ends at every offset
// within its eight-byte words.
import Testing
@testable import VigilEngine

@Suite struct NormalizerFastPathTests {
    struct Views: Equatable, CustomStringConvertible {
        var folded: [UInt8] = [], foldedOrigins: [Int32] = []
        var stream: [UInt8] = [], streamOrigins: [Int32] = []
        var collapsed: [UInt8] = [], collapsedOrigins: [Int32] = []
        var description: String {
            "folded \(String(decoding: folded, as: UTF8.self).debugDescription) \(foldedOrigins)\n"
                + "stream \(String(decoding: stream, as: UTF8.self).debugDescription) \(streamOrigins)\n"
                + "collapsed \(String(decoding: collapsed, as: UTF8.self).debugDescription) \(collapsedOrigins)"
        }
    }

    /// One scalar at a time: decode, look up, then drop, keep as a separator, or write as content.
    static func reference(_ text: [UInt8], _ normalizer: Normalizer) -> Views {
        var views = Views()
        var gap = 0, gapOrigin: Int32 = 0, broken = false
        /// A run of separators becomes one gap byte, or a break when long or holding a line break.
        func closeGap() {
            if !views.stream.isEmpty {
                views.stream.append(broken || gap > normalizer.maximumGap ? keywordBreakByte : keywordGapByte)
                views.streamOrigins.append(gapOrigin)
            }
            gap = 0
            broken = false
        }
        text.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let origin = Int32(index)
                let (value, length) = decodeScalarChecked(buffer.baseAddress!, at: index, end: buffer.count)
                // A character that folding leaves alone is copied as its bytes, which differ
                // from its encoding only in invalid UTF-8 (a three-byte lead before an ASCII byte).
                if length == 3 && normalizer.folding.entry(value) == (value, []) {
                    if gap > 0 { closeGap() }
                    views.folded += buffer[index..<index + 3]; views.foldedOrigins += [origin, origin, origin]
                    views.stream += buffer[index..<index + 3]; views.streamOrigins += [origin, origin, origin]
                    index += 3
                    continue
                }
                index += length
                let (scalar, role) = normalizer.folding.entry(value)
                if role.contains(.ignorable) { continue }
                let isGap = !role.isDisjoint(with: [.separator, .lineBreak])
                if isGap {
                    if gap == 0 { gapOrigin = origin }
                    gap += 1
                    if role.contains(.lineBreak) { broken = true }
                } else if gap > 0 {
                    closeGap()
                }
                let parts = role.contains(.expansion) ? Array(normalizer.folding.expansion(at: scalar)) : [scalar]
                for part in parts {
                    var encoded: [UInt8] = []
                    appendUTF8(part, to: &encoded)
                    views.folded += encoded
                    views.foldedOrigins += repeatElement(origin, count: encoded.count)
                    if !isGap {
                        views.stream += encoded
                        views.streamOrigins += repeatElement(origin, count: encoded.count)
                    }
                }
            }
        }
        // Collapsed: a scalar equal to the one before it is dropped; gap bytes are kept and end runs.
        var previous: ArraySlice<UInt8> = []
        var index = 0
        while index < views.stream.count {
            let lead = views.stream[index]
            if lead == keywordGapByte || lead == keywordBreakByte {
                views.collapsed.append(lead)
                views.collapsedOrigins.append(views.streamOrigins[index])
                previous = []
                index += 1
                continue
            }
            let length = min(utf8SequenceLength(lead: lead), views.stream.count - index)
            let scalar = views.stream[index..<index + length]
            if !scalar.elementsEqual(previous) {
                views.collapsed += scalar
                views.collapsedOrigins += views.streamOrigins[index..<index + length]
            }
            previous = scalar
            index += length
        }
        return views
    }

    static func actual(_ text: [UInt8], _ normalizer: Normalizer, _ output: NormalizedText) -> Views {
        text.withUnsafeBufferPointer { normalizer.normalize($0, into: output) }
        RepeatCollapser.collapse(output.keywordStream, into: output.collapsedStream)
        return Views(folded: Array(output.folded.bytes), foldedOrigins: Array(output.folded.origins),
                     stream: Array(output.keywordStream.bytes), streamOrigins: Array(output.keywordStream.origins),
                     collapsed: Array(output.collapsedStream.bytes), collapsedOrigins: Array(output.collapsedStream.origins))
    }

    /// Pieces that exercise every branch: plain and upper-case ASCII, digits, single and
    /// double spaces, punctuation, line breaks, plain and traditional Han, CJK punctuation,
    /// full-width forms, zero-width and other ignorables, combining marks, accents,
    /// look-alikes, expansions, emoji, supplementary letters, repeats, replaced invalid UTF-8.
    static let pieces: [String] = [
        "a", "B", "z", "Z", "0", "9", "Hello World", "fuck", "FuCK", "sh1t", "1337", "@user_1", "it's",
        " ", "  ", "   ", "      ", "\n", "\r\n", "\t", ".", "f.u.c.k", "f u c k", "!?", "\u{7F}", "\u{0}",
        "傻", "逼", "傻逼", "媽", "腦殘", "乾", "臺", "妳是個白癡", "，", "。", "、", "\u{3000}",
        "ｆｕｃｋ", "Ｆ", "①", "ⓕ", "𝐟𝐮𝐜𝐤", "ᶠ", "\u{200B}", "\u{00AD}", "\u{FEFF}", "\u{FE0F}", "\u{E0101}",
        "é", "e\u{0301}", "k\u{0336}", "ŞHİT", "ß", "ﬁ", "㍿", "ǅ", "ս", "ѕһіт", "Ω", "Η", "whøre",
        "🙂", "👍🏽", "\u{FFFD}", "fuuuuck", "aa", "ffuucckk", "傻傻傻逼", "!!", "..", "x  y", "AB CD",
        "𠀀", "ｱ", "가", "ñ",
    ]

    static func check(_ texts: [[UInt8]], _ normalizer: Normalizer) {
        let output = NormalizedText()
        for text in texts {
            let expected = reference(text, normalizer), got = actual(text, normalizer, output)
            #expect(got == expected, "text \(String(decoding: text, as: UTF8.self).debugDescription) \(text)")
            if got != expected { return }
        }
    }

    /// Every prefix and every suffix of `text`, byte-wise (which also cuts characters).
    static func cuts(_ text: [UInt8]) -> [[UInt8]] {
        (0...text.count).map { Array(text[..<$0]) } + (0...text.count).map { Array(text[$0...]) }
    }

    static func randomTexts(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let n = Int.random(in: 1...30, using: &random)
            return Array((0..<n).map { _ in pieces.randomElement(using: &random)! }.joined().utf8)
        }
    }

    @Test func theDefaultNormalizerTakesTheASCIIFastPath() {
        #expect(Normalizer().copiesASCIIRuns)
        #expect(!Normalizer(maximumGap: 0).copiesASCIIRuns)
        #expect(!Normalizer(steps: [.width, .accents, .ignorables, .separators]).copiesASCIIRuns)
    }

    @Test func fastPathsAgreeWithTheReferenceOnEveryCut() {
        let texts = [
            "@StevenLevandows tf? get me on that bitch stat  and THE REST of IT 12345678 abcdefgh",
            "Hello  World\nnew line FUCK you   ok\r\nx y z a b c d e f g h i j k l m n o p",
            "也是，想想物流爆仓等半个月和打砸抢烧丧尸围城一般，傻逼 shabi 媽的 SB!!",
            "ａｂｃ ＡＢＣ f\u{200B}u\u{00AD}ck fúck ŞHİT ß ﬁx 👍🏽 🙂 傻 * 逼 傻\u{200B}逼 ssss tttt",
            "aaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbb  ccccccccccccccc 傻傻傻傻傻傻傻逼逼逼逼逼 !!!!!!!!!!!",
            "abcdefg\u{0301}hijklmn é 1ǅ2 ս ѕһіт whøre 𝐟𝐮𝐜𝐤 ⓕⓤⓒⓚ 𠀀𠀀 가나 ｱｲ",
        ].map { Array($0.utf8) }
        for text in texts { Self.check(Self.cuts(text), Normalizer()) }
        // Invalid UTF-8 (the input parser replaces it, but the normalizer must not care).
        Self.check(Self.cuts([0x61, 0x62, 0xE5, 0x82, 0x63, 0x80, 0x64, 0x20, 0xC3, 0x41, 0xE4, 0xB8, 0xAD, 0xF0, 0x9F, 0x61,
                              0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0xE5, 0x82]), Normalizer())
    }

    @Test func fastPathsAgreeWithTheReferenceOnRandomMixtures() {
        let texts = Self.randomTexts(count: 3000, seed: 42)
        Self.check(texts, Normalizer())
        Self.check(texts.prefix(500).flatMap { Self.cuts($0) }, Normalizer())
    }

    @Test func otherSettingsAgreeWithTheReference() {
        let texts = Self.randomTexts(count: 400, seed: 7)
        Self.check(texts, Normalizer(maximumGap: 1))
        Self.check(texts, Normalizer(maximumGap: 0))
        Self.check(texts, Normalizer(steps: [.width, .accents, .ignorables, .separators]))
        Self.check(texts, Normalizer(steps: [.caseFolding, .separators]))
        Self.check(texts, Normalizer(steps: []))
    }
}
