// The console's store as the rest of Vigil sees it: what the pages and the JSON
// endpoints read, and what screening and the operators write. A protocol, so that the
// SQLite store (SQLiteStore) and a PostgreSQL store answer the same calls; the pages
// and endpoints never see SQL. Every call is synchronous and safe from any thread;
// writes are transactions.

/// The console's store: its four parts together.
public protocol ConsoleStore: EscalationHistoryStore, ReviewQueueStore, AuditStore, ScreeningStore {}

/// What the escalation machines left: topics, buckets, transitions, example posts, state.
public protocol EscalationHistoryStore: AnyObject, Sendable {
    /// Every topic with its state, severity, incident and since-when, sorted by state
    /// (furthest in the crisis process first), then severity (most severe first), then name.
    func topics() throws -> [TopicRow]

    /// One topic's row; nil when the store has never seen it.
    func topic(_ name: String) throws -> TopicRow?

    /// The topic's closed buckets with `start` in [from, to), every signal (and
    /// `volume`), oldest first.
    func buckets(topic: String, from: Int64, to: Int64) throws -> [BucketPoint]

    /// The topic's transitions and reminders with `at` in [from, to), oldest first, each
    /// with its evidence (examples as record ids: resolve them with `posts`).
    func transitions(topic: String, from: Int64, to: Int64) throws -> [TransitionRow]

    /// Transitions of every topic stored after sequence number `after`, oldest first, at
    /// most `limit`.
    func transitions(after: Int64, limit: Int) throws -> [TransitionRow]

    /// The stored posts of `topic` with these record ids (JSON, as in evidence
    /// examples), in the order asked; ids not stored are left out.
    func posts(topic: String, ids: [String]) throws -> [StoredPost]

    /// The saved escalation state; nil when none was saved.
    func escalationState() throws -> EscalationStateRow?

    /// End (ms) of the newest closed bucket (the console's "now" for a batch run looked
    /// at later); nil when no bucket is stored.
    func latestBucketEnd() throws -> Int64?

    /// Every topic's signal counts and baselines in [from, to), summed over signals and
    /// over `slot`-long slots (the overview's sparklines); `excluding` names series that
    /// are not signals.
    func sparklines(from: Int64, to: Int64, slot: Int64, excluding: [String]) throws
        -> [String: [(slot: Int, count: Int, baseline: Double)]]
}

/// The review queue and its decisions.
public protocol ReviewQueueStore: AnyObject, Sendable {
    /// Review items, newest first, filtered by status, category and topic.
    func reviewItems(_ filter: ReviewFilter) throws -> [ReviewItem]

    /// One review item; nil for an unknown id.
    func reviewItem(id: Int64) throws -> ReviewItem?

    /// Open and done review items (for the page headers and /metrics).
    func reviewCounts() throws -> (open: Int, done: Int)

    /// Records a decision: applied (the item is done when it had all the reviews it
    /// needs), not found, already decided, or a second review by the first reviewer.
    /// Writes the audit entry in the same transaction.
    func decide(review id: Int64, action: ReviewAction, by: String, note: String, at: Int64) throws -> ReviewOutcome

    /// Fills the queue and the posts from the journal (ReviewJournal, PostJournal) a batch
    /// screen left, and returns the review items added. The reads of the queue and of the
    /// posts do it themselves; `vigil serve` calls it at start so the first page does not
    /// wait for it.
    @discardableResult
    func expandReviewJournal() throws -> Int
}

extension ReviewQueueStore {
    /// A store that writes a journal's items on arrival keeps no journal to expand.
    @discardableResult
    public func expandReviewJournal() throws -> Int { 0 }
}

/// The append-only audit log and the record of rule-set loads.
public protocol AuditStore: AnyObject, Sendable {
    /// Audit entries numbered above `after`, oldest first, at most `limit`.
    func auditEntries(after: Int64, limit: Int) throws -> [AuditEntry]

    /// The newest audit entry's number (0 when the log is empty).
    func lastAuditID() throws -> Int64

    /// Appends one audit entry and returns it with its number.
    func appendAudit(_ entry: AuditEntry) throws -> AuditEntry

    /// Records a rule-set load (start, reload, failed reload, promotion).
    func recordRuleSet(_ record: RuleSetRecord) throws

    /// The latest rule-set loads, newest first: the first is the set in use unless
    /// its outcome is `failed`.
    func ruleSets(limit: Int) throws -> [RuleSetRecord]
}

/// What screening writes (one transaction per batch), its pruning, and the webhook
/// outbox that transitions fill.
public protocol ScreeningStore: AnyObject, Sendable {
    /// Stores a batch in one transaction.
    func write(_ batch: StoreBatch) throws

    /// Deletes what is older than `retention` (ms): posts, buckets and transitions whose
    /// event time is that much before the newest event time stored (a batch run of last
    /// year's data keeps its last `retention`), and review items decided and deliveries
    /// delivered that long before `now`. Open review items, the audit log and pending
    /// deliveries stay. Returns the rows deleted.
    @discardableResult
    func prune(retention: Int64, now: Int64) throws -> Int

    /// Pending deliveries due at `now`, oldest first.
    func dueDeliveries(now: Int64, limit: Int) throws -> [Delivery]

    /// Marks a delivery delivered, or records a failed attempt and when to retry.
    func finishAttempt(delivery id: Int64, deliveredAt: Int64?, error: String?, retryAt: Int64) throws

    /// Counts of delivered and pending deliveries.
    func deliveryCounts() throws -> (delivered: Int, pending: Int)
}
