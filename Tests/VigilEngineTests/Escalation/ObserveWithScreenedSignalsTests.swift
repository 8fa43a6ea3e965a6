// `vigil screen`'s escalation stage hands the monitor each screened line in place
// (`observe(_:sequence:)`: signals as the line holds them, no observation value) instead
// of an observation with a dictionary of signals (`observe(_:)`). Both must drive the
// machines to the same state, and the signals a line holds must count as the policy says.
import Testing
@testable import VigilEngine

@Suite struct ObserveWithScreenedSignalsTests {
    /// Feeds `line` to `monitor` the way the screen's escalation stage does.
    func observeInPlace(_ monitor: EscalationMonitor, _ line: ScreenedLine, sequence: Int) -> [EscalationTransition] {
        withUnsafePointer(to: line) { monitor.observe($0, sequence: sequence) }
    }

    @Test func bothEntryPointsGiveTheSameTransitions() {
        // Two topics with bursts, several signals (known, unknown, derived-only), repeats
        // of one signal and records without any.
        let names = ["complaint", "abuse", "fraud", "unknown-signal", "complaint"]
        var rng = SplitMix64(seed: 42)
        let byDictionary = EscalationMonitor(policy: EscalationPolicy())
        let byLine = EscalationMonitor(policy: EscalationPolicy())
        var first: [EscalationTransition] = [], second: [EscalationTransition] = []
        var time = EscalationFixtures.epoch
        for line in 1...6_000 {
            let burst = (line / 500) % 3 == 1
            time += Int64(rng.below(burst ? 2_000 : 20_000))
            var screened = ScreenedSignals()
            for _ in 0..<rng.below(burst ? 4 : 2) { screened.count(names[rng.below(names.count)]) }
            var dictionary: [String: Int] = [:]
            for (name, count) in screened { dictionary[name, default: 0] += count }
            let decision: Decision = screened.isEmpty ? .allow : (rng.below(3) == 0 ? .block : .review)
            let topic = rng.below(4) == 0 ? "other" : "brand"
            let author: String? = rng.below(5) == 0 ? nil : "u\(rng.below(50))"
            // Some records without `ts`: their time comes from the sequence number.
            let eventTime: Int64? = rng.below(10) == 0 ? nil : time
            first += byDictionary.observe(EscalationObservation(id: "\(line)", line: line, eventTime: eventTime, topic: topic,
                                                                author: author, signals: dictionary, decision: decision))
            // The line's own number differs from the sequence on purpose: the sequence counts.
            let screenedLine = ScreenedLine(kind: .verdict, line: line + 1_000_000, idJSON: "\(line)", eventTime: eventTime,
                                            topic: topic, author: author, signals: screened, decision: decision,
                                            command: nil, by: nil)
            second += observeInPlace(byLine, screenedLine, sequence: line)
        }
        #expect(!first.isEmpty)
        #expect(first == second)
        // The whole state, every bucket's counts included, not only what surfaced.
        #expect(byDictionary.snapshot() == byLine.snapshot())
    }

    /// What a line's signals count for, against fixed expectations: a known signal once
    /// per record however many hits it had; an unknown name and a derived signal's name
    /// (`block`, counted from the decision) not at all.
    @Test func unknownAndDerivedNamesDoNotCountAndHitsCountOnce() {
        func state(_ names: [String]) -> [UInt8] {
            let monitor = EscalationMonitor(policy: EscalationPolicy())
            var signals = ScreenedSignals()
            for name in names { signals.count(name) }
            let line = ScreenedLine(kind: .verdict, line: 1, idJSON: "1", eventTime: EscalationFixtures.epoch,
                                    topic: "brand", author: "u1", signals: signals, decision: .review,
                                    command: nil, by: nil)
            _ = observeInPlace(monitor, line, sequence: 1)
            return monitor.snapshot()
        }
        let complaintOnce = state(["complaint"])
        #expect(state(["complaint", "complaint", "unknown-signal", "block"]) == complaintOnce)
        #expect(state(["complaint", "abuse"]) != complaintOnce)
        #expect(state([]) != complaintOnce)
    }
}
