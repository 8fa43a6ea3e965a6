// `vigil screen` writes its verdict record straight from the scored scratch
// (ScoredVerdictJSON); `check`, `serve` and `bench` build a `Verdict` and write that
// (VerdictJSON). The two writers must give the same bytes: this runs both over every
// example of the built-in packs and every post of corpus/sample.jsonl.
import Foundation
import Testing
import VigilEngine

@Suite struct VerdictWritersAgreeTests {
    /// The record each screener writes for `line`, as text.
    static func records(_ line: [UInt8], engine: Engine, format: InputFormat) -> (String, String) {
        let fast = RecordScreener(), built = RecordScreener(keepsVerdict: true)
        var fastOut = JSONWriter(), builtOut = JSONWriter()
        line.withUnsafeBufferPointer { text in
            _ = fast.screen(text, lineNumber: 7, format: format, engine: engine, into: &fastOut)
            _ = built.screen(text, lineNumber: 7, format: format, engine: engine, into: &builtOut)
        }
        return (String(decoding: fastOut.bytes, as: UTF8.self), String(decoding: builtOut.bytes, as: UTF8.self))
    }

    @Test func onEveryPackExample() throws {
        let engine = try #require(BuiltinPacks.engine())
        var compared = 0
        for rule in engine.rules.ruleSet.rules {
            for text in (rule.examples.match + rule.examples.noMatch).map(\.value) {
                let (fast, built) = Self.records(Array(text.utf8), engine: engine, format: .text)
                #expect(fast == built, "\(rule.qualifiedID): \(text)")
                compared += 1
            }
        }
        #expect(compared >= 700)
    }

    @Test func onTheSampleCorpus() throws {
        let engine = try #require(BuiltinPacks.engine())
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../corpus/sample.jsonl").standardized
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count >= 300)
        var blocked = 0
        for line in lines {
            let (fast, built) = Self.records(Array(line.utf8), engine: engine, format: .jsonl)
            #expect(fast == built, "\(line)")
            if fast.contains(#""decision":"block""#) { blocked += 1 }
        }
        #expect(blocked > 0)   // the corpus exercises hits, not only empty verdicts
    }
}
