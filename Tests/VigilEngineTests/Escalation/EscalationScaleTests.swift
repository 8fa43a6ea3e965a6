// Memory bounded by event time: 100,000 topics come and go, idle ones in monitoring
// are forgotten, and a forgotten topic behaves like a new one (its incident numbers
// carry on). Also: the derived signals and the per-author cap.
import Testing
@testable import VigilEngine

@Suite struct EscalationScaleTests {
    typealias F = EscalationFixtures

    @Test func hundredThousandTopicsStayBounded() {
        var policy = EscalationPolicy()
        policy.evictAfter = 86_400_000   // a day, so the test spans several eviction periods
        let monitor = EscalationMonitor(policy: policy)
        var rng = SplitMix64(seed: 100_000)
        var peak = 0
        // 100,000 topics over 20 days, each active for one short burst of records.
        let topics = 100_000, days = 20
        let span = Int64(days) * 86_400_000
        for i in 0..<topics {
            let t = F.epoch + span * Int64(i) / Int64(topics)
            for j in 0..<2 {
                let signals = rng.below(4) == 0 ? ["complaint": 1] : [:]
                _ = monitor.observe(EscalationObservation(id: "\(i)", line: 2 * i + j, eventTime: t + Int64(j) * 1000,
                                                          topic: "topic-\(i)", author: "a\(rng.below(1000))", signals: signals,
                                                          decision: signals.isEmpty ? .allow : .review))
            }
            peak = max(peak, monitor.topicCount)
        }
        // Live topics: about one day plus a quarter of eviction slack of arrivals (5,000 a day).
        #expect(peak <= 5_000 * 5 / 4 + 1_000, "peak \(peak) topics in memory")
        if EscalationDetectionTests.report { print("100,000 topics over 20 days, evict_after 1d: at most \(peak) in memory") }
        _ = monitor.advance(to: F.epoch + span + 3 * 86_400_000)
        _ = monitor.observe(EscalationObservation(id: "x", line: 0, eventTime: F.epoch + span + 3 * 86_400_000 + 1, topic: "late-comer"))
        #expect(monitor.topicCount <= 2)
        #expect(monitor.snapshot().count < 1_000)
    }

    @Test func allTopicsAtOnceAndThenForgotten() {
        let monitor = EscalationMonitor(policy: EscalationPolicy())
        for i in 0..<100_000 {
            _ = monitor.observe(EscalationObservation(id: "\(i)", line: i, eventTime: F.epoch + Int64(i), topic: "t\(i)",
                                                      signals: ["abuse": 1], decision: .review))
        }
        #expect(monitor.topicCount == 100_000)
        let bytes = monitor.snapshot()
        // About 240 bytes a topic: its name, numbers, and the open bucket's counts and
        // author sketches (33 bytes for each signal the record carried, abuse, authors
        // and review here; a byte for each empty one).
        #expect(bytes.count < 100_000 * 300, "\(bytes.count) bytes")
        _ = monitor.advance(to: F.epoch + 8 * 86_400_000 + 10 * F.bucket)
        _ = monitor.advance(to: F.epoch + 10 * 86_400_000)
        #expect(monitor.topicCount == 0)
        #expect(monitor.states().isEmpty)
    }

    @Test func aForgottenTopicStartsOverButKeepsItsIncidentNumbers() {
        var policy = EscalationPolicy()
        policy.evictAfter = 6 * 3_600_000
        let day = 288
        let first = F.complaints(buckets: day + 4, seed: 1) { b in b >= day ? 40 : 4 }
        let monitor = EscalationMonitor(policy: policy)
        var out = F.feed(monitor, first.map { .observe($0) })
        let end = first.last!.eventTime!
        out += monitor.apply(EscalationCommand(command: "close", topic: "brand", eventTime: end + 1000, line: 0))
        #expect(out.last?.to == .monitoring)
        #expect(out.contains { $0.incident == "brand#1" })
        // A day of silence: forgotten. Then the same story again, shifted by two days.
        _ = monitor.advance(to: end + 86_400_000)
        #expect(monitor.topics["brand"] == nil)
        let again = F.complaints(buckets: day + 4, startBucket: 2 * day + day + 10, seed: 1) { b in b >= 3 * day + 10 + day ? 40 : 4 }
        let second = F.feed(monitor, again.map { .observe($0) })
        #expect(second.first?.incident == "brand#2", "\(F.json(second))")
        // Like a new topic: the same transitions as a fresh monitor fed the same records.
        let fresh = F.feed(EscalationMonitor(policy: policy), again.map { .observe($0) })
        #expect(second.map(\.to) == fresh.map(\.to))
        #expect(second.map(\.at) == fresh.map(\.at))
    }

    @Test func perAuthorCapAndDerivedSignals() {
        let policy = EscalationPolicy()
        let tuning = EscalationTuning(policy)
        var bucket = OpenBucket(index: 0, signals: tuning.signalNames.count)
        // Signals as the monitor passes them: indices of the known ones ("unknown" is not).
        let complaint = tuning.signalIndex["complaint"]!, pii = tuning.signalIndex["pii"]!
        func count(_ o: EscalationObservation, signals: [Int]) {
            withUnsafePointer(to: ScreenedLine(verdict: o)) { line in
                signals.withUnsafeBufferPointer { TopicMachine.count(line, signals: $0, into: &bucket, tuning.counting) }
            }
        }
        for i in 0..<10 {
            count(EscalationObservation(id: "\(i)", line: i, eventTime: 0, topic: "t", author: "troll", decision: .block),
                  signals: [complaint])
        }
        count(EscalationObservation(id: "x", line: 0, eventTime: 0, topic: "t", author: nil, decision: .review), signals: [pii])
        let count = { (name: String) in bucket.counts[tuning.signalIndex[name]!] }
        #expect(count("complaint") == Int32(policy.perAuthor))
        #expect(count("block") == Int32(policy.perAuthor))
        #expect(count("review") == 1 && count("pii") == 1)
        #expect(count("authors") == 2)
        #expect(bucket.examples[tuning.signalIndex["complaint"]!] == ["0", "1", "2"])
    }
}
