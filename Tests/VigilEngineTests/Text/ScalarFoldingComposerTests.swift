// The composer's fold reads flat per-step tables for BMP scalars; it must agree with
// folding through the steps' dictionaries (the tables' own form) for every mapped scalar.
import Testing
@testable import VigilEngine

@Suite struct ScalarFoldingComposerTests {
    /// The fold through the dictionaries only, as `Composer.fold` did before its flat tables.
    static func referenceFold(_ value: UInt32, _ composer: ScalarFolding.Composer) -> [UInt32] {
        var scalar = value
        for _ in 0..<8 {
            if composer.drops(composer.tables.scalarClass(scalar)) { return [] }
            let before = scalar
            for map in composer.maps {
                guard let mapped = map[scalar] else { continue }
                guard mapped.count == 1 else { return referenceFoldSequence(value, composer) }
                scalar = mapped[0]
            }
            if scalar == before { return [scalar] }
        }
        return [scalar]
    }

    /// `Composer.foldSequence` through the dictionaries only.
    static func referenceFoldSequence(_ value: UInt32, _ composer: ScalarFolding.Composer) -> [UInt32] {
        var current = [value]
        for _ in 0..<8 {
            var next: [UInt32] = []
            for scalar in current where !composer.drops(composer.tables.scalarClass(scalar)) {
                var piece = [scalar]
                for map in composer.maps { piece = piece.flatMap { map[$0] ?? [$0] } }
                next += piece
            }
            if next == current { break }
            current = next
        }
        return current
    }

    @Test(arguments: [NormalizationSteps.all, [.width, .caseFolding], [.accents, .confusables], [.traditional], [.ignorables]])
    func foldAgreesWithDictionaries(_ steps: NormalizationSteps) {
        let composer = ScalarFolding.Composer(steps: steps, tables: .shared)
        var differing: [UInt32] = []
        for key in composer.keys.sorted() where composer.fold(key) != Self.referenceFold(key, composer) {
            differing.append(key)
        }
        #expect(differing.isEmpty, "differ: \(differing.prefix(10).map { String($0, radix: 16) })")
        if steps.contains(.caseFolding) {   // ß → ss: the expansion path is exercised too
            #expect(composer.fold(0xDF) == [0x73, 0x73])
        }
    }
}
