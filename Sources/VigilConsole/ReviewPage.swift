// GET /review: the posts whose decision is `review`, newest first, filterable by
// category and topic; each with its text highlighted, the rules, their messages, legal
// basis and suggested fix, and approve / remove forms (a first and a second review for
// the brand's own posts when the policy asks for two).

struct HitRow {
    let rule: String
    let category: String
    let severity: String
    let message: String
    let basis: String?
    let suggest: String?
}

struct ReviewRow {
    let id: Int64
    let received: String
    let receivedISO: String
    let source: String
    let recordID: String?
    let topic: String?
    let kind: String?
    let score: String
    let textHTML: String
    let hits: [HitRow]
    let reviews: [ReviewLine]
    let open: Bool
    let step: String
    /// For a decided item: what was decided.
    let decided: String
    let actionURL: String
}

struct ReviewLine {
    let text: String
}

struct ReviewModel {
    let rows: [ReviewRow]
    let categories: [Option]
    let topics: [Option]
    let statuses: [Option]
    let openCount: Int
    let shown: Int
    let more: Bool
    let askToken: Bool
    let notice: String?
    let noticeIsError: Bool
    let empty: Bool
}

/// What the review page lists.
public struct ReviewListing: Sendable {
    public var items: [ConsoleReviewItem]
    public var status: String
    public var category: String?
    public var topic: String?
    public var categories: [String]
    public var topics: [String]
    public var openCount: Int
    /// More items match the filter than the page shows (it shows the newest).
    public var more: Bool

    public init(items: [ConsoleReviewItem], status: String, category: String?, topic: String?, categories: [String],
                topics: [String], openCount: Int, more: Bool) {
        self.items = items; self.status = status; self.category = category; self.topic = topic
        self.categories = categories; self.topics = topics; self.openCount = openCount; self.more = more
    }
}

public extension ConsolePages {
    func review(_ listing: ReviewListing, notice: (text: String, isError: Bool)? = nil) -> String {
        let rows = listing.items.map(reviewRow)
        func options(_ values: [String], _ chosen: String?, all: String) -> [Option] {
            [Option(value: "", label: all, selected: chosen == nil)] + values.map { Option(value: $0, label: $0, selected: $0 == chosen) }
        }
        let model = ReviewModel(
            rows: rows, categories: options(listing.categories, listing.category, all: "All categories"),
            topics: options(listing.topics, listing.topic, all: "All topics"),
            statuses: [("open", "Open"), ("done", "Decided")].map { Option(value: $0.0, label: $0.1, selected: $0.0 == listing.status) },
            openCount: listing.openCount, shown: rows.count, more: listing.more,
            askToken: asksForToken, notice: notice?.text, noticeIsError: notice?.isError ?? false, empty: rows.isEmpty)
        return ConsoleRenderer.page("review", model, title: "Review queue", section: "/review", refresh: true)
    }

    internal func reviewRow(_ item: ConsoleReviewItem) -> ReviewRow {
        let open = item.status == "open"
        let step = item.requiredReviews > 1 ? (item.reviews.isEmpty ? "First review of 2" : "Second review of 2") : "Review"
        return ReviewRow(
            id: item.id, received: ConsoleFormat.time(item.receivedAt), receivedISO: ConsoleFormat.iso(item.receivedAt),
            source: item.source, recordID: item.recordID, topic: item.topic, kind: item.kind,
            score: ConsoleFormat.number(item.score), textHTML: HighlightedText.html(item.text, spans: HighlightedText.spans(item.hits)),
            hits: item.hits.map(Self.hitRow),
            reviews: item.reviews.enumerated().map { n, r in
                ReviewLine(text: "\(item.requiredReviews < 2 ? "Review" : n == 0 ? "First review" : "Second review"): \(r.action) by \(r.by) at \(ConsoleFormat.time(r.at))\(r.note.isEmpty ? "" : " — “\(r.note)”")")
            },
            open: open, step: step,
            decided: item.reviews.last.map { $0.action == "approve" ? "Approved (published)" : "Removed" } ?? "Decided", actionURL: "/review/\(item.id)")
    }

    internal static func hitRow(_ hit: ConsoleHit) -> HitRow {
        HitRow(rule: hit.rule, category: hit.category, severity: hit.severity, message: hit.message, basis: hit.basis,
               suggest: hit.suggest.isEmpty ? nil : hit.suggest.joined(separator: " · "))
    }
}
