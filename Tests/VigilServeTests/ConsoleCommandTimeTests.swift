// An operator command from the console's forms happens at the machines' newest event
// time, not at the wall clock: on a server fed data from 2024, an acknowledgement lands
// right after that data (its transition is stamped with the newest post's time) while
// the audit log records when the operator actually acted.
import Foundation
import Testing
@testable import vigil
import VigilEngine

@Suite(.serialized)
struct ConsoleCommandTimeTests {
    @Test func formCommandsHappenAtTheNewestEventTime() async throws {
        let database = temporaryFolder().appendingPathComponent("time.sqlite").path
        let server = try await TestServer.start(database: database)
        do {
            for line in incidentStream() {
                #expect(try await postJSON(server.port, "/v1/check", line).status == 200)
            }
            // The stream's last record is at 2024-06-01T03:35:00Z.
            let acted = wallClockMilliseconds()
            let reply = try await http(server.port, "POST", "/topics/Acme/actions",
                                       headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                       body: Array("command=ack&by=Mei&note=on+it".utf8))
            #expect(reply.status == 303)
            let location = reply.headers["location"]?.removingPercentEncoding ?? ""
            #expect(location.contains("ack recorded by Mei") && location.contains("2024-06-01 03:35 UTC"), "\(location)")
            let status = try await http(server.port, "GET", "/v1/escalations")
            let last = (status.json["transitions"] as? [[String: Any]])?.last
            #expect(last?["to"] as? String == "assessment")
            #expect((last?["at"] as? String)?.hasPrefix("2024-06-01T03:35:00") == true, "\(String(describing: last?["at"]))")
            // The audit entry carries the wall clock: when Mei acted.
            let entries = try await http(server.port, "GET", "/v1/audit").json["entries"] as? [[String: Any]] ?? []
            let entry = entries.last { $0["action"] as? String == "ack" }
            let at = (entry?["at"] as? String).flatMap { EventTime.parse(rfc3339: $0) }
            #expect(at != nil && abs(at! - acted) < 120_000, "audit at \(String(describing: entry?["at"]))")
        } catch {
            Issue.record(error)
        }
        try await server.stop()
    }
}
