// Properties of the composed folding tables: stable under refolding, consistent across
// step subsets, never turning Chinese into Latin, and small.
import Testing
@testable import VigilEngine

@Suite struct ScalarFoldingTests {
    let full = ScalarFolding.shared

    /// The full folding of a scalar sequence (dropped scalars removed).
    func fold(_ scalars: [UInt32], _ folding: ScalarFolding) -> [UInt32] {
        scalars.flatMap { folding.folded($0) }
    }

    func assigned(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return false }
        return scalar.properties.generalCategory != .unassigned && scalar.properties.generalCategory != .surrogate
    }

    @Test func foldingIsStable() {
        var unstable: [UInt32] = []
        for value in UInt32(0)..<0x3_0000 where assigned(value) {
            let once = full.folded(value)
            if once != [value] && fold(once, full) != once { unstable.append(value) }
        }
        #expect(unstable.isEmpty, "refolding changes \(unstable.prefix(20).map { String($0, radix: 16) })")
    }

    /// A step subset folds less than the full set, never differently: whatever a subset
    /// makes equal, the full normalization does too (so subset rules can take their
    /// candidates from the full automaton). Known exceptions: Greek capitals whose look-alike
    /// differs from their lower case's (Η looks like H, η like n); see docs/normalization.md.
    @Test func subsetsAreCoarsenedByTheFullFolding() {
        var violations: [String] = []
        for (name, step) in NormalizationSteps.named {
            let subset = ScalarFolding(steps: NormalizationSteps.all.subtracting(step))
            let single = ScalarFolding(steps: step)
            for folding in [subset, single] {
                for value in UInt32(0)..<0x1_0000 where assigned(value) {
                    let partial = folding.folded(value)
                    if partial != [value] && fold(partial, full) != full.folded(value) {
                        violations.append("\(name): U+\(String(value, radix: 16))")
                    }
                }
            }
        }
        let unexpected = violations.filter { entry in
            let value = UInt32(entry.split(separator: "+").last!, radix: 16)!
            // Greek, and ẚ, whose full case folding is a + ʾ while it looks like a plain a.
            return !((0x340...0x3FF).contains(value) || (0x1F00...0x1FFF).contains(value) || value == 0x1E9A)
        }
        #expect(unexpected.isEmpty, "\(unexpected.prefix(40))")
    }

    @Test func chineseStaysChinese() {
        for value in UInt32(0x4E00)...0x9FFF {
            let folded = full.folded(value)
            #expect(folded.count == 1 && folded[0] >= 0x3400, "U+\(String(value, radix: 16))")
        }
        // Kana and Hangul are left alone too.
        for text in ["ありがとう", "カタカナ", "한국어", "〇一二"] {
            #expect(Normalizer().normalizedViews(of: text).folded == text)
        }
    }

    @Test func asciiOnlyLosesCase() {
        for value in UInt32(0)..<0x80 {
            let expected = (0x41...0x5A).contains(value) ? value + 0x20 : value
            #expect(full.entry(value).scalar == expected)
        }
    }

    @Test func rolesOfCommonScalars() {
        #expect(full.entry(0x61).role.contains(.word))
        #expect(full.entry(0x20).role.contains(.separator))
        #expect(full.entry(0x0A).role.contains(.lineBreak))
        #expect(full.entry(0x200B).role.contains(.ignorable))
        #expect(full.entry(0x50BB).role.isEmpty)                     // 傻: content, no word boundary
        #expect(full.entry(0x1F600).role.contains(.separator))       // 😀
        #expect(full.entry(0x1F3FD).role.contains(.ignorable))       // skin-tone modifier
        #expect(full.entry(0x20000).role.isEmpty)                    // CJK Extension B
        #expect(full.entry(0x20000).scalar == 0x20000)
        #expect(full.entry(0x1D41F).scalar == 0x66)                  // 𝐟
        #expect(full.entry(0x24D5).scalar == 0x66)                   // ⓕ
        #expect(full.entry(0x24D5).role.contains(.word))
    }

    @Test func confusablesFoldToLatin() {
        let pairs: [(String, String)] = [("а", "a"), ("е", "e"), ("о", "o"), ("р", "p"), ("с", "c"), ("у", "y"), ("х", "x"),
                                         ("ѕ", "s"), ("і", "i"), ("ј", "j"), ("ս", "u"), ("օ", "o"), ("ο", "o"), ("α", "a"),
                                         ("Β", "b"), ("Τ", "t"), ("ı", "i"), ("ɑ", "a"), ("ø", "o"), ("ł", "l"), ("Ꭺ", "a")]
        for (source, target) in pairs {
            #expect(fold(source.unicodeScalars.map(\.value), full) == target.unicodeScalars.map(\.value), "\(source)")
        }
    }

    @Test func expansionsMakeRoomForThemselves() {
        #expect(full.maximumGrowth <= 2)
        let output = NormalizedText()
        var text = "ﬃ" + String(repeating: "㍿", count: 1000) + "ß"
        text.withUTF8 { Normalizer().normalize($0, into: output) }
        #expect(String(decoding: output.folded.bytes, as: UTF8.self) == "ffi" + String(repeating: "株式会社", count: 1000) + "ss")
        #expect(String(decoding: output.keywordStream.bytes, as: UTF8.self) == "ffi" + String(repeating: "株式会社", count: 1000) + "ss")
        #expect(output.folded.origins.last == Int32(text.utf8.count - 2))
        let subset = MappedByteBuffer(capacity: 16)
        text.withUTF8 { Normalizer(steps: [.width, .caseFolding]).normalizeFolded($0, into: subset) }
        #expect(String(decoding: subset.bytes, as: UTF8.self) == "ffi" + String(repeating: "株式会社", count: 1000) + "ss")
    }

    @Test func tablesAreSmall() {
        let bytes = 0x10000 * 4 + 0x1000 * 2 + full.pages.count * 4 + full.expansions.count * 4 + 0x10000 / 8
        #expect(bytes < 1_000_000, "\(bytes) bytes")
        #expect(full.pages.count / 256 < 400)
    }
}
