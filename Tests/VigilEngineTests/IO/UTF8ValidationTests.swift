// The input validation's fast paths against the standard library's UTF-8 validation:
// the four-characters-at-a-time run of three-byte sequences, and the verbatim JSON
// string check built on it, on random text with adversarial pieces at every alignment.
import Testing
@testable import VigilEngine

@Suite struct UTF8ValidationTests {
    /// Pieces of text: valid three-byte characters of every lead class, the two leads
    /// that restrict their second byte (E0: no overlongs, ED: no surrogates) on both
    /// sides of the limit, broken and truncated sequences, ASCII, two- and four-byte
    /// characters.
    static let pieces: [[UInt8]] = [
        Array("你".utf8), Array("好世界".utf8), Array("，。！".utf8), Array("ｆｕ".utf8), Array("\u{FFFD}".utf8),
        Array("\u{1000}".utf8), Array("\u{CFFF}".utf8), Array("\u{E000}".utf8), Array("\u{FFFF}".utf8),
        [0xE0, 0xA0, 0x80], [0xE0, 0x9F, 0xBF], [0xE0, 0xBF, 0xBF], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0x80, 0x80],
        [0xE4, 0xBD], [0xE4], [0xE4, 0x3F, 0xA0], [0xE4, 0xA0, 0xC0], [0xE4, 0xFF, 0x80], [0xF0, 0x9F, 0x98],
        Array("a".utf8), Array("2".utf8), Array("é".utf8), Array("😀".utf8), [0x80], [0xBF], [0xC0, 0x80], [0xFF],
        [0xF4, 0x90, 0x80, 0x80],
    ]

    /// Random text: mostly valid CJK with a piece of `pieces` here and there.
    static func randomText(_ random: inout SplitMix64) -> [UInt8] {
        var text: [UInt8] = []
        for _ in 0..<(1 + random.below(8)) {
            for _ in 0..<random.below(12) { text += pieces[random.below(3)] }
            text += pieces[random.below(pieces.count)]
        }
        return text
    }

    /// Reference: one three-byte character at a time, each checked by the standard library.
    static func referenceRun(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index + 3 <= bytes.count, bytes[index] != 0xE0, bytes[index] != 0xED, bytes[index] & 0xF0 == 0xE0,
              String(validating: bytes[index..<index + 3], as: UTF8.self) != nil {
            index += 3
        }
        return index
    }

    @Test func threeByteRunsAgreeWithTheStandardLibrary() {
        var random = SplitMix64(seed: 0x5EED_3B17)
        var longRuns = 0
        for _ in 0..<20_000 {
            let text = Self.randomText(&random)
            let start = text.isEmpty ? 0 : random.below(text.count)
            let run = text.withUnsafeBufferPointer {
                UTF8Validation.threeByteRun($0.baseAddress!, from: start, end: $0.count)
            }
            #expect(run == Self.referenceRun(text, from: start), "\(text) from \(start)")
            if run - start >= 12 { longRuns += 1 }
        }
        #expect(longRuns > 3000)
    }

    /// Every quote-free, control-free, backslash-free content is taken verbatim exactly
    /// when it is valid UTF-8.
    @Test func verbatimStringsAcceptExactlyValidUTF8() {
        var random = SplitMix64(seed: 0xC0FF_EE11)
        var accepted = 0
        for _ in 0..<20_000 {
            var content = Self.randomText(&random)
            // Sometimes ASCII runs too, to cross between the ASCII and multi-byte paths.
            if random.below(3) == 0 { content.insert(contentsOf: Array("plain text ".utf8), at: random.below(content.count + 1)) }
            let line = [UInt8(ascii: "\"")] + content + [UInt8(ascii: "\"")] + Array(#","x":1}"#.utf8)
            let valid = String(validating: content, as: UTF8.self) != nil
            line.withUnsafeBufferPointer { bytes in
                var cursor = Cursor(bytes: bytes)
                let span = JSONLineParser.verbatimString(&cursor)
                #expect((span != nil) == valid, "\(content)")
                if let span {
                    accepted += 1
                    #expect(span == 1..<(1 + content.count))
                    #expect(cursor.position == content.count + 2)
                }
                // Decoding agrees: something is replaced exactly when the content is invalid,
                // and what comes out is valid.
                var decoding = Cursor(bytes: bytes)
                var decoded: [UInt8] = []
                var replaced = false
                #expect((try? JSONLineParser.readString(&decoding, into: &decoded, replacedInvalid: &replaced)) != nil)
                #expect(replaced == !valid)
                #expect(String(validating: decoded, as: UTF8.self) != nil)
                if valid { #expect(decoded == content) }
            }
        }
        #expect(accepted > 2000)
    }

    /// The screener's in-place id string is what `String(decoding:as:)` gives, short or
    /// long, valid or not.
    @Test func idStringsAgreeWithStringDecoding() {
        var random = SplitMix64(seed: 0x1D5)
        var samples: [[UInt8]] = [[], Array("0".utf8), Array("36940".utf8), Array(#""abc""#.utf8), Array("123456789012345".utf8),
                                  Array("1234567890123456".utf8), Array(#""你好""#.utf8), [0xFF], [0xE4, 0xBD]]
        for _ in 0..<2000 { samples.append(Self.randomText(&random)) }
        for bytes in samples {
            bytes.withUnsafeBufferPointer { buffer in
                let fast = RecordScreener.idString(buffer), reference = String(decoding: buffer, as: UTF8.self)
                #expect(fast == reference && Array(fast.utf8) == Array(reference.utf8), "\(bytes)")
            }
        }
    }

    /// Found by the FuzzMatch fuzz target: `vigil screen --input text` replaced a broken
    /// sequence with one U+FFFD where `vigil check` (Swift's String) put one per maximal
    /// subpart, so the two reported different spans for the same post.
    @Test func brokenTextIsRepairedAsSwiftsStringReadsIt() {
        let found: [UInt8] = [0xe8, 0xaf, 0xb7, 0xe9, 0x97, 0xae, 0x4e, 0x69, 0x6d, 0x62, 0x75, 0x73, 0x20, 0x31, 0x32, 0xe6,
                              0x94, 0xaf, 0x73, 0x68, 0x69, 0x69, 0x69, 0x69, 0x74, 0xe6, 0x8c, 0x81, 0xe5, 0x8f, 0x20, 0xe5,
                              0x8c, 0xe5, 0x8e, 0xa1, 0xe5, 0x90, 0x97, 0xef, 0xbc, 0x9f, 0x82, 0xbb, 0xe5, 0x82, 0xbb, 0xe5,
                              0x82, 0xbb, 0xe9, 0x80, 0xbc, 0xe9]
        var generator = SystemRandomNumberGenerator()
        var cases = [found, [0x82, 0xbb], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x90, 0x80], [0xf4, 0x90], [0xc0, 0xaf]]
        for _ in 0..<2000 {
            cases.append((0..<Int.random(in: 1...12, using: &generator)).map { _ in
                [UInt8(0x41), 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x9f, 0x90, 0x8f].randomElement(using: &generator)!
            })
        }
        for bytes in cases {
            var repaired: [UInt8] = []
            _ = bytes.withUnsafeBufferPointer { UTF8Validation.repair($0, into: &repaired) }
            #expect(repaired == Array(String(decoding: bytes, as: UTF8.self).utf8), "\(bytes)")
            // The JSON parser reads a string the same way.
            var parser = JSONLineParser()
            let line = Array(#"{"text":""#.utf8) + bytes.map { $0 == 0x22 || $0 == 0x5c ? 0x41 : $0 } + Array(#""}"#.utf8)
            if case .success = line.withUnsafeBufferPointer({ parser.parse($0) }) {
                let expected = Array(String(decoding: bytes.map { $0 == 0x22 || $0 == 0x5c ? 0x41 : $0 }, as: UTF8.self).utf8)
                #expect(parser.text == expected, "\(bytes)")
            }
        }
    }
}
