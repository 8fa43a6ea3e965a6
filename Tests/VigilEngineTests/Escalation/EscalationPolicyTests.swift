// The `escalation:` section of the policy file: defaults, every key, and errors with
// file:line:col; plus the numeric building blocks (Poisson tail, RFC 3339, durations).
import Foundation
import Testing
@testable import VigilEngine

@Suite struct EscalationPolicyTests {
    static func parse(_ yaml: String) -> (Policy, [String]) {
        let (policy, problems) = Policy.parse(RuleFile(path: "policy.yaml", contents: yaml))
        return (policy, problems.map { "\($0.location.line):\($0.location.column): \($0.message)" })
    }

    @Test func shippedPolicyMatchesTheDefaults() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../rules/policy.yaml").standardized
        let text = try String(contentsOf: url, encoding: .utf8)
        let (policy, problems) = Self.parse(text)
        #expect(problems.isEmpty, "\(problems)")
        var shipped = policy.escalation
        shipped.source = EscalationPolicy().source
        #expect(shipped == EscalationPolicy(), "rules/policy.yaml and EscalationPolicy() disagree")
    }

    @Test func emptySectionMeansDefaults() {
        for yaml in ["escalation: {}", "escalation:", "thresholds: {review: 30, block: 60}"] {
            let (policy, problems) = Self.parse(yaml)
            #expect(problems.isEmpty)
            var e = policy.escalation
            e.source = EscalationPolicy().source
            #expect(e == EscalationPolicy())
        }
    }

    @Test func everyKeyIsRead() {
        let (policy, problems) = Self.parse("""
            escalation:
              bucket: 10m
              lateness: 30s
              arrival_step: 2s
              signals: [fraud, complaint, self-harm]
              per_author: 2
              examples: 5
              baseline: {half_life: 6h, min_records: 80, max_half_life: 2d, season: 14d, warmup: 2h, guard: 20m, min_rate: 0.5, max_dispersion: 2}
              spike: {min_count: 8, warn_p: 1.0e-4, enter_p: 1.0e-8}
              shift: {ratio: 4, warn: 6, enter: 9, min_count: 20}
              confirm: {need: 3, of: 4}
              exit: {window: 1h, p: 0.05}
              dwell: {before_rapid_response: 10m, rapid_response: 3h, early_warning: 90m, monitoring: 1h}
              rapid_response: {min_ratio: 4.5, min_authors: 25, window: 2h, p: 0.01}
              unacknowledged_dwell: 12h
              reminder_interval: 1h
              follow_up: 12h
              recovery: 2d
              severity: {sev2: {ratio: 5, authors: 10}, sev1: {ratio: 50, authors: 500}, decay: 3h}
              evict_after: 30d
            """)
        #expect(problems.isEmpty, "\(problems)")
        let e = policy.escalation
        #expect(e.bucket == 600_000 && e.lateness == 30_000 && e.arrivalStep == 2000)
        #expect(e.signals == EscalationPolicy.defaultSignals + ["fraud", "self-harm"] + EscalationPolicy.derivedSignals)
        #expect(e.perAuthor == 2 && e.examples == 5)
        #expect(e.minRecords == 80 && e.maxHalfLife == 2 * 86_400_000)
        #expect(e.halfLife == 21_600_000 && e.season == 14 * 86_400_000 && e.warmup == 7_200_000 && e.guard_ == 1_200_000)
        #expect(e.minRate == 0.5 && e.maxDispersion == 2)
        #expect(e.spikeMinCount == 8 && e.spikeWarnP == 1e-4 && e.spikeEnterP == 1e-8)
        #expect(e.shiftRatio == 4 && e.shiftWarn == 6 && e.shiftEnter == 9 && e.shiftMinCount == 20)
        #expect(e.confirmNeed == 3 && e.confirmOf == 4)
        #expect(e.exitWindow == 3_600_000 && e.exitP == 0.05)
        #expect(e.dwellBeforeRapidResponse == 600_000 && e.dwellRapidResponse == 10_800_000 && e.dwellEarlyWarning == 5_400_000 && e.dwellMonitoring == 3_600_000)
        #expect(e.rapidMinRatio == 4.5 && e.rapidMinAuthors == 25 && e.rapidWindow == 7_200_000 && e.rapidP == 0.01)
        #expect(e.unacknowledgedDwell == 43_200_000 && e.reminderInterval == 3_600_000)
        #expect(e.followUp == 43_200_000 && e.recovery == 172_800_000)
        #expect(e.sev2Ratio == 5 && e.sev2Authors == 10 && e.sev1Ratio == 50 && e.sev1Authors == 500 && e.severityDecay == 10_800_000)
        #expect(e.evictAfter == 30 * 86_400_000)
    }

    @Test func errorsCarryLineAndColumn() {
        let (_, problems) = Self.parse("""
            escalation:
              bucket: 5 minutes
              spike: {min_count: 0, warn_p: 2, enter_pp: 1.0e-6}
              shift: {ratio: 1, warn: 20, enter: 10}
              confirm: {need: 4, of: 3}
              signals: [Complaint, authors]
              dwell: {forever: 1h}
              per_author: 1000
              unknown: 1
            """)
        #expect(problems.contains("2:11: `bucket` must be a duration such as 90s, 5m, 2h or 7d"), "\(problems)")
        #expect(problems.contains("3:22: `min_count` must be a whole number from 1 to 1000000000"))
        #expect(problems.contains("3:33: `warn_p` must be a probability between 0 and 1 (exclusive), such as 1.0e-6"))
        #expect(problems.contains { $0.hasPrefix("3:36: unknown key `enter_pp` in spike") && $0.contains("did you mean `enter_p`?") })
        #expect(problems.contains("4:18: `ratio` must be above 1"))
        #expect(problems.contains("4:10: `warn` must not be above `enter`"))
        #expect(problems.contains("5:12: `need` must not be above `of`"))
        #expect(problems.contains("6:13: a signal must be a category name of a-z, 0-9, `-` and `_`"))
        #expect(problems.contains("6:24: `authors` is a derived signal, always watched; it cannot name a category here"))
        #expect(problems.contains { $0.hasPrefix("7:11: unknown key `forever` in dwell") })
        #expect(problems.contains("8:15: `per_author` must be a whole number from 1 to 255"))
        #expect(problems.contains { $0.hasPrefix("9:3: unknown key `unknown` in escalation") })
    }

    @Test func holdAndRapidResponseKeysAreChecked() {
        let (_, problems) = Self.parse("""
            escalation:
              rapid_response: {min_ratio: 0.5, min_autors: 3, window: 2d}
              unacknowledged_dwell: soon
              reminder_interval: 1m
              unacknowledged_dwel: 6h
            """)
        #expect(problems.contains("2:31: `min_ratio` must be a number from 1 to 1000000000"), "\(problems)")
        #expect(problems.contains { $0.hasPrefix("2:36: unknown key `min_autors` in rapid_response") && $0.contains("did you mean `min_authors`?") })
        #expect(problems.contains("2:59: `rapid_response.window` must not be longer than a day"))
        #expect(problems.contains("3:25: `unacknowledged_dwell` must be a duration such as 90s, 5m, 2h or 7d"))
        #expect(problems.contains("4:22: `reminder_interval` (1m) is shorter than one bucket; 0 turns reminders off"))
        #expect(problems.contains { $0.hasPrefix("5:3: unknown key `unacknowledged_dwel` in escalation") && $0.contains("did you mean `unacknowledged_dwell`?") })
        let (off, none) = Self.parse("escalation:\n  reminder_interval: 0\n")
        #expect(none.isEmpty && off.escalation.reminderInterval == 0)
    }

    @Test func engineLoadFailsOnABadSection() {
        let (engine, diagnostics) = TestRules.compile(["p.yaml": "pack: p\nrules:\n  - id: a\n    keywords: [x]\n"],
                                                      policy: "escalation:\n  lateness: soon\n")
        #expect(engine == nil)
        #expect(diagnostics.map(\.description).contains("policy.yaml:2:13: error: `lateness` must be a duration such as 90s, 5m, 2h or 7d"))
    }

    // MARK: Building blocks

    @Test func poissonTailMatchesDirectSums() {
        for lambda in [0.2, 1.0, 3.5, 20.0, 150.0] {
            var pmf = Foundation.exp(-lambda), cdf = 0.0
            for k in 0..<Int(lambda * 3 + 20) {
                let tail = 1 - cdf   // P(X ≥ k)
                let computed = PoissonTail.upper(Double(k), mean: lambda)
                if tail > 1e-12 { #expect(abs(computed - tail) <= 1e-9 + 1e-7 * tail, "λ \(lambda) k \(k): \(computed) vs \(tail)") }
                cdf += pmf
                pmf *= lambda / Double(k + 1)
            }
        }
        #expect(PoissonTail.upper(0, mean: 3) == 1)
        #expect(PoissonTail.upper(60, mean: 5) < 1e-30)
        #expect(PoissonTail.countNeeded(p: 1e-6, mean: 0.2, dispersion: 1, floor: 5) == 6)
        #expect(PoissonTail.upper(6, mean: 0.2) <= 1e-6 && PoissonTail.upper(5, mean: 0.2) > 1e-6)
        let needed = PoissonTail.countNeeded(p: 1e-3, mean: 30, dispersion: 2, floor: 5)
        #expect(PoissonTail.upper(Double(needed) / 2, mean: 15) <= 1e-3 && PoissonTail.upper(Double(needed - 1) / 2, mean: 15) > 1e-3)
    }

    @Test func rfc3339() {
        #expect(EventTime.format(0) == "1970-01-01T00:00:00Z")
        #expect(EventTime.format(1_424_595_600_000) == "2015-02-22T09:00:00Z")
        #expect(EventTime.format(1_717_200_000_123) == "2024-06-01T00:00:00.123Z")
        #expect(EventTime.format(-1) == "1969-12-31T23:59:59.999Z")
        #expect(EventTime.parse(rfc3339: "2015-02-22T09:00:00Z") == 1_424_595_600_000)
        #expect(EventTime.parse(rfc3339: "2015-02-22T17:00:00+08:00") == 1_424_595_600_000)
        #expect(EventTime.parse(rfc3339: "2024-06-01t00:00:00.1234z") == 1_717_200_000_123)
        #expect(EventTime.parse(rfc3339: "2024-02-30T00:00:00Z") == nil)
        #expect(EventTime.parse(rfc3339: "2024-06-01 00:00:00") == nil)
        var rng = SplitMix64(seed: 3339)
        for _ in 0..<2000 {
            let ms = Int64(rng.below(8_000_000)) * 1_000_000 - 2_000_000_000_000 + Int64(rng.below(1000))
            #expect(EventTime.parse(rfc3339: EventTime.format(ms)) == ms)
        }
        #expect(EventTime.parse(duration: "5m") == 300_000 && EventTime.parse(duration: "250ms") == 250 && EventTime.parse(duration: "1.5h") == 5_400_000)
        #expect(EventTime.parse(duration: "5") == nil && EventTime.parse(duration: "m") == nil && EventTime.parse(duration: "-5m") == nil)
        #expect(EventTime.describe(duration: 600_000) == "10m" && EventTime.describe(duration: 1500) == "1500ms")
    }

    @Test func pValueText() {
        #expect(JSONWriter.significant(1.2345e-7) == "1.23e-7")
        #expect(JSONWriter.significant(0.0099999) == "1.0e-2")
        #expect(JSONWriter.significant(1) == "1.0" && JSONWriter.significant(0) == "0.0")
    }
}
