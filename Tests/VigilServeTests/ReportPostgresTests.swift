// `vigil report --database postgresql://…` against a throwaway cluster: the same run
// screened into a SQLite file and into PostgreSQL gives the same HTML, apart from the
// line naming the source and the time the report was generated.
import Foundation
import PostgresTestSupport
import XCTest

final class ReportPostgresTests: XCTestCase {
    nonisolated(unsafe) static var cluster: PostgresTestCluster?
    nonisolated(unsafe) static var failure: String?

    override class func setUp() { (cluster, failure) = PostgresTestCluster.start() }
    override class func tearDown() { cluster?.stop() }

    /// Three quiet hours of complaints on Acme, a half-hour burst from many authors (two
    /// transitions with evidence), a post with a phone number, and a record closing the buckets.
    static var stream: String {
        var lines: [String] = []
        let start = 1_717_200_000
        var id = 0
        func record(_ seconds: Int, _ topic: String, _ text: String, _ author: String) {
            id += 1
            lines.append(#"{"id":\#(id),"ts":\#(start + seconds),"topic":"\#(topic)","author":"\#(author)","text":"\#(text)"}"#)
        }
        for minute in stride(from: 0, to: 180, by: 20) { record(minute * 60, "Acme", "I want a refund now", "calm\(minute)") }
        for minute in stride(from: 0, to: 180, by: 30) { record(minute * 60 + 5, "Nimbus", "nice weather", "sun\(minute)") }
        for second in stride(from: 0, to: 1800, by: 7) { record(180 * 60 + second, "Acme", "I want a refund now, worst service ever", "angry\(second)") }
        record(212 * 60, "Acme", "call me on 13812345678", "leaker")
        record(215 * 60, "Acme", "hello", "late")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs the vigil binary with `arguments`, stdin from `input`; its exit status and stderr.
    func vigil(_ arguments: [String], input: String = "/dev/null") -> (Int32, String) {
        let quoted = ([vigilBinary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return PostgresTestCluster.run(["/bin/sh", "-c", quoted.joined(separator: " ") + " <'\(input)' >/dev/null"])
    }

    /// The report without the line that names its source and generation time.
    func comparable(_ path: String) throws -> String {
        var html = try String(contentsOfFile: path, encoding: .utf8)
        for pattern in [#"Generated [^<]* from [^<]*<"#, #"generated \d{4}-\d\d-\d\d \d\d:\d\d UTC"#] {
            html = html.replacingOccurrences(of: pattern, with: "…", options: .regularExpression)
        }
        return html
    }

    func testReportFromPostgresEqualsReportFromSQLite() throws {
        let cluster = try PostgresTestCluster.require(Self.cluster, Self.failure)
        let url = cluster.database("report")
        let folder = temporaryFolder()
        let input = folder.appendingPathComponent("in.jsonl").path
        try Self.stream.write(toFile: input, atomically: true, encoding: .utf8)
        let sqlite = folder.appendingPathComponent("run.sqlite").path
        for database in [sqlite, url] {
            let (status, stderr) = vigil(["screen", "--database", database], input: input)
            XCTAssertEqual(status, 0, stderr)
        }
        let fromSQLite = folder.appendingPathComponent("sqlite.html").path
        let fromPostgres = folder.appendingPathComponent("postgres.html").path
        XCTAssertEqual(vigil(["report", "--database", sqlite, "--out", fromSQLite]).0, 0)
        let (status, stderr) = vigil(["report", "--database", url.replacingOccurrences(of: "postgresql://", with: "postgres://"),
                                      "--out", fromPostgres])
        XCTAssertEqual(status, 0, stderr)
        let expected = try comparable(fromSQLite), got = try comparable(fromPostgres)
        XCTAssertTrue(expected.contains("early_warning") || expected.contains("Early warning"), "the run escalated Acme")
        XCTAssertTrue(expected.contains("13812345678") || expected.contains("refund"), "the report shows example texts")
        XCTAssertEqual(got, expected)
        let whole = try String(contentsOfFile: fromPostgres, encoding: .utf8)
        XCTAssertTrue(whole.contains("from postgresql://vigil@127.0.0.1:"), "the source is the address without a password")
    }

    func testUnreachableDatabaseExits66() throws {
        let folder = temporaryFolder()
        let (status, stderr) = vigil(["report", "--database", "postgresql://vigil@127.0.0.1:1/none",
                                      "--out", folder.appendingPathComponent("r.html").path])
        XCTAssertEqual(status, 66, stderr)
        XCTAssertTrue(stderr.contains("vigil report:"), stderr)
    }
}
