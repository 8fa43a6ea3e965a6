// `--notify URL` end to end: a burst fed to a live server with a database makes two
// transitions, and a local receiver gets each of them with its Idempotency-Key. The
// receiver fails the first attempts: the notifier retries after a backoff with the same
// key, every transition is finally accepted exactly once, and /metrics counts the
// deliveries and the failures. Every wait has a deadline, and the receiver and the
// server are stopped whatever happens.
import Foundation
import Testing
@testable import vigil

@Suite(.serialized)
struct WebhookDeliveryTests {
    /// /metrics as name → value (lines without labels only).
    func metrics(_ port: Int) async throws -> [String: Int] {
        let text = String(decoding: try await http(port, "GET", "/metrics").body, as: UTF8.self)
        var values: [String: Int] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = Int(value) }
        }
        return values
    }

    @Test func eachTransitionIsDeliveredOnceWithItsKeyAfterRetries() async throws {
        let receiver = try WebhookReceiver(failures: 2)
        defer { receiver.stop() }
        let database = temporaryFolder().appendingPathComponent("notify.sqlite").path
        let server = try await TestServer.start(database: database, notify: [receiver.url])
        do {
            try await run(server, receiver)
        } catch {
            Issue.record(error)
        }
        try await server.stop()
    }

    func run(_ server: TestServer, _ receiver: WebhookReceiver) async throws {
        for line in incidentStream() {
            #expect(try await postJSON(server.port, "/v1/check", line).status == 200)
        }
        let status = try await http(server.port, "GET", "/v1/escalations")
        let transitions = (status.json["transitions"] as? [[String: Any]] ?? []).compactMap { $0["to"] as? String }
        #expect(transitions == ["early_warning", "rapid_response"])

        // Until both are accepted (two failures first: 1 s backoff each), at most 30 s.
        let deadline = ContinuousClock.now + .seconds(30)
        while receiver.received.filter({ $0.status == 200 }).count < 2 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let received = receiver.received
        let accepted = received.filter { $0.status == 200 }
        #expect(accepted.count == 2, "accepted \(accepted.count) of \(received.count) requests")
        #expect(Set(accepted.map(\.key)).count == accepted.count, "a transition accepted twice")
        #expect(accepted.allSatisfy { $0.key.hasPrefix("vigil-") })
        let bodies = accepted.compactMap { try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any] }
        #expect(Set(bodies.compactMap { $0["to"] as? String }) == ["early_warning", "rapid_response"])
        #expect(bodies.allSatisfy { $0["type"] as? String == "escalation" })

        // Each failed attempt was tried again with the same key and body, after a pause.
        let failed = received.filter { $0.status != 200 }
        #expect(failed.count == 2)
        for failure in failed {
            let retry = accepted.first { $0.key == failure.key }
            #expect(retry?.body == failure.body, "no retry with the key of a failed attempt")
            if let retry { #expect(retry.at - failure.at >= .milliseconds(900), "retried without a backoff") }
        }

        // The notifier counts a delivery once the receiver's answer is in: wait for it.
        var counts = try await metrics(server.port)
        while counts["vigil_notify_deliveries_total"] != 2 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            counts = try await metrics(server.port)
        }
        #expect(counts["vigil_notify_deliveries_total"] == 2)
        #expect(counts["vigil_notify_failures_total"] == 2)
        #expect(counts["vigil_notify_pending"] == 0)
        // Nothing more arrives: a delivered transition is not sent again.
        try await Task.sleep(for: .milliseconds(1200))
        #expect(receiver.received.count == received.count)
    }
}
