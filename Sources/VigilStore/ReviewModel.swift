// The review queue's values: posts whose decision is `review`, the decisions taken on
// them (one, or two for the brand's own posts when a second review is required), and
// what deciding answers. Shared by every store implementation.

/// Where a review item came from.
public enum ReviewSource: String, Sendable, CaseIterable {
    /// POST /v1/check.
    case check
    /// POST /v1/screen.
    case serveScreen = "screen"
    /// `vigil screen --database`.
    case batch
}

/// approve (publish) or remove.
public enum ReviewAction: String, Sendable, CaseIterable {
    case approve, remove
}

/// One decision on a review item.
public struct ReviewDecision: Sendable, Equatable {
    /// 1 for the first review, 2 for the second.
    public var step: Int
    public var action: ReviewAction
    public var by: String
    public var note: String
    public var at: Int64

    public init(step: Int, action: ReviewAction, by: String, note: String, at: Int64) {
        self.step = step
        self.action = action
        self.by = by
        self.note = note
        self.at = at
    }
}

/// The hit a reviewer reads first: the highest-severity hit of the verdict.
public struct ReviewHit: Sendable, Equatable {
    public var rule: String
    public var category: String
    public var message: String
    /// Legal basis (the hit's `basis`); nil when the rule gives none.
    public var basis: String?
    /// Suggested fix (the hit's first `suggest`); nil when none.
    public var suggestion: String?

    public init(rule: String, category: String, message: String, basis: String?, suggestion: String?) {
        self.rule = rule
        self.category = category
        self.message = message
        self.basis = basis
        self.suggestion = suggestion
    }
}

/// One item of the review queue.
public struct ReviewItem: Sendable, Equatable {
    public var id: Int64
    public var createdAt: Int64
    public var source: ReviewSource
    /// `post` (the brand's own) or `comment`.
    public var kind: String
    public var topic: String
    /// Categories of the verdict's hits, sorted.
    public var categories: [String]
    public var recordID: String
    /// The input record (JSON).
    public var record: String
    /// The verdict (JSON), spans included.
    public var verdict: String
    public var top: ReviewHit?
    /// `open` or `done`.
    public var status: String
    /// Reviews needed before the item is done: 2 for a `post` under second review, else 1.
    public var requiredReviews: Int
    /// Decisions so far, first review first.
    public var reviews: [ReviewDecision]

    public init(id: Int64, createdAt: Int64, source: ReviewSource, kind: String, topic: String, categories: [String],
                recordID: String, record: String, verdict: String, top: ReviewHit?, status: String, requiredReviews: Int,
                reviews: [ReviewDecision]) {
        self.id = id
        self.createdAt = createdAt
        self.source = source
        self.kind = kind
        self.topic = topic
        self.categories = categories
        self.recordID = recordID
        self.record = record
        self.verdict = verdict
        self.top = top
        self.status = status
        self.requiredReviews = requiredReviews
        self.reviews = reviews
    }

    /// The decision that settled the item (the last one), nil while open.
    public var outcome: ReviewAction? { status == "done" ? reviews.last?.action : nil }
}

/// Which review items to list.
public struct ReviewFilter: Sendable, Equatable {
    /// `open`, `done`, or nil for both.
    public var status: String?
    public var category: String?
    public var topic: String?
    /// Most items returned (newest first).
    public var limit: Int
    /// Only items with an id below this (paging newest first); nil for the newest.
    public var before: Int64?

    public init(status: String? = "open", category: String? = nil, topic: String? = nil, limit: Int = 100, before: Int64? = nil) {
        self.status = status
        self.category = category
        self.topic = topic
        self.limit = limit
        self.before = before
    }
}

/// What deciding a review item did.
public enum ReviewOutcome: Sendable, Equatable {
    /// Recorded; the item as it is now (still open when it waits for a second review).
    case applied(ReviewItem)
    /// No item has that id (HTTP 404).
    case notFound
    /// The item is already decided (HTTP 409).
    case alreadyDecided(ReviewItem)
    /// The second review must come from someone other than the first reviewer (HTTP 409).
    case sameReviewer(ReviewItem)
}

/// What the queue indexes of a verdict: its hits' categories (to filter on) and the hit
/// a reviewer reads first.
public struct ReviewSummary: Sendable, Equatable {
    /// The hits' categories, sorted, each once.
    public var categories: [String]
    /// The most severe hit (the first of equals); nil when the verdict has no hit.
    public var top: ReviewHit?

    public init(categories: [String], top: ReviewHit?) {
        self.categories = categories
        self.top = top
    }

    /// Read from the verdict's JSON, for a verdict whose hits are not at hand.
    public init(verdictJSON: String) {
        let summary = VerdictSummary(json: verdictJSON)
        self.init(categories: summary.categories, top: summary.top)
    }
}

/// A review item about to be queued.
public struct NewReviewItem: Sendable, Equatable {
    public var source: ReviewSource
    public var post: StoredPost
    /// `post` or `comment`.
    public var kind: String
    public var requiredReviews: Int
    /// The verdict's categories and top hit when the caller had the hits at hand (what
    /// `vigil screen` does); nil to have the store read them from `post.verdict`.
    public var summary: ReviewSummary?

    public init(source: ReviewSource, post: StoredPost, kind: String, requiredReviews: Int = 1, summary: ReviewSummary? = nil) {
        self.source = source
        self.post = post
        self.kind = kind
        self.requiredReviews = requiredReviews
        self.summary = summary
    }

    /// The summary given, or read from the verdict.
    public var indexed: ReviewSummary { summary ?? ReviewSummary(verdictJSON: post.verdict) }
}
