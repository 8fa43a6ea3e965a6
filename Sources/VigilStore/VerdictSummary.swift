// What the review queue indexes from a verdict: its categories (to filter on) and the
// hit a reviewer reads first (rule, message, legal basis, suggestion). Read once, when
// the item is queued, by the store's writer, never on the screening path, and only
// for verdicts whose hits the caller did not give (ReviewSummary).
import Foundation

public struct VerdictSummary {
    public var categories: [String] = []
    public var top: ReviewHit?

    private static let severityRank = ["critical": 4, "high": 3, "medium": 2, "low": 1]

    public init(json: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let hits = object["hits"] as? [[String: Any]] else { return }
        categories = Array(Set(hits.compactMap { $0["category"] as? String })).sorted()
        // The most severe hit; the first of equals (the engine's order).
        var best: [String: Any]?
        var bestRank = -1
        for hit in hits {
            let rank = Self.severityRank[hit["severity"] as? String ?? ""] ?? 0
            if rank > bestRank { best = hit; bestRank = rank }
        }
        guard let best else { return }
        top = ReviewHit(rule: best["rule"] as? String ?? "", category: best["category"] as? String ?? "",
                        message: best["message"] as? String ?? "", basis: best["basis"] as? String,
                        suggestion: (best["suggest"] as? [String])?.first)
    }
}
