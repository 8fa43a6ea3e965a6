// Each console page of `vigil serve` read from the store (ConsoleStoreData) or, for the
// check form and the rules, from the live engine, and rendered by VigilConsole.
import Hummingbird
import VigilConsole
import VigilEngine
import VigilStore

extension ServeResponder {
    static let day: Int64 = 86_400_000
    /// Review items on one page of the queue (newest first).
    static let reviewPageSize = 50

    /// The store behind the pages; 503 when the server runs without one.
    func pageStore() throws -> any ConsoleStore {
        guard let console = state.console else {
            throw ServeError(status: .serviceUnavailable, message: "the console's pages need a store: start vigil serve with --database PATH")
        }
        return console.store
    }

    func overviewPage() throws -> String {
        let store = try pageStore(), now = try ConsoleClock.now(store)
        let topics = try Self.overviewTopics(store, rows: try store.topics(), now: now)
        return pages.overview(topics, reviewOpen: try store.reviewCounts().open, now: now)
    }

    /// Every topic with its last day as one sparkline of 15-minute slots (the slots the
    /// store keeps, SparklineSlots), from one query rather than 100 topics' buckets.
    static func overviewTopics(_ store: any ConsoleStore, rows: [TopicRow], now: Int64) throws -> [ConsoleTopic] {
        let slot = SparklineSlots.slot, slots = Int(day / slot), from = now - day
        let lines = try store.sparklines(from: from, to: now, slot: slot, excluding: Array(ConsoleStoreData.unplotted))
        return rows.map { row in
            var topic = ConsoleStoreData.topic(row)
            let points = lines[row.topic] ?? []
            var series = ConsoleSeries(signal: "signals", start: from, bucket: slot, counts: [Int](repeating: 0, count: slots),
                                       baseline: [Double](repeating: 0, count: slots))
            for p in points where p.slot >= 0 && p.slot < slots { series.counts[p.slot] = p.count; series.baseline[p.slot] = p.baseline }
            topic.series = points.isEmpty ? [] : [series]
            return topic
        }
    }

    func topicPage(_ name: String, hours: Int, notice: (text: String, isError: Bool)?) throws -> String? {
        let store = try pageStore()
        guard let row = try store.topic(name) else { return nil }
        let data = ConsoleStoreData(store: store)
        // Every transition the store keeps: the list shows all of them, and the chart
        // needs the stage at its window's start. The window ends at the newest bucket, or
        // at a later command (an acknowledgement just given).
        let transitions = try data.transitions(topic: name, from: 0, to: .max)
        let now = max(try ConsoleClock.now(store), transitions.last?.transition.at ?? 0), from = now - Int64(hours) * 3_600_000
        let topic = try data.topic(row, from: from, to: now)
        return pages.topic(topic, transitions: transitions, now: now, hours: hours, notice: notice)
    }

    func reviewPage(_ query: Parameters, notice: (text: String, isError: Bool)?) throws -> String {
        let store = try pageStore()
        let status = query["status"].map(String.init) == "done" ? "done" : "open"
        let category = query["category"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let topic = query["topic"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let items = try store.reviewItems(ReviewFilter(status: status, category: category, topic: topic, limit: Self.reviewPageSize + 1))
        let engine = state.rules.snapshot.engine
        let listing = ReviewListing(
            items: items.prefix(Self.reviewPageSize).map(ConsoleStoreData.reviewItem), status: status, category: category, topic: topic,
            categories: Array(Set(engine.rules.rules.map(\.category))).sorted(), topics: try store.topics().map(\.topic).sorted(),
            openCount: try store.reviewCounts().open, more: items.count > Self.reviewPageSize)
        return pages.review(listing, notice: notice)
    }

    func auditPage() throws -> String {
        let store = try pageStore()
        let last = try store.lastAuditID()
        let entries = try store.auditEntries(after: max(0, last - 500), limit: 500)
        return pages.audit(entries.reversed().map(ConsoleStoreData.auditEntry))
    }

    func rulesPage() throws -> String {
        let loaded = state.rules.snapshot
        var packs: [String: (rules: Int, categories: Set<String>)] = [:]
        for rule in loaded.engine.rules.rules {
            let pack = String(rule.qualifiedID.prefix { $0 != "/" })
            packs[pack, default: (0, [])].rules += 1
            packs[pack, default: (0, [])].categories.insert(rule.category)
        }
        let reload = try state.console?.store.ruleSets(limit: 10).first { $0.outcome != "start" }
        let set = ConsoleRuleSet(
            version: loaded.version, loadedAt: Int64(loaded.loadedAt * 1000),
            packs: packs.keys.sorted().map { ($0, packs[$0]!.rules, packs[$0]!.categories.sorted().joined(separator: ", ")) },
            warnings: loaded.engine.warnings.map(\.description),
            lastReload: reload.map { ($0.at, $0.outcome != "failed", $0.diagnostics) })
        return pages.rules(set)
    }

    /// The check form; with `run`, the verdict on `text` (as POST /v1/check would give it).
    func checkPage(text: String, kind: String, run: Bool) -> String {
        let engine = state.rules.snapshot.engine
        let kinds = Array(Set(["post", "comment"] + engine.policy.kinds.keys)).sorted()
        let chosen = kinds.contains(kind) ? kind : "post"
        let verdict = run && !text.isEmpty ? engine.check(text, kind: chosen, scratch: ScanScratch()) : nil
        return pages.check(text: text, kind: chosen, kinds: kinds, verdict: verdict)
    }
}
