// What screening gives the console's store: the escalation stage's transitions and
// closed buckets (through the observers it sets), the posts kept as evidence examples,
// and the posts whose decision is `review`. It gathers them into a StoreBatch that the
// caller hands to the background writer once per batch of lines (`vigil screen`) or per
// request (`vigil serve`). Not thread-safe: used by whoever feeds the stage, in order.
import VigilEngine
import VigilStore

final class StoreFeed {
    private var pending = StoreBatch()
    /// Topics whose rows must be refreshed from the machines at the next `take`.
    private var touched: Set<String> = []
    /// Webhook URLs (`--notify`): each transition is queued for each.
    let notify: [String]
    /// Kinds whose review items need a second reviewer.
    let secondReviewKinds: Set<String>
    /// Review items and evidence posts go into the batch's journal (ReviewJournal,
    /// PostJournal) instead of a row each: what `vigil screen --database` does; `vigil
    /// serve` queues few and keeps rows.
    var journalReviews = false

    init(notify: [String], secondReviewKinds: Set<String>) {
        self.notify = notify
        self.secondReviewKinds = secondReviewKinds
    }

    /// Observes `stage`'s transitions and its monitor's closed buckets from now on.
    func observe(_ stage: EscalationStage) {
        stage.monitor.bucketObserver = { [unowned self] bucket in
            pending.buckets += BucketPoint.points(of: bucket)
            touched.insert(bucket.topic)
        }
        stage.transitionObserver = { [unowned self] transition, json in
            let text = String(decoding: json, as: UTF8.self)
            pending.transitions.append(TransitionRow(transition, json: text))
            touched.insert(transition.topic)
            guard !transition.isReminder, transition.rejected == nil else { return }
            for url in notify {
                pending.deliveries.append(NewDelivery(url: url, payload: text, key: Self.idempotencyKey(text, url)))
            }
        }
    }

    /// Notes a screened verdict: queued for review when its decision is `review`, kept
    /// as a post when the machines took it as an evidence example. `input` is the input
    /// line, `output` its verdict record.
    /// `rules`, the rule set that screened the line, names the hits the screener noted
    /// (`reviewHits`); without it the store reads them from the verdict.
    func note(_ line: UnsafePointer<ScreenedLine>, example: Bool, input: UnsafeBufferPointer<UInt8>, format: InputFormat,
              output: ArraySlice<UInt8>, source: ReviewSource, defaultKind: String, rules: CompiledRules? = nil) {
        let decision = line.pointee.decision
        guard line.pointee.kind == .verdict, decision == .review || example else { return }
        let verdictBytes = output.last == UInt8(ascii: "\n") ? output.dropLast() : output
        let at = line.pointee.eventTime ?? wallClockMilliseconds()
        if decision == .review {
            let kind = Self.kind(of: input, format: format) ?? defaultKind
            let summary = rules.flatMap { rules in line.pointee.reviewHits.flatMap { Self.summary($0, rules) } }
            let required = secondReviewKinds.contains(kind) ? 2 : 1
            if journalReviews {
                journal(line, at: at, input: input, format: format, verdict: verdictBytes, source: source, kind: kind,
                        required: required, summary: summary)
            } else {
                pending.reviews.append(NewReviewItem(source: source, post: post(line, at, input, format, verdictBytes), kind: kind,
                                                     requiredReviews: required, summary: summary))
            }
        }
        guard example else { return }
        if journalReviews {
            journalPost(line, at: at, input: input, format: format, verdict: verdictBytes)
        } else {
            pending.posts.append(post(line, at, input, format, verdictBytes))
        }
    }

    /// The line as a stored post (its record and verdict as strings).
    private func post(_ line: UnsafePointer<ScreenedLine>, _ at: Int64, _ input: UnsafeBufferPointer<UInt8>, _ format: InputFormat,
                      _ verdict: ArraySlice<UInt8>) -> StoredPost {
        StoredPost(recordID: line.pointee.idJSON, topic: line.pointee.topic, at: at, decision: line.pointee.decision.rawValue,
                   record: Self.recordJSON(input, format: format), verdict: String(decoding: verdict, as: UTF8.self))
    }

    /// Appends a review item to the batch's journal from the bytes at hand.
    private func journal(_ line: UnsafePointer<ScreenedLine>, at: Int64, input: UnsafeBufferPointer<UInt8>, format: InputFormat,
                         verdict: ArraySlice<UInt8>, source: ReviewSource, kind: String, required: Int, summary: ReviewSummary?) {
        func append<Record: Collection<UInt8>>(record: Record) {
            pending.journal.append(source: source, at: at, requiredReviews: required, kind: kind, topic: line.pointee.topic,
                                   recordID: line.pointee.idJSON, record: record, verdict: verdict, summary: summary)
        }
        // A JSON record is stored as it came; plain text is wrapped as {"text": …} first.
        if format == .text { append(record: Self.recordJSON(input, format: format).utf8) } else { append(record: input) }
    }

    /// Appends an evidence post to the batch's journal from the bytes at hand.
    private func journalPost(_ line: UnsafePointer<ScreenedLine>, at: Int64, input: UnsafeBufferPointer<UInt8>, format: InputFormat,
                             verdict: ArraySlice<UInt8>) {
        func append<Record: Collection<UInt8>>(record: Record) {
            pending.postJournal.append(at: at, decision: line.pointee.decision.rawValue, topic: line.pointee.topic,
                                       recordID: line.pointee.idJSON, record: record, verdict: verdict)
        }
        if format == .text { append(record: Self.recordJSON(input, format: format).utf8) } else { append(record: input) }
    }

    /// The review queue's index of a verdict from the hits its screener noted; nil when
    /// they do not fit the summary (the store then reads the verdict).
    static func summary(_ hits: ReviewHitSummary, _ rules: CompiledRules) -> ReviewSummary? {
        guard hits.isComplete else { return nil }
        var top: ReviewHit?
        if hits.topRule >= 0 && Int(hits.topRule) < rules.rules.count {
            let rule = rules.rules[Int(hits.topRule)]
            top = ReviewHit(rule: rule.qualifiedID, category: rule.category, message: rule.message, basis: rule.basis,
                            suggestion: rule.suggest.first)
        }
        return ReviewSummary(categories: hits.categoryNames(rules), top: top)
    }

    /// Adds the escalation state to save with the next batch.
    func saveState(_ row: EscalationStateRow) { pending.escalationState = row }

    /// What was gathered since the last call, without topic rows.
    func takePending() -> StoreBatch {
        defer { pending = StoreBatch() }
        return pending
    }

    /// What was gathered since the last call, with the rows of the topics it touched.
    func take(_ monitor: EscalationMonitor) -> StoreBatch {
        if !touched.isEmpty {
            let now = wallClockMilliseconds()
            pending.topics = monitor.states().filter { touched.contains($0.topic) }.map { TopicRow($0, updatedAt: now) }
            touched.removeAll(keepingCapacity: true)
        }
        defer { pending = StoreBatch() }
        return pending
    }

    /// The input record as JSON: the line itself, or `{"text":…}` for plain-text input.
    static func recordJSON(_ input: UnsafeBufferPointer<UInt8>, format: InputFormat) -> String {
        guard format == .text else { return String(decoding: input, as: UTF8.self) }
        var writer = JSONWriter(capacity: input.count + 16)
        writer.beginObject()
        writer.key("text"); writer.string(String(decoding: input, as: UTF8.self))
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The record's `kind` when it gives one (looked for only when `"kind"` occurs).
    static func kind(of input: UnsafeBufferPointer<UInt8>, format: InputFormat) -> String? {
        guard format == .jsonl, ByteSearchKey.contains(input, kindKey) else { return nil }
        for (kind, spellings) in kindSpellings where spellings.contains(where: { ByteSearchKey.contains(input, $0) }) {
            return kind
        }
        return nil
    }

    private static let kindKey = Array(#""kind""#.utf8)
    /// Each kind with the two ways a record spells it, without and with a space.
    private static let kindSpellings = ["post", "comment"].map { kind in
        (kind, [Array(#""kind":"\#(kind)""#.utf8), Array(#""kind": "\#(kind)""#.utf8)])
    }

    /// Stable across retries and re-runs: FNV-1a of the record and the URL.
    static func idempotencyKey(_ record: String, _ url: String) -> String {
        func fnv(_ text: String) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return hash
        }
        return "vigil-" + String(fnv(record), radix: 16) + "-" + String(fnv(url), radix: 16)
    }
}

/// A plain substring test over bytes (the review path only, never per post).
enum ByteSearchKey {
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return needle.isEmpty }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first {
                var match = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] { match = false; break }
                if match { return true }
            }
            index += 1
        }
        return false
    }
}
