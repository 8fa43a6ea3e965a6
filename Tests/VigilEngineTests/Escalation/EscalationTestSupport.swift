// Timelines for escalation tests: Poisson counts per bucket drawn from the shared
// SplitMix64, turned into observations in event-time order, and a runner that feeds
// them (with commands and heartbeats) to a monitor and collects the JSON records.
import Foundation
@testable import VigilEngine

/// One input of the escalation machine.
enum EscalationInput {
    case observe(EscalationObservation)
    case command(EscalationCommand)
    case advance(Int64)

    var time: Int64? {
        switch self {
        case .observe(let o): return o.eventTime
        case .command(let c): return c.eventTime
        case .advance(let t): return t
        }
    }
}

extension SplitMix64 {
    /// A uniform double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A Poisson(λ) draw: inversion by sequential search below 500, normal approximation above.
    mutating func poisson(_ lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        if lambda > 500 {
            let u1 = max(unit(), 1e-300), u2 = unit()
            let z = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
            return max(0, Int((lambda + z * lambda.squareRoot()).rounded()))
        }
        var k = 0, p = Foundation.exp(-lambda), cumulative = p
        let u = unit()
        while u > cumulative && k < 10_000 {
            k += 1
            p *= lambda / Double(k)
            cumulative += p
        }
        return k
    }
}

enum EscalationFixtures {
    static let minute: Int64 = 60_000
    static let bucket: Int64 = 300_000
    /// 2024-06-01T00:00:00Z.
    static let epoch: Int64 = 1_717_200_000_000

    /// Observations of one topic: in bucket `b` (from `startBucket`), Poisson(`rate(b)`)
    /// complaint records, each decided `review`, from random authors, at random times
    /// inside the bucket; sorted by time.
    static func complaints(topic: String = "brand", buckets: Int, startBucket: Int = 0, seed: UInt64,
                           signal: String = "complaint", authors: Int = 1_000_000, rate: (Int) -> Double) -> [EscalationObservation] {
        var rng = SplitMix64(seed: seed)
        var out: [EscalationObservation] = []
        var serial = 0
        for b in startBucket..<(startBucket + buckets) {
            let n = rng.poisson(rate(b))
            var times = (0..<n).map { _ in epoch + Int64(b) * bucket + Int64(rng.below(Int(bucket))) }
            times.sort()
            for t in times {
                serial += 1
                out.append(EscalationObservation(id: "\"\(topic)-\(serial)\"", line: 0, eventTime: t, topic: topic,
                                                 author: "u\(rng.below(authors))", signals: [signal: 1], decision: .review))
            }
        }
        return out
    }

    /// Interleaves inputs by event time (stable: ties keep their order), numbering lines.
    static func merge(_ streams: [[EscalationInput]]) -> [EscalationInput] {
        var all: [(Int64, Int, Int, EscalationInput)] = []
        for (s, stream) in streams.enumerated() {
            for (i, input) in stream.enumerated() { all.append((input.time ?? 0, s, i, input)) }
        }
        all.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        return all.enumerated().map { line, item in
            switch item.3 {
            case .observe(var o): o.line = line + 1; return .observe(o)
            case .command(var c): c.line = line + 1; return .command(c)
            case .advance(let t): return .advance(t)
            }
        }
    }

    static func feed(_ monitor: EscalationMonitor, _ inputs: some Sequence<EscalationInput>) -> [EscalationTransition] {
        var out: [EscalationTransition] = []
        for input in inputs {
            switch input {
            case .observe(let o): out += monitor.observe(o)
            case .command(let c): out += monitor.apply(c)
            case .advance(let t): out += monitor.advance(to: t)
            }
        }
        return out
    }

    /// Runs inputs through a fresh monitor and closes every bucket after them.
    static func run(_ policy: EscalationPolicy = EscalationPolicy(), _ inputs: [EscalationInput], tail: Int64 = 3_600_000) -> [EscalationTransition] {
        let monitor = EscalationMonitor(policy: policy)
        var out = feed(monitor, inputs)
        if let last = inputs.compactMap(\.time).max() { out += monitor.advance(to: last + tail) }
        out += monitor.finish()
        return out
    }

    /// The records as JSON lines.
    static func json(_ transitions: [EscalationTransition]) -> String {
        var writer = JSONWriter()
        var text = ""
        for t in transitions {
            writer.reset()
            writer.escalation(t)
            text += writer.string + "\n"
        }
        return text
    }

    /// Buckets from `start` (ms) to the first transition into `state`, or nil.
    static func delay(to state: EscalationState, in transitions: [EscalationTransition], after start: Int64) -> Int? {
        guard let t = transitions.first(where: { $0.to == state && $0.from != state && $0.at > start }) else { return nil }
        return Int((t.at - start) / bucket)
    }
}
