// `vigil learn` as a user runs it: it trains, reports cross-validated figures, writes
// the same bytes for the same data and seed, and refuses bad input with file:line and
// exit 65 without writing a model; a model it wrote is usable from a `--rules` folder.
import Foundation
import Testing

@Suite struct LearnCommandTests {
    /// A small labelled CSV: positives hold an insult.
    static func csv(rows: Int = 120, positives: Bool = true, negatives: Bool = true) -> String {
        var out = "id,text,label\n"
        let insults = ["you idiot", "what a moron", "shut up loser", "垃圾东西", "蠢货一个"]
        let plain = ["nice weather today", "see you at lunch", "the train was late", "今天天气不错", "我们去吃饭"]
        for index in 0..<rows {
            let positive = index % 2 == 0
            if positive && !positives || !positive && !negatives { continue }
            let text = positive ? "\(plain[index % 5]) \(insults[index % 5])" : "\(plain[index % 5]) \(plain[(index + 2) % 5])"
            out += "\(index),\"\(text) \(index)\",\(positive ? 1 : 0)\n"
        }
        return out
    }

    static func write(_ text: String, in folder: URL, name: String = "data.csv") -> String {
        let url = folder.appendingPathComponent(name)
        try! Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func trainsReportsAndIsDeterministic() throws {
        let folder = Vigil.temporaryFolder()
        let data = Self.write(Self.csv(), in: folder)
        let first = folder.appendingPathComponent("a/models/demo.vgm").path, second = folder.appendingPathComponent("b.vgm").path
        let run = Vigil.run(["learn", data, "--model", "demo", "--out", first, "--folds", "3", "--hash-bits", "14"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("3-fold cross-validation"))
        #expect(run.stdout.contains("precision–recall points"))
        #expect(run.stdout.contains("classifier: {model: demo, min: "))
        _ = Vigil.run(["learn", data, "--model", "demo", "--out", second, "--folds", "3", "--hash-bits", "14"])
        let a = try Data(contentsOf: URL(fileURLWithPath: first)), b = try Data(contentsOf: URL(fileURLWithPath: second))
        #expect(a == b && a.count > 1 << 14)

        // The model, loaded from a --rules folder.
        let pack = "pack: mine\nrules:\n  - id: insult\n    category: abuse\n    classifier: {model: demo, min: 0.6}\n"
        _ = Self.write(pack, in: folder.appendingPathComponent("a"), name: "mine.yaml")
        let rules = folder.appendingPathComponent("a").path
        let hit = Vigil.run(["check", "--rules", rules, "--format", "json", "you idiot"])
        #expect(hit.stdout.contains("mine/insult"), "\(hit.stdout) \(hit.stderr)")
        let clean = Vigil.run(["check", "--rules", rules, "--format", "json", "nice weather today"])
        #expect(!clean.stdout.contains("mine/insult"))
    }

    @Test func refusesDataWithoutBothClasses() {
        let folder = Vigil.temporaryFolder()
        let out = folder.appendingPathComponent("m.vgm").path
        for (csv, words) in [(Self.csv(positives: false), "no row has a positive label"), (Self.csv(negatives: false), "no negative row")] {
            let data = Self.write(csv, in: folder)
            let run = Vigil.run(["learn", data, "--model", "m", "--out", out])
            #expect(run.status == 65)
            #expect(run.stderr.contains("\(data):2: ") && run.stderr.contains(words), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test func refusesMissingColumnAndUnreadableRows() {
        let folder = Vigil.temporaryFolder()
        let out = folder.appendingPathComponent("m.vgm").path
        let data = Self.write(Self.csv(), in: folder)
        let missing = Vigil.run(["learn", data, "--model", "m", "--out", out, "--label-column", "class"])
        #expect(missing.status == 65 && missing.stderr.contains("\(data):1: no column `class`"), "\(missing.stderr)")
        let short = Self.write("text,label\n\"fine\",0\nbroken\n", in: folder, name: "short.csv")
        let shortRun = Vigil.run(["learn", short, "--model", "m", "--out", out])
        #expect(shortRun.status == 65 && shortRun.stderr.contains("\(short):3: "), "\(shortRun.stderr)")
        let jsonl = Self.write("{\"text\": \"ok\", \"label\": 1}\n{not json\n", in: folder, name: "rows.jsonl")
        let jsonRun = Vigil.run(["learn", jsonl, "--model", "m", "--out", out])
        #expect(jsonRun.status == 65 && jsonRun.stderr.contains("\(jsonl):2: not a JSON object"), "\(jsonRun.stderr)")
        let url = folder.appendingPathComponent("bad.csv")
        try! Data([0x74, 0x65, 0x78, 0x74, 0x2C, 0x6C, 0x61, 0x62, 0x65, 0x6C, 0x0A, 0x61, 0x2C, 0x31, 0x0A, 0xFF, 0x2C, 0x30, 0x0A]).write(to: url)
        let invalid = Vigil.run(["learn", url.path, "--model", "m", "--out", out])
        #expect(invalid.status == 65 && invalid.stderr.contains("\(url.path):3: not valid UTF-8"), "\(invalid.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func corruptModelInRulesFolderExits78NamingTheFile() throws {
        let folder = Vigil.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("models"), withIntermediateDirectories: true)
        _ = Self.write("VIGILMDL garbage that is not a model at all, but long enough to have a header", in: folder.appendingPathComponent("models"), name: "demo.vgm")
        _ = Self.write("pack: mine\nrules:\n  - id: insult\n    category: abuse\n    classifier: {model: demo, min: 0.6}\n", in: folder, name: "mine.yaml")
        let run = Vigil.run(["check", "--rules", folder.path, "hello"])
        #expect(run.status == 78)
        #expect(run.stderr.contains("models/demo.vgm"), "\(run.stderr)")
    }
}
