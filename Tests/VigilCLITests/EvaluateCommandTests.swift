// `vigil evaluate` through the real binary: precision and recall of the decision on a
// labeled file, JSONL and CSV (BOM, quoted fields), and its errors.
import Foundation
import Testing

@Suite struct EvaluateCommandTests {
    @Test func jsonlGivesConfusionCountsAndRates() throws {
        let file = Vigil.temporaryFolder().appendingPathComponent("labeled.jsonl")
        try """
            {"text":"你这个傻逼","label":1}
            {"text":"今天天气不错","label":0}
            {"text":"fuck you idiot","label":1}
            {"text":"nice phone","label":1}

            """.write(to: file, atomically: true, encoding: .utf8)
        let result = Vigil.run(["evaluate", file.path, "--json"])
        #expect(result.status == 0)
        let json = try #require(result.json)
        let confusion = try #require(json["confusion"] as? [String: Int])
        #expect(confusion == ["tp": 2, "fp": 0, "fn": 1, "tn": 1])
        #expect(json["precision"] as? Double == 1)
        #expect(abs((json["recall"] as? Double ?? 0) - 2.0 / 3.0) < 0.001)
    }

    @Test func csvWithBOMAndQuotedMultilineFields() throws {
        let file = Vigil.temporaryFolder().appendingPathComponent("labeled.csv")
        let csv = "\u{FEFF}id,TEXT,label\n1,\"你这个傻逼\",1\n2,\"今天天气不错,\n真好\",0\n"
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let result = Vigil.run(["evaluate", file.path, "--text-column", "TEXT", "--label-column", "label", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.json?["records"] as? Int == 2)
        #expect(result.json?["confusion"] as? [String: Int] == ["tp": 1, "fp": 0, "fn": 0, "tn": 1])
    }

    @Test func missingFileAndColumnAreErrors() throws {
        #expect(Vigil.run(["evaluate", "/nonexistent/labels.csv"]).status == 66)
        let file = Vigil.temporaryFolder().appendingPathComponent("labeled.csv")
        try "a,b\n1,2\n".write(to: file, atomically: true, encoding: .utf8)
        let result = Vigil.run(["evaluate", file.path, "--text-column", "TEXT"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("TEXT"))
    }
}
