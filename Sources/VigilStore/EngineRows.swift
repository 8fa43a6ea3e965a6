// The engine's escalation values turned into the store's rows: a transition record
// (with the JSON line `vigil screen` writes for it), a topic's status, a closed bucket.
import VigilEngine

extension TransitionRow {
    /// The row of a transition or reminder; `json` is its record line (no newline).
    public init(_ t: EscalationTransition, json: String) {
        self.init(topic: t.topic, from: t.from.rawValue, to: t.to.rawValue, at: t.at, incident: t.incident,
                  severity: t.severity?.name, cause: t.cause.rawValue, command: t.command, by: t.by, rejected: t.rejected,
                  isReminder: t.isReminder, evidence: t.evidence, json: json)
    }

    /// The record line of a transition, as `vigil screen` writes it.
    public static func json(of t: EscalationTransition) -> String {
        var writer = JSONWriter(capacity: 512)
        writer.escalation(t)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

extension TopicRow {
    public init(_ status: EscalationTopicStatus, updatedAt: Int64) {
        self.init(topic: status.topic, state: status.state.rawValue, severity: status.severity?.name,
                  incident: status.incident, since: status.since, updatedAt: updatedAt)
    }
}

extension BucketPoint {
    /// One point per signal of the bucket, and one for `volume`.
    public static func points(of bucket: EscalationBucket) -> [BucketPoint] {
        var points = [BucketPoint(topic: bucket.topic, signal: "volume", start: bucket.start, end: bucket.end,
                                  count: bucket.volume, baseline: 0, threshold: 0)]
        for s in bucket.signals {
            points.append(BucketPoint(topic: bucket.topic, signal: s.signal, start: bucket.start, end: bucket.end,
                                      count: s.count, baseline: s.baseline, threshold: s.threshold))
        }
        return points
    }
}
