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
        bytes[8] = 2
        do {
            _ = try TextClassifierModel.parse(bytes)
            Issue.record("a version 2 file was accepted")
        } catch {
            #expect(error.message.contains("version 2"))
        }
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
