// What one batch of screening adds to the store, written in one transaction: a batch of
// `vigil screen`, one /v1/check, one part of a /v1/screen body. Either all of it is
// stored or none, so a killed run never leaves a transition without its evidence posts
// or an escalation state ahead of the transitions it produced.

/// Everything a batch adds; empty parts are skipped.
public struct StoreBatch: Sendable {
    /// Posts whose decision is `review`, queued for reviewers.
    public var reviews: [NewReviewItem] = []
    /// Review items of a batch screen, as one journal row (ReviewJournal).
    public var journal = ReviewJournal()
    /// Posts kept so the console can show them (evidence examples), with their verdicts.
    public var posts: [StoredPost] = []
    /// Evidence posts of a batch screen, in the batch's journal row (PostJournal).
    public var postJournal = PostJournal()
    /// Transitions and reminders, in the order the machines produced them.
    public var transitions: [TransitionRow] = []
    /// Closed buckets of the timelines.
    public var buckets: [BucketPoint] = []
    /// Every topic's state after the batch (only the topics that changed need be given).
    public var topics: [TopicRow] = []
    /// Audit entries (operator commands and their notes, reloads).
    public var audit: [AuditEntry] = []
    /// Webhook deliveries to queue, one per transition and URL (the outbox).
    public var deliveries: [NewDelivery] = []
    /// The escalation machines' state after the batch, when it is to be saved.
    public var escalationState: EscalationStateRow?

    public init() {}

    /// Whether the batch has nothing to write.
    public var isEmpty: Bool {
        reviews.isEmpty && journal.isEmpty && posts.isEmpty && postJournal.isEmpty && transitions.isEmpty && buckets.isEmpty && topics.isEmpty && audit.isEmpty
            && deliveries.isEmpty && escalationState == nil
    }

    /// Rows in the batch, for the writer's queue bound.
    public var weight: Int {
        reviews.count + journal.count + posts.count + postJournal.count + transitions.count + buckets.count + topics.count + audit.count + deliveries.count
            + (escalationState == nil ? 0 : 1)
    }

    /// Appends `other` (the writer merges queued batches into one transaction).
    public mutating func append(_ other: StoreBatch) {
        reviews += other.reviews
        journal.append(other.journal)
        posts += other.posts
        postJournal.append(other.postJournal)
        transitions += other.transitions
        buckets += other.buckets
        topics += other.topics
        audit += other.audit
        deliveries += other.deliveries
        if let state = other.escalationState { escalationState = state }
    }
}

/// The saved escalation state: the machines' snapshot and how many input records it covers.
public struct EscalationStateRow: Sendable, Equatable {
    /// Input records (lines) the state covers.
    public var lines: Int
    /// The monitor's versioned snapshot (EscalationMonitor.snapshot()).
    public var snapshot: [UInt8]

    public init(lines: Int, snapshot: [UInt8]) {
        self.lines = lines
        self.snapshot = snapshot
    }
}

/// A webhook delivery to queue: the transition record to POST to `url`.
public struct NewDelivery: Sendable, Equatable {
    public var url: String
    /// The JSON body.
    public var payload: String
    /// Sent as `Idempotency-Key`: the same for every attempt of one delivery, so a
    /// receiver can drop the repeats that at-least-once delivery brings.
    public var key: String

    public init(url: String, payload: String, key: String) {
        self.url = url
        self.payload = payload
        self.key = key
    }
}

/// A queued webhook delivery.
public struct Delivery: Sendable, Equatable {
    public var id: Int64
    public var url: String
    public var payload: String
    public var key: String
    public var attempts: Int
    /// Not before this time (ms): the backoff after a failure.
    public var nextAttemptAt: Int64
    /// When it was delivered (2xx), nil while pending.
    public var deliveredAt: Int64?
    public var lastError: String?

    public init(id: Int64, url: String, payload: String, key: String, attempts: Int, nextAttemptAt: Int64,
                deliveredAt: Int64?, lastError: String?) {
        self.id = id
        self.url = url
        self.payload = payload
        self.key = key
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.lastError = lastError
    }
}
