// How long an incident holds: sustained quiet before each step down, the longer hold
// of an incident no operator has acknowledged and its reminders; and what
// rapid_response needs besides an alarm (magnitude and breadth over its window), with
// evidence whose count, baseline, ratio and authors share one window.
import Foundation
import Testing
@testable import VigilEngine

@Suite struct EscalationHoldTests {
    typealias F = EscalationFixtures
    static let day = 288
    static let hour: Int64 = 3_600_000
    /// End of the ×10 spike of `spike()` (ms).
    static let spikeEnd = F.epoch + Int64(day + 6) * F.bucket

    /// A day of 3 complaints a bucket, a ×10 spike for 30 minutes, then the old rate for
    /// `quietHours`.
    static func spike(seed: UInt64 = 5, quietHours: Int = 12) -> [EscalationInput] {
        let observations = F.complaints(buckets: day + 6 + quietHours * 12, seed: seed) { b in
            b >= day && b < day + 6 ? 30 : 3
        }
        return F.merge([observations.map { .observe($0) }])
    }

    static func moves(_ out: [EscalationTransition]) -> [EscalationTransition] {
        out.filter { $0.from != $0.to && !$0.isReminder }
    }

    @Test func rapidResponseStepsDownAfterTheDwellOfSustainedQuiet() throws {
        for (dwell, seed) in [(2 * Self.hour, UInt64(5)), (2 * Self.hour, 6), (Self.hour, 5)] {
            var policy = EscalationPolicy()
            policy.unacknowledgedDwell = 0   // the acknowledged dwell alone
            policy.dwellRapidResponse = dwell
            let out = F.run(policy, Self.spike(seed: seed))
            let moves = Self.moves(out)
            #expect(moves.map(\.to) == [.earlyWarning, .rapidResponse, .earlyWarning, .monitoring], "\(F.json(out))")
            guard moves.count == 4 else { continue }
            let down = moves[2], end = moves[3]
            // The exit window (30 minutes) must first be quiet, then stay so for the dwell.
            #expect(down.at - Self.spikeEnd >= dwell && down.at - Self.spikeEnd <= dwell + 45 * F.minute, "\(F.json(moves))")
            #expect(down.cause == .quiet && down.evidence?.test == .quiet)
            let quiet = try #require(down.evidence)
            #expect(quiet.windowEnd - quiet.windowStart >= dwell, "the quiet evidence covers the whole quiet run")
            #expect(Double(quiet.count) <= quiet.threshold)
            // early_warning then needs its own hour, in the state.
            #expect(end.at - down.at >= Self.hour && end.at - down.at <= Self.hour + 10 * F.minute)
        }
    }

    @Test func anUnacknowledgedIncidentHoldsAndReminds() throws {
        let out = F.run(EscalationPolicy(), Self.spike())
        let moves = Self.moves(out)
        #expect(moves.map(\.to) == [.earlyWarning, .rapidResponse, .earlyWarning, .monitoring], "\(F.json(out))")
        let rapid = try #require(moves.first { $0.to == .rapidResponse }), down = try #require(moves.last { $0.to == .earlyWarning })
        #expect(down.at - Self.spikeEnd >= 6 * Self.hour && down.at - Self.spikeEnd <= 6 * Self.hour + 45 * F.minute)
        // A reminder every 30 minutes from rapid_response's start until it steps down.
        let reminders = out.filter(\.isReminder)
        let interval: Int64 = 30 * F.minute
        #expect(reminders.map(\.at) == (1...((down.at - rapid.at - 1) / interval)).map { rapid.at + $0 * interval })
        #expect(reminders.allSatisfy { $0.since == rapid.at && $0.incident == "brand#1" && $0.to == .rapidResponse })
        var writer = JSONWriter()
        writer.escalation(reminders[0])
        let severity = try #require(reminders[0].severity)
        #expect(writer.string == #"{"type":"escalation_reminder","topic":"brand","incident":"brand#1","state":"rapid_response","since":""#
                + EventTime.format(rapid.at) + #"","at":""# + EventTime.format(rapid.at + interval) + #"","severity":""# + severity.name + #""}"#)
    }

    @Test func remindersFollowTheirIntervalAndStopOnAck() throws {
        var hourly = EscalationPolicy()
        hourly.reminderInterval = Self.hour
        let out = F.run(hourly, Self.spike())
        let rapid = try #require(out.first { $0.to == .rapidResponse && $0.from != $0.to })
        let reminders = out.filter(\.isReminder).map(\.at)
        #expect(reminders.count >= 5 && reminders == (1...reminders.count).map { rapid.at + Int64($0) * Self.hour })

        var off = EscalationPolicy()
        off.reminderInterval = 0
        #expect(!F.run(off, Self.spike()).contains { $0.isReminder })

        // Acknowledged 65 minutes in: two reminders before, none after.
        let ack = EscalationCommand(command: "ack", topic: "brand", eventTime: rapid.at + 65 * F.minute, by: "ops", line: 0)
        let acked = F.run(EscalationPolicy(), F.merge([Self.spike(), [.command(ack)]]))
        #expect(acked.filter(\.isReminder).map(\.at) == [rapid.at + 30 * F.minute, rapid.at + 60 * F.minute], "\(F.json(acked))")
        #expect(acked.contains { $0.command == "ack" && $0.to == .assessment })
    }

    @Test func anAcknowledgedIncidentThatRelapsesUsesTheShorterDwell() throws {
        // Acknowledged, closed, then a second spike five hours later: rapid_response again
        // (a relapse of the same, acknowledged incident): the 2-hour dwell, no reminders.
        let observations = F.complaints(buckets: Self.day + 20 * 12, seed: 8) { b in
            (b >= Self.day && b < Self.day + 6) || (b >= Self.day + 60 && b < Self.day + 66) ? 30 : 3
        }
        let at = { (minutes: Int64) in F.epoch + Int64(Self.day) * F.bucket + minutes * F.minute }
        let commands: [EscalationInput] = [
            .command(EscalationCommand(command: "ack", topic: "brand", eventTime: at(25), by: "ops", line: 0)),
            .command(EscalationCommand(command: "close", topic: "brand", eventTime: at(60), by: "ops", line: 0)),
        ]
        let out = F.run(EscalationPolicy(), F.merge([observations.map { .observe($0) }, commands]))
        let moves = Self.moves(out)
        #expect(moves.map(\.to) == [.earlyWarning, .rapidResponse, .assessment, .followUp, .rapidResponse, .earlyWarning, .monitoring],
                "\(F.json(out))")
        guard moves.count == 7 else { return }
        let secondEnd = at(66 * 5)
        #expect(moves[5].at - secondEnd >= 2 * Self.hour && moves[5].at - secondEnd <= 2 * Self.hour + 45 * F.minute)
        #expect(!out.contains { $0.isReminder })
    }

    @Test func aThinStormHoldsThroughItsQuietHalfHours() {
        // 0.4 complaints a bucket, then ×3 for 12 hours: its 30-minute windows are often
        // within the normal range on their own, the hours are not.
        var held: [Double] = []
        for seed: UInt64 in 31...36 {
            let observations = F.complaints(buckets: Self.day + 12 * 12 + 24, seed: seed) { b in
                b >= Self.day && b < Self.day + 144 ? 1.2 : 0.4
            }
            let out = F.run(EscalationPolicy(), F.merge([observations.map { .observe($0) }]))
            let from = F.epoch + Int64(Self.day) * F.bucket + 3 * Self.hour, to = F.epoch + Int64(Self.day + 144) * F.bucket
            held.append(Self.share(out, from: from, to: to))
        }
        #expect(held.allSatisfy { $0 >= 0.95 }, "share of the storm's hours 3 to 12 in an incident, per seed: \(held)")
    }

    /// Share of [from, to) spent out of monitoring.
    static func share(_ out: [EscalationTransition], from: Int64, to: Int64) -> Double {
        var state = EscalationState.monitoring, since = from, inside: Int64 = 0
        for t in moves(out) where t.at < to {
            if t.at > from && state != .monitoring { inside += t.at - max(since, from) }
            state = t.to
            since = max(t.at, from)
        }
        if state != .monitoring { inside += to - since }
        return Double(inside) / Double(to - from)
    }

    @Test func aDoubledSignalStaysAtEarlyWarning() {
        func run(_ factor: Double, _ policy: EscalationPolicy, seed: UInt64) -> [EscalationState] {
            let observations = F.complaints(buckets: Self.day + 96 + 12, seed: seed) { b in
                b >= Self.day && b < Self.day + 96 ? 5 * factor : 5
            }
            return Self.moves(F.run(policy, F.merge([observations.map { .observe($0) }]))).map(\.to)
        }
        var lenient = EscalationPolicy()
        lenient.rapidMinRatio = 1.5
        for seed: UInt64 in 40...43 {
            let doubled = run(2, EscalationPolicy(), seed: seed)
            #expect(doubled.contains(.earlyWarning) && !doubled.contains(.rapidResponse), "seed \(seed): \(doubled)")
            // The alarm was there: only the ratio kept it at early_warning.
            #expect(run(2, lenient, seed: seed).contains(.rapidResponse), "seed \(seed)")
            #expect(run(4, EscalationPolicy(), seed: seed).contains(.rapidResponse), "seed \(seed)")
        }
    }

    @Test func rapidResponseNeedsDistinctAuthors() {
        // Four accounts, each at the per-author cap: ×12 the baseline, from four authors.
        let observations = F.complaints(buckets: Self.day + 24 + 12, seed: 50, authors: 4) { b in
            b >= Self.day && b < Self.day + 24 ? 12 : 1
        }
        let inputs = F.merge([observations.map { .observe($0) }])
        let few = Self.moves(F.run(EscalationPolicy(), inputs)).map(\.to)
        #expect(few.contains(.earlyWarning) && !few.contains(.rapidResponse), "\(few)")
        var four = EscalationPolicy()
        four.rapidMinAuthors = 4
        #expect(Self.moves(F.run(four, inputs)).map(\.to).contains(.rapidResponse))
    }

    @Test func evidenceCountsEverythingOverOneWindow() throws {
        let inputs = Self.spike()
        let observations = inputs.compactMap { input -> EscalationObservation? in
            if case .observe(let o) = input { return o } else { return nil }
        }
        func exact(_ start: Int64, _ end: Int64) -> (count: Int, authors: Int) {
            let inside = observations.filter { $0.eventTime! >= start && $0.eventTime! < end }
            return (inside.count, Set(inside.map(\.author)).count)
        }
        let out = F.run(EscalationPolicy(), inputs)
        let rapid = try #require(out.first { $0.to == .rapidResponse && $0.from != $0.to }?.evidence)
        // The window is the spike's CUSUM run: from where the excess began, not the
        // quiet hour before it.
        let spikeStart = F.epoch + Int64(Self.day) * F.bucket
        #expect(rapid.test == .sustained && rapid.windowStart <= spikeStart && rapid.windowEnd - rapid.windowStart < Self.hour,
                "\(rapid.windowStart - spikeStart), \(rapid.windowEnd - rapid.windowStart)")
        let (count, authors) = exact(rapid.windowStart, rapid.windowEnd)
        #expect(rapid.count == count)
        #expect(abs(rapid.ratio - Double(rapid.count) / rapid.baseline) < 1e-9 && rapid.ratio >= 3)
        #expect(abs(rapid.authors - authors) <= max(2, authors / 10), "\(rapid.authors) estimated, \(authors) distinct")
        // More than the last bucket alone holds (what `authors` used to count).
        #expect(rapid.authors > exact(rapid.windowEnd - F.bucket, rapid.windowEnd).authors)
        #expect(abs(rapid.threshold - 3 * rapid.baseline) < 1e-9)
        let warning = try #require(out.first { $0.to == .earlyWarning }?.evidence)
        #expect(warning.test == .spike)
        let bucket = exact(warning.windowStart, warning.windowEnd)
        #expect(warning.count == bucket.count && abs(warning.authors - bucket.authors) <= max(1, bucket.authors / 10))
        var writer = JSONWriter()
        writer.escalation(try #require(out.first { $0.to == .rapidResponse }))
        #expect(writer.string.contains(#""test":"sustained""#) && writer.string.contains(#""ratio":"#))
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func snapshotMidHoldResumesExactly(part: Int) throws {
        var policy = EscalationPolicy()
        policy.reminderInterval = 20 * F.minute
        let inputs = Self.spike()
        let whole = F.json(F.run(policy, inputs))
        #expect(whole.contains("escalation_reminder"))
        // Cut points from the spike to the end of the hold.
        let onset = inputs.firstIndex { ($0.time ?? 0) >= Self.spikeEnd - 30 * F.minute }!
        let k = onset + (inputs.count - onset) * part / 8
        let first = EscalationMonitor(policy: policy)
        var out = F.feed(first, inputs[..<k])
        let bytes = first.snapshot()
        let second = try EscalationMonitor(policy: policy, restoring: bytes)
        #expect(second.snapshot() == bytes)
        out += F.feed(second, inputs[k...])
        out += second.advance(to: inputs.compactMap(\.time).max()! + 3_600_000)
        #expect(F.json(out) == whole, "resumed after \(k) of \(inputs.count) inputs")
    }

    @Test func aSnapshotOfAnotherWindowIsRefused() {
        let monitor = EscalationMonitor(policy: EscalationPolicy())
        _ = F.feed(monitor, Self.spike().prefix(3000))
        var wider = EscalationPolicy()
        wider.rapidWindow = 2 * Self.hour
        do {
            _ = try EscalationMonitor(policy: wider, restoring: monitor.snapshot())
            Issue.record("a snapshot with a 1-hour window restored under a 2-hour one")
        } catch {
            #expect(error.description.contains("rapid_response.window"))
        }
    }
}

/// A snapshot written before the window rings and reminders (version 2) still loads.
@Suite struct EscalationSnapshotVersionTests {
    typealias F = EscalationFixtures

    /// `Tests/Fixtures/escalation-state-v2.bin` (see the README there): the snapshot
    /// after the `--state` file's two header lines.
    static func versionTwo() throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fixtures/escalation-state-v2.bin").standardized
        let file = try [UInt8](Data(contentsOf: url))
        var newlines = 0
        let start = try #require(file.firstIndex { byte in
            if byte == 0x0A { newlines += 1 }
            return newlines == 2
        })
        return Array(file[(start + 1)...])
    }

    @Test func aVersionTwoSnapshotLoadsAndRemindsOfItsIncident() throws {
        let bytes = try Self.versionTwo()
        #expect(bytes[8] == 2, "the fixture is a version 2 snapshot")
        let monitor = try EscalationMonitor(policy: EscalationPolicy(), restoring: bytes)
        let aurora = try #require(monitor.states().first { $0.topic == "AuroraAir" })
        #expect(aurora.state == .rapidResponse && aurora.incident == "AuroraAir#1")
        #expect(EventTime.format(aurora.since) == "2024-06-02T14:15:00Z")
        // Saved again, it is the current version, and that round-trips.
        let again = monitor.snapshot()
        #expect(again[8] == UInt8(EscalationMonitor.snapshotVersion))
        #expect(try EscalationMonitor(policy: EscalationPolicy(), restoring: again).snapshot() == again)
        // Eight more hours of ordinary traffic: unacknowledged, it reminds, then holds
        // six hours of quiet before it steps down.
        let start = try #require(EventTime.parse(rfc3339: "2024-06-02T14:40:00Z"))
        let startBucket = Int((start - F.epoch) / F.bucket)
        let more = F.complaints(topic: "AuroraAir", buckets: 8 * 12, startBucket: startBucket, seed: 77) { _ in 0.2 }
        let out = F.feed(monitor, more.map { .observe($0) }) + monitor.advance(to: start + 9 * 3_600_000)
        let reminders = out.filter(\.isReminder)
        #expect(reminders.first.map { EventTime.format($0.at) } == "2024-06-02T14:45:00Z", "\(F.json(out))")
        #expect(reminders.allSatisfy { $0.topic == "AuroraAir" && $0.since == aurora.since })
        #expect(out.contains { $0.topic == "AuroraAir" && $0.from == .rapidResponse && $0.to == .earlyWarning })
    }

    @Test func versionsItCannotReadAreRefusedClearly() throws {
        var bytes = try Self.versionTwo()
        bytes[8] = 1
        do {
            _ = try EscalationMonitor(policy: EscalationPolicy(), restoring: bytes)
            Issue.record("a version 1 snapshot loaded")
        } catch {
            #expect(error.description == "escalation state snapshot has format version 1; this vigil reads versions 2 to 3")
        }
    }
}
