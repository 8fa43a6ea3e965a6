// `vigil screen` through the real binary: one record per input line in order, every
// kind of bad line, exit 0, large inputs across batches and threads, and SIGHUP reload.
import Foundation
import Testing

@Suite struct ScreenCommandTests {
    func records(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? ["type": "unparseable"] }
    }

    @Test func everyBadLineGetsAnErrorRecordInOrder() {
        var lines: [Data] = [
            Data(#"{"id":1,"text":"hello"}"#.utf8),
            Data("not json".utf8),
            Data(),
            Data(#"{"id":3}"#.utf8),
            Data(#"{"id":4,"text":42}"#.utf8),
            Data("[1,2,3]".utf8),
            Data(#"{"id":6,"text":"bad utf8 "#.utf8) + Data([0xFF, 0xFE]) + Data(#" here"}"#.utf8),
            Data(#"{"id":7,"text":"nul \u0000 inside"}"#.utf8),
            Data(#"{"id":8,"text":""#.utf8) + Data(repeating: 0x61, count: 2 << 20) + Data(#""}"#.utf8),
            Data(#"{"id":9,"text":"你好","#.utf8),
            Data([0, 0, 0]),
            Data(#"{"id":11,"text":"你这个傻逼"}"#.utf8),
        ]
        lines.append(Data(#"{"id":12,"text":"last"}"#.utf8))
        let input = lines.reduce(Data()) { $0 + $1 + Data([0x0A]) }
        let result = Vigil.run(["screen"], stdin: input)
        #expect(result.status == 0)
        let out = records(result.stdout)
        #expect(out.count == lines.count)
        let expectedTypes = ["verdict", "error", "error", "error", "error", "error", "verdict", "verdict", "error", "error", "error", "verdict", "verdict"]
        #expect(out.map { $0["type"] as? String ?? "?" } == expectedTypes)
        #expect(out.map { $0["line"] as? Int ?? 0 } == Array(1...lines.count))
        for record in out where record["type"] as? String == "error" { #expect(record["decision"] as? String == "review") }
        #expect((out[6]["warnings"] as? [String])?.isEmpty == false)
        #expect(out[11]["decision"] as? String == "block")
        #expect((out[8]["error"] as? String)?.contains("over the limit") == true)
        #expect(result.stderr.contains("13 records"))
    }

    @Test func textInputAndIds() {
        let result = Vigil.run(["screen", "--input", "text"], stdin: Data("hello\n你这个傻逼\n\nbye".utf8))
        let out = records(result.stdout)
        #expect(out.map { $0["id"] as? Int ?? -1 } == [1, 2, -1, 4])
        #expect(out.map { $0["type"] as? String ?? "" } == ["verdict", "verdict", "error", "verdict"])
    }

    /// 60,000 lines are 15 batches of 4,096: more than can be in flight at once (threads
    /// × 2 + 2), so written batches are filled again; a batch refilled with stale lines,
    /// records or line numbers would show here.
    @Test func orderIsKeptAcrossBatchesAndThreads() {
        let lineCount = 60_000
        var input = Data()
        for index in 1...lineCount {
            let text = index % 7 == 0 ? "你这个傻逼" : "普通评论，谢谢分享"
            input.append(Data("{\"id\":\(index),\"text\":\"\(text)\"}\n".utf8))
        }
        for threads in ["1", "3"] {
            let result = Vigil.run(["screen", "--threads", threads], stdin: input)
            #expect(result.status == 0)
            let out = records(result.stdout)
            #expect(out.count == lineCount)
            #expect(out.map { $0["id"] as? Int ?? 0 } == Array(1...lineCount))
            #expect(out.map { $0["line"] as? Int ?? 0 } == Array(1...lineCount))
            #expect(out.allSatisfy { ($0["id"] as! Int) % 7 == 0 ? $0["decision"] as? String == "block" : $0["decision"] as? String == "allow" })
        }
    }

    @Test func oversizedLinesAreSkippedAndTheNextLineIsRead() {
        let big = Data(#"{"text":""#.utf8) + Data(repeating: 0x62, count: 5000) + Data("\"}\n".utf8)
        let input = big + Data(#"{"id":"after","text":"ok"}"#.utf8) + Data([0x0A])
        let result = Vigil.run(["screen", "--max-line-bytes", "1000"], stdin: input)
        let out = records(result.stdout)
        #expect(out.count == 2)
        #expect(out.first?["type"] as? String == "error")
        #expect(out.last?["id"] as? String == "after")
    }

    @Test func invalidRulesStopBeforeReading() throws {
        let folder = Vigil.temporaryFolder()
        try "pack: b\nrules:\n  - id: x\n    regex: '('\n".write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let result = Vigil.run(["screen", "--rules", folder.path], stdin: Data("{\"text\":\"x\"}\n".utf8))
        #expect(result.status == 78)
        #expect(result.stdout.isEmpty)
    }

    @Test func sighupReloadsRulesAndAFailedReloadKeepsTheOldOnes() throws {
        let folder = Vigil.temporaryFolder()
        let rules = folder.appendingPathComponent("r.yaml")
        func writeRules(_ word: String) throws {
            try "pack: r\nrules:\n  - id: w\n    category: spam\n    severity: critical\n    keywords: [\(word)]\n".write(to: rules, atomically: true, encoding: .utf8)
        }
        try writeRules("alpha")
        let process = Process()
        process.executableURL = Vigil.binary
        process.arguments = ["screen", "--rules", folder.path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let reader = LineCollector(output.fileHandleForReading)
        let errorReader = LineCollector(errors.fileHandleForReading)
        func send(_ text: String) -> [String: Any]? {
            input.fileHandleForWriting.write(Data("{\"text\":\"\(text)\"}\n".utf8))
            guard let line = reader.next(timeout: 10) else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        // Each line is screened as soon as it arrives: the reader hands on a batch when
        // no more input is ready.
        #expect(send("alpha beta")?["decision"] as? String == "block")
        try "pack: r\nrules:\n  - id: w\n    regex: '('\n".write(to: rules, atomically: true, encoding: .utf8)
        kill(process.processIdentifier, SIGHUP)
        #expect(errorReader.waitFor("reload failed", timeout: 10))
        #expect(send("alpha again")?["decision"] as? String == "block")      // old rules kept
        try writeRules("beta")
        kill(process.processIdentifier, SIGHUP)
        #expect(errorReader.waitFor("rules reloaded", timeout: 10))
        let after = send("alpha beta")
        #expect((after?["hits"] as? [[String: Any]])?.first?["match"] as? String == "beta")
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}

/// Reads lines from a pipe on a background thread and hands them out with a timeout.
final class LineCollector: @unchecked Sendable {
    private let condition = NSCondition()
    private var lines: [String] = []
    private var consumed = 0
    private var pending = Data()

    init(_ handle: FileHandle) {
        Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                condition.lock()
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    lines.append(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
                condition.broadcast()
                condition.unlock()
            }
        }.start()
    }

    /// The next unread line, waiting up to `timeout` seconds.
    func next(timeout: TimeInterval) -> String? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(timeout)
        while consumed == lines.count {
            if !condition.wait(until: deadline) { return nil }
        }
        consumed += 1
        return lines[consumed - 1]
    }

    /// Waits until some line contains `text`.
    func waitFor(_ text: String, timeout: TimeInterval) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(timeout)
        while !lines.contains(where: { $0.contains(text) }) {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }
}
