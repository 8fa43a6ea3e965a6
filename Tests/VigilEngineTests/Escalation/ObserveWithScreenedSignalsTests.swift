// `vigil screen`'s escalation stage hands the monitor each screened line as it is
// (`observe(_:sequence:)`: signals as the line holds them, no observation value) instead
// of an observation with a dictionary of signals (`observe(_:)`); `observe(_:signals:)`
// sits in between. All three must drive the machines to the same transitions.
import Testing
@testable import VigilEngine

@Suite struct ObserveWithScreenedSignalsTests {
    @Test func bothEntryPointsGiveTheSameTransitions() {
        // Two topics with bursts, several signals (known, unknown, derived-only), repeats
        // of one signal and records without any.
        let names = ["complaint", "abuse", "fraud", "unknown-signal", "complaint"]
        var rng = SplitMix64(seed: 42)
        let byDictionary = EscalationMonitor(policy: EscalationPolicy())
        let byScreened = EscalationMonitor(policy: EscalationPolicy())
        let byLine = EscalationMonitor(policy: EscalationPolicy())
        var first: [EscalationTransition] = [], second: [EscalationTransition] = [], third: [EscalationTransition] = []
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
            second += byScreened.observe(EscalationObservation(id: "\(line)", line: line, eventTime: eventTime, topic: topic,
                                                               author: author, decision: decision), signals: screened)
            // The line's own number differs from the sequence on purpose: the sequence counts.
            let screenedLine = ScreenedLine(kind: .verdict, line: line + 1_000_000, idJSON: "\(line)", eventTime: eventTime,
                                            topic: topic, author: author, signals: screened, decision: decision,
                                            command: nil, by: nil)
            third += byLine.observe(screenedLine, sequence: line)
        }
        #expect(!first.isEmpty)
        #expect(first == second)
        #expect(first == third)
        // The whole state, every bucket's counts included, not only what surfaced.
        #expect(byDictionary.snapshot() == byScreened.snapshot())
        #expect(byDictionary.snapshot() == byLine.snapshot())
    }
}
