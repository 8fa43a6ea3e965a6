// Replay determinism and exact resume: the same input gives the same bytes however it
// is batched, and run(all) == run(first k) + snapshot/restore + run(rest) for many k.
// Also: key isolation, late records, and snapshots that must be refused.
import Testing
@testable import VigilEngine

@Suite struct EscalationReplayTests {
    typealias F = EscalationFixtures

    /// Three topics over four days: a ×8 complaint spike on one, a slow ×3 shift on
    /// another, noise on the third; operator commands; records without `ts`; late records.
    static let timeline: [EscalationInput] = {
        let day = 288
        let crisis = F.complaints(topic: "Aurora", buckets: 4 * day, seed: 11) { b in (b >= 2 * day && b < 2 * day + 30) ? 24 : 3 }
        let shift = F.complaints(topic: "Nimbus", buckets: 4 * day, seed: 12, signal: "brand-risk") { b in b >= 3 * day ? 6 : 2 }
        let noise = F.complaints(topic: "*", buckets: 4 * day, seed: 13, signal: "abuse") { _ in 1 }
        let at = { (bucket: Int) in F.epoch + Int64(bucket) * F.bucket + 30_000 }
        var commands: [EscalationInput] = [
            .command(EscalationCommand(command: "ack", topic: "Aurora", eventTime: at(2 * day + 6), by: "ops", line: 0)),
            .command(EscalationCommand(command: "assessed", topic: "Aurora", eventTime: at(2 * day + 12), by: "ops", line: 0, severity: "sev2")),
            .command(EscalationCommand(command: "strategy_approved", topic: "Aurora", eventTime: at(2 * day + 20), by: "lead", line: 0)),
            .command(EscalationCommand(command: "close", topic: "Aurora", eventTime: at(2 * day + 60), by: "lead", line: 0)),
            .command(EscalationCommand(command: "close", topic: "*", eventTime: at(day), by: "ops", line: 0)),
        ]
        // Late records: a minute past their bucket after the watermark moved on.
        let late = (0..<5).map { i in
            EscalationInput.observe(EscalationObservation(id: "\"late-\(i)\"", line: 0, eventTime: at(day + 40 * i) - 20 * F.minute,
                                                          topic: "Aurora", author: "late", signals: ["complaint": 1], decision: .review))
        }
        commands += late.map { input in
            guard case .observe(var o) = input else { return input }
            o.eventTime! += 30 * F.minute   // placed in the stream later than their own time
            return .observe(o)
        }
        var merged = F.merge([crisis.map { .observe($0) }, shift.map { .observe($0) }, noise.map { .observe($0) }, commands])
        // Give the late ones back their real times, now that they sit late in the stream.
        merged = merged.map { input in
            guard case .observe(var o) = input, o.id.hasPrefix("\"late") else { return input }
            o.eventTime! -= 30 * F.minute
            return .observe(o)
        }
        // A few records without `ts`: they take the newest time seen.
        for i in stride(from: 1000, to: merged.count, by: 9000) {
            guard case .observe(var o) = merged[i] else { continue }
            o.eventTime = nil
            merged[i] = .observe(o)
        }
        return merged
    }()

    static let expected: [EscalationTransition] = F.run(EscalationPolicy(), timeline)

    @Test func timelineHasTransitionsOfEveryKind() {
        let t = Self.expected
        #expect(t.contains { $0.to == .rapidResponse && $0.topic == "Aurora" })
        #expect(t.contains { $0.to == .strategy && $0.severity == .sev2 })
        #expect(t.contains { $0.to == .followUp })
        #expect(t.contains { $0.rejected != nil && $0.topic == "*" })
        #expect(t.contains { $0.topic == "Nimbus" && $0.to == .earlyWarning })
        #expect(t.contains { ($0.evidence?.late ?? 0) > 0 })
    }

    @Test func replayIsByteIdentical() {
        let first = F.json(Self.expected)
        #expect(F.json(F.run(EscalationPolicy(), Self.timeline)) == first)
        // Batches of several sizes through observe([…]) give the same bytes.
        for size in [1, 7, 100, 4096] {
            let monitor = EscalationMonitor(policy: EscalationPolicy())
            var out: [EscalationTransition] = []
            var batch: [EscalationObservation] = []
            for input in Self.timeline {
                if case .observe(let o) = input { batch.append(o); if batch.count == size { out += monitor.observe(batch); batch = [] }; continue }
                out += monitor.observe(batch); batch = []
                out += F.feed(monitor, [input])
            }
            out += monitor.observe(batch)
            out += monitor.advance(to: Self.timeline.compactMap(\.time).max()! + 3_600_000)
            #expect(F.json(out) == first, "batch size \(size)")
        }
    }

    @Test(arguments: [0, 1, 2, 3, 5, 8, 13])
    func snapshotAndRestoreMatchAnUninterruptedRun(part: Int) {
        let whole = F.json(Self.expected)
        let n = Self.timeline.count
        // Cut points spread over the timeline, several per argument.
        for j in 0..<4 {
            let k = (n * (part * 4 + j)) / 56 + part * 13 + j
            guard k <= n else { continue }
            let first = EscalationMonitor(policy: EscalationPolicy())
            var out = F.feed(first, Self.timeline[..<k])
            out += first.finish()
            let bytes = first.snapshot()
            let second: EscalationMonitor
            do { second = try EscalationMonitor(policy: EscalationPolicy(), restoring: bytes) } catch {
                Issue.record("restore failed at \(k): \(error)"); continue
            }
            #expect(second.snapshot() == bytes, "snapshot of a restored monitor differs at \(k)")
            out += F.feed(second, Self.timeline[k...])
            out += second.advance(to: Self.timeline.compactMap(\.time).max()! + 3_600_000)
            #expect(F.json(out) == whole, "resumed after \(k) of \(n) inputs")
        }
    }

    @Test func topicsAreIsolated() {
        // Aurora's transitions alone equal Aurora's transitions among the others.
        let alone = Self.timeline.filter { input in
            switch input {
            case .observe(let o): return o.topic == "Aurora"
            case .command(let c): return c.topic == "Aurora"
            case .advance: return true
            }
        }
        let mixed = Self.expected.filter { $0.topic == "Aurora" }
        // The clock must move the same way: keep every record's time as a heartbeat.
        let heartbeat = Self.timeline.map { input -> EscalationInput in
            switch input {
            case .observe(let o) where o.topic != "Aurora": return .advance(o.eventTime ?? Int64.min)
            case .command(let c) where c.topic != "Aurora": return .advance(c.eventTime ?? Int64.min)
            default: return input
            }
        }
        #expect(F.json(F.run(EscalationPolicy(), heartbeat)) == F.json(mixed))
        #expect(!alone.isEmpty)
    }

    @Test func lateRecordsAreCountedNotReplayed() {
        let monitor = EscalationMonitor(policy: EscalationPolicy())
        let base = F.epoch
        _ = monitor.observe(EscalationObservation(id: "1", line: 1, eventTime: base, topic: "t", signals: ["complaint": 1], decision: .review))
        _ = monitor.observe(EscalationObservation(id: "2", line: 2, eventTime: base + 20 * F.minute, topic: "t"))
        // Bucket 0 closed when the watermark passed 5 minutes; this record belongs to it.
        _ = monitor.observe(EscalationObservation(id: "3", line: 3, eventTime: base + F.minute, topic: "t", signals: ["complaint": 1], decision: .review))
        #expect(monitor.topics["t"]?.late == 1)
        // Only record 2's bucket is open (it counts into the topic's volume); the late
        // record reopened nothing.
        #expect(monitor.topics["t"]?.open.map(\.index) == [(base + 20 * F.minute) / F.bucket])
    }

    @Test func refusesDamagedSnapshots() {
        let monitor = EscalationMonitor(policy: EscalationPolicy())
        _ = F.feed(monitor, Self.timeline.prefix(5000))
        let good = monitor.snapshot()
        func refusal(_ bytes: [UInt8], _ policy: EscalationPolicy = EscalationPolicy()) -> EscalationSnapshotError? {
            do { _ = try EscalationMonitor(policy: policy, restoring: bytes); return nil } catch { return error }
        }
        #expect(refusal(good) == nil)
        #expect(refusal([]) == .notASnapshot)
        #expect(refusal(Array("{\"state\":1}".utf8)) == .notASnapshot)
        var version = good
        version[8] = 9
        #expect(refusal(version) == .unsupportedVersion(found: 9, supported: EscalationMonitor.snapshotVersion))
        var flipped = good
        flipped[good.count / 2] ^= 0x40
        #expect(refusal(flipped) == .corrupt("checksum mismatch"))
        if case .corrupt = refusal(Array(good.dropLast(3))) {} else { Issue.record("truncated snapshot accepted") }
        var other = EscalationPolicy()
        other.bucket = 600_000
        if case .incompatible(let why) = refusal(good, other) { #expect(why.contains("10m")) } else { Issue.record("bucket change accepted") }
        #expect(refusal(good).map(\.description) == nil)
        #expect(EscalationSnapshotError.unsupportedVersion(found: 9, supported: 1).description.contains("version 9"))
    }

    @Test func aPolicyWithAnotherSignalRestoresByName() throws {
        let monitor = EscalationMonitor(policy: EscalationPolicy())
        _ = F.feed(monitor, Self.timeline.prefix(20000))
        var wider = EscalationPolicy()
        wider.extraSignals = ["fraud"]
        let restored = try EscalationMonitor(policy: wider, restoring: monitor.snapshot())
        #expect(restored.states() == monitor.states())
        #expect(restored.topics["Aurora"]?.stats.map { restored.tuning.signalNames[$0.signal] }
                == monitor.topics["Aurora"]?.stats.map { monitor.tuning.signalNames[$0.signal] })
    }
}
