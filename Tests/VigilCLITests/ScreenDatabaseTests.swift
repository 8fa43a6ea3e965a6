// `vigil screen --database`: the output is byte for byte what it is without one, the
// store holds the run (review items, transitions, evidence posts, series, state), a
// second run resumes from the stored state, and a database from a newer Vigil is
// refused with a message naming the file and the versions.
import Foundation
import GRDB
import Testing
import VigilStore

struct ScreenDatabaseTests {
    /// Three quiet hours of complaints on Acme, then half an hour of a burst from many
    /// authors, one post with a phone number (review), and a record that closes the buckets.
    static var stream: String {
        var lines: [String] = []
        let start = 1_717_200_000
        var id = 0
        func record(_ seconds: Int, _ text: String, _ author: String) {
            id += 1
            lines.append(#"{"id":\#(id),"ts":\#(start + seconds),"topic":"Acme","author":"\#(author)","text":"\#(text)"}"#)
        }
        for minute in stride(from: 0, to: 180, by: 20) { record(minute * 60, "I want a refund now", "calm\(minute)") }
        for second in stride(from: 0, to: 1800, by: 7) { record(180 * 60 + second, "I want a refund now, worst service ever", "angry\(second)") }
        record(212 * 60, "call me on 13812345678", "leaker")
        record(215 * 60, "hello", "late")
        return lines.joined(separator: "\n") + "\n"
    }

    func folder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-screen-db-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func storesTheRunAndLeavesTheOutputUnchanged() throws {
        let path = folder().appendingPathComponent("run.sqlite").path
        let plain = Vigil.run(["screen"], stdin: Data(Self.stream.utf8))
        let stored = Vigil.run(["screen", "--database", path], stdin: Data(Self.stream.utf8))
        #expect(stored.status == 0)
        #expect(stored.stdout == plain.stdout)
        let store = try SQLiteStore(path: path)
        let transitions = try store.transitions(topic: "Acme", from: 0, to: Int64.max)
        #expect(transitions.map(\.to) == ["early_warning", "rapid_response"])
        let printed = plain.stdout.split(separator: "\n").filter { $0.contains(#""type":"escalation""#) }.map(String.init)
        #expect(transitions.map(\.json) == printed)
        #expect(try store.posts(topic: "Acme", ids: transitions[1].evidence?.examples ?? []).isEmpty == false)
        let reviews = try store.reviewItems(ReviewFilter())
        #expect(reviews.contains { $0.source == .batch && $0.record.contains("13812345678") && $0.kind == "comment" })
        #expect(try store.topic("Acme")?.state == "rapid_response")
        #expect(try store.buckets(topic: "Acme", from: 0, to: Int64.max).isEmpty == false)
        #expect(try store.escalationState()?.lines == Self.stream.split(separator: "\n").count)

        // A second run resumes from the stored state (the incident is still open).
        let again = Vigil.run(["screen", "--database", path], stdin: Data(#"{"id":"x","ts":1717213000,"topic":"Acme","text":"hi"}"#.utf8 + [0x0A]))
        #expect(again.status == 0)
        #expect(again.stderr.contains("escalation state restored from \(path)"))
    }

    @Test func newerDatabaseIsRefused() throws {
        let path = folder().appendingPathComponent("new.sqlite").path
        _ = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "UPDATE vigil_schema SET version = 99") }
        try queue.close()
        let result = Vigil.run(["screen", "--database", path], stdin: Data("hello\n".utf8))
        #expect(result.status == 65)
        #expect(result.stderr.contains(path))
        #expect(result.stderr.contains("schema version 99"))
        #expect(result.stdout.isEmpty)
    }

    @Test func badRetentionAndNotifyWithoutDatabaseAreUsageErrors() {
        #expect(Vigil.run(["screen", "--retention", "soon"], stdin: Data()).status == 64)
        #expect(Vigil.run(["screen", "--notify", "http://127.0.0.1:9/x"], stdin: Data()).status == 64)
    }
}
