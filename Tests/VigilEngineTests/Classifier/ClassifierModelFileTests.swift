// The model file: what is written reads back the same, and a corrupt, truncated or
// other-version file is refused with a reason (and, through the loader, the file's name).
import Foundation
import Testing
@testable import VigilEngine

@Suite struct ClassifierModelFileTests {
    @Test func roundTrip() throws {
        let model = ClassifierFixtures.model(positive: ["坏", "idiot"])
        let bytes = model.serialized()
        let read = try TextClassifierModel.parse(bytes)
        #expect(read.weights == model.weights)
        #expect(read.settings == model.settings)
        #expect(read.scale == model.scale && read.bias == model.bias && read.name == "test")
        #expect(read.serialized() == bytes)
    }

    @Test func corruptByteIsRefused() {
        var bytes = ClassifierFixtures.model(positive: ["坏"]).serialized()
        bytes[100] ^= 0x40
        #expect(throws: ModelFileError.self) { try TextClassifierModel.parse(bytes) }
        do { _ = try TextClassifierModel.parse(bytes) } catch { #expect(error.message.contains("checksum")) }
    }

    @Test func otherVersionIsRefused() {
        var bytes = ClassifierFixtures.model(positive: ["坏"]).serialized()
        bytes[8] = 3
        do {
            _ = try TextClassifierModel.parse(bytes)
            Issue.record("a version 3 file was accepted")
        } catch {
            #expect(error.message.contains("version 3"))
        }
    }

    @Test func featureRestrictionsNeedVersion2() throws {
        let plain = ClassifierFixtures.model(positive: ["坏"]).serialized()
        #expect(plain[8] == 1, "features version 1 describes are written as version 1")
        var settings = ClassifierFixtures.settings
        settings.cjkMinN = 2
        settings.charMinWordBytes = 4
        let weights = [Int8](repeating: 3, count: 1 << Int(settings.hashBits))
        let model = TextClassifierModel(name: "v2", settings: settings, algorithm: .logisticRegression, lengthNormalized: true,
                                        scale: 0.5, bias: -1, weights: weights)
        let bytes = model.serialized()
        #expect(bytes[8] == 2 && bytes.count == plain.count + 2 - 2)   // two feature bytes, a name two bytes shorter
        let read = try TextClassifierModel.parse(bytes)
        #expect(read.settings == settings)
        #expect(read.serialized() == bytes)
    }

    @Test func truncatedAndForeignFilesAreRefused() {
        let bytes = ClassifierFixtures.model(positive: ["坏"]).serialized()
        #expect(throws: ModelFileError.self) { try TextClassifierModel.parse(Array(bytes.dropLast(9))) }
        #expect(throws: ModelFileError.self) { try TextClassifierModel.parse(Array("pack: x\nrules: []\n".utf8)) }
    }

    @Test func loaderNamesTheCorruptFile() throws {
        var bytes = ClassifierFixtures.model(positive: ["坏"]).serialized()
        bytes[bytes.count / 2] ^= 1
        let pack = "pack: p\nrules:\n  - id: m\n    category: abuse\n    classifier: {model: test, min: 0.8}\n"
        let folder = try ClassifierFixtures.folder(pack: pack, model: bytes)
        do {
            _ = try Engine.load(try RuleSource.disk(paths: [folder.path]))
            Issue.record("a corrupt model was loaded")
        } catch {
            let text = error.diagnostics.map(\.description).joined(separator: "\n")
            #expect(text.contains("models/test.vgm"))
            #expect(text.contains("checksum"))
        }
    }

    @Test func missingModelAndBadMinimumAreLintErrors() {
        let missing = TestRules.lint("pack: p\nrules:\n  - id: m\n    category: abuse\n    classifier: {model: nothing, min: 0.8}\n")
        #expect(missing.contains { $0.contains("cannot read model file models/nothing.vgm") })
        let badMinimum = TestRules.lint("pack: p\nrules:\n  - id: m\n    category: abuse\n    classifier: {model: nothing, min: 1.5}\n")
        #expect(badMinimum.contains { $0.contains("`classifier.min` must be a probability") })
    }
}
