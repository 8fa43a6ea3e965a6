// A long silent stretch is skipped at once (`TopicMachine.fastForward`); these tests run
// the same streams with the skip on and off and want the same records and snapshots.
import Testing
@testable import VigilEngine

private typealias F = EscalationFixtures

@Suite struct EscalationFastForwardTests {
    static let hour: Int64 = 3_600_000

    /// Two topics with two days of complaints and a ×10 burst on the third day; "acked" is
    /// acknowledged into assessment, "open" left in rapid_response. Then silence broken by
    /// records `gaps` after the burst (in hours, the last two years on), a heartbeat and a
    /// `close` of the acknowledged incident part way.
    static func stream(gaps: [Int64]) -> [EscalationInput] {
        var streams: [[EscalationInput]] = []
        for (k, topic) in ["acked", "open"].enumerated() {
            let history = F.complaints(topic: topic, buckets: 600, seed: 41 + UInt64(k)) { b in b >= 576 ? 30 : 3 + Double(b % 288) / 144 }
            streams.append(history.map { .observe($0) })
        }
        let burstEnd = F.epoch + 600 * F.bucket
        var tail: [EscalationInput] = [.command(EscalationCommand(command: "ack", topic: "acked", eventTime: burstEnd + 20 * F.minute,
                                                                  by: "ops", line: 0))]
        for (j, gap) in gaps.enumerated() {
            let at = burstEnd + gap * hour + Int64(j * 7) * F.minute
            for topic in ["acked", "open"] {
                tail.append(.observe(EscalationObservation(id: "\"\(topic)-late-\(j)\"", line: 0, eventTime: at, topic: topic,
                                                           author: "x\(j)", signals: ["complaint": 1], decision: .review)))
            }
            if j == gaps.count - 2 { tail.append(.command(EscalationCommand(command: "close", topic: "acked", eventTime: at + 1, line: 0))) }
        }
        tail.append(.advance(burstEnd + (gaps.last ?? 0) * hour + 2 * hour))
        streams.append(tail)
        return F.merge(streams)
    }

    /// The records and the snapshot after every input of `inputs`, skip on or off.
    static func replay(_ inputs: [EscalationInput], fastForward: Bool) -> (String, [[UInt8]]) {
        let monitor = EscalationMonitor(policy: EscalationPolicy())
        monitor.tuning.fastForward = fastForward
        var out: [EscalationTransition] = []
        var snapshots: [[UInt8]] = []
        for input in inputs {
            out += F.feed(monitor, [input])
            if input.time.map({ $0 > F.epoch + 600 * F.bucket }) ?? true { snapshots.append(monitor.snapshot()) }
        }
        return (F.json(out), snapshots)
    }

    @Test(arguments: [
        [Int64(30), 31, 17_520],         // a day and more, then two years ahead
        [7, 13, 19, 80, 400, 17_531],     // past each severity decay, then days and years
    ])
    func skippingMatchesClosingEachBucket(gaps: [Int64]) {
        let inputs = Self.stream(gaps: gaps)
        let fast = Self.replay(inputs, fastForward: true)
        let slow = Self.replay(inputs, fastForward: false)
        #expect(fast.0 == slow.0)
        #expect(fast.1.count == slow.1.count)
        for (k, (a, b)) in zip(fast.1, slow.1).enumerated() { #expect(a == b, "snapshot \(k) differs") }
        // The stream does what it is meant to test: the acknowledged incident decays in
        // severity while silent, and the unacknowledged one reminds and steps down.
        #expect(fast.0.contains(#""topic":"acked","from":"assessment","to":"assessment""#))
        #expect(fast.0.contains(#""cause":"quiet""#))
        #expect(fast.0.contains(#""type":"escalation_reminder","topic":"open""#))
    }

    /// The skip does fire on these streams (else the comparison above proves nothing):
    /// once the acknowledged incident's windows have drained, a stretch goes at once.
    @Test func theSkipFiresOnceTheWindowsHaveDrained() {
        let inputs = Self.stream(gaps: [17_520])
        let monitor = EscalationMonitor(policy: EscalationPolicy())
        _ = F.feed(monitor, inputs.prefix { !($0.time.map { $0 > F.epoch + 600 * F.bucket + Self.hour } ?? false) })
        let topic = monitor.topics["acked"]!
        #expect(topic.state == .assessment)
        let next = topic.nextBucket
        #expect(!topic.isSteady(monitor.tuning), "a window still holds the burst")
        var none: [EscalationTransition] = []
        topic.close(through: next + 24, monitor.tuning, into: &none)
        #expect(topic.isSteady(monitor.tuning))
        let run = topic.quietRun
        #expect(topic.fastForward(to: next + 24 + 1000, monitor.tuning))
        #expect(topic.nextBucket > next + 24 && topic.quietRun == run + (topic.nextBucket - next - 24))
    }

    @Test func expectedSumsAreExactInAnyGrouping() {
        let values = [0.2, 1.0 / 3, 7.123456789, 0.2, 1e-9, 3.5]
        var one = 0.0
        for _ in 0..<1000 { for v in values { one = TopicMachine.addExpected(one, v) } }
        var grouped = 0.0
        for v in values { grouped += 1000 * TopicMachine.addExpected(0, v) }
        #expect(one == grouped)
        #expect(TopicMachine.addExpected(TopicMachine.expectedCap, 5) == TopicMachine.expectedCap)
    }
}
