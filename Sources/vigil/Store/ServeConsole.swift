// The console's store inside `vigil serve`: the store the pages and the JSON endpoints
// read, the background writer the endpoints hand their results to, the webhook
// notifier, and the operator actions (commands with a name and a note, review
// decisions) that the pages' buttons and the JSON endpoints share. One per server;
// absent when the server runs without a database (tests).
import Foundation
import VigilEngine
import VigilPostgres
import VigilStore

final class ServeConsole: Sendable {
    /// What the pages read.
    let store: any ConsoleStore
    /// The file, or `:memory:`.
    let path: String
    let writer: StoreWriter
    let notifier: WebhookNotifier?
    let retention: Int64
    let secondReviewKinds: Set<String>
    /// Webhook URLs (`--notify`).
    let notify: [String]

    /// Prunes past the retention while the server runs (the first pruning is at start).
    private let upkeep: StoreUpkeep

    init(path: String, retention: Int64, notify: [String], secondReviewKinds: Set<String>, pruneInterval: Double? = nil) throws {
        let store = try StoreOptions.open(path)
        try store.expandReviewJournal()   // a batch screen's review items, before the first page asks
        self.store = store
        self.path = path
        self.retention = retention
        self.secondReviewKinds = secondReviewKinds
        self.notify = notify
        writer = StoreWriter(store: store, warn: { printError("vigil serve: \($0)") })
        notifier = notify.isEmpty ? nil : WebhookNotifier(store: store)
        upkeep = StoreUpkeep(interval: pruneInterval ?? StoreUpkeep.interval(retention: retention)) { [store] in
            do { try store.prune(retention: retention, now: wallClockMilliseconds()) } catch { printError("vigil serve: \(error)") }
        }
    }

    /// Queues what a request produced; suspends while the queue is full (backpressure).
    /// On a shared PostgreSQL store, the batch goes with the request's commit instead.
    func submit(_ batch: StoreBatch) async {
        if store is PostgresStore, let request = SharedRequest.current {
            request.add(batch)
            return
        }
        await writer.submit(batch)
        if !batch.deliveries.isEmpty { notifier?.wake() }
    }

    /// Returns once everything queued so far is written (the wait is on a thread of its own).
    func writtenSoFar() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread { [writer] in
                writer.flush()
                continuation.resume()
            }.start()
        }
    }

    /// Records the rule set in use: at start, and after each reload or promotion.
    func recordRules(_ rules: LoadedRules, outcome: String, diagnostics: [String] = []) {
        let packs = rules.engine.rules.rules.reduce(into: [String: Int]()) { counts, rule in
            counts[String(rule.qualifiedID.prefix { $0 != "/" }), default: 0] += 1
        }
        let record = RuleSetRecord(at: wallClockMilliseconds(), version: String(rules.version),
                                   packs: packs.keys.sorted().map { RuleSetRecord.Pack(name: $0, rules: packs[$0]!) },
                                   ruleCount: rules.engine.rules.rules.count, outcome: outcome,
                                   diagnostics: diagnostics + rules.engine.warnings.map(\.description))
        do {
            try store.recordRuleSet(record)
            if outcome != "start" {
                _ = try store.appendAudit(AuditEntry(at: record.at, kind: .reload, actor: "system", subject: "rules",
                                                     action: outcome == "promoted" ? "promote shadow" : "reload", note: "",
                                                     outcome: outcome == "failed" ? "failed: \(diagnostics.count) problems; version \(rules.version) kept"
                                                         : "version \(rules.version), \(record.ruleCount) rules"))
            }
        } catch {
            printError("vigil serve: cannot record the rule set: \(error)")
        }
    }

    /// Prunes what is older than the retention (at start; StoreUpkeep does it afterwards).
    func prune() {
        do { try store.prune(retention: retention, now: wallClockMilliseconds()) } catch { printError("vigil serve: \(error)") }
    }

    /// Writes what is queued and stops the writer and the notifier.
    func close() {
        upkeep.stop()
        writer.close()
        notifier?.stop()
    }

    /// Store lines for /metrics.
    func metricsText() -> String {
        let stats = writer.statistics
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ value: Int) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
        }
        metric("vigil_store_queue_rows", "gauge", "Rows waiting for the store's background writer.", stats.queuedRows)
        metric("vigil_store_transactions_total", "counter", "Transactions the store's writer committed.", stats.transactions)
        metric("vigil_store_backpressure_total", "counter", "Times a request waited because the store's write queue was full.", stats.backpressureWaits)
        metric("vigil_store_write_failures_total", "counter", "Failed store writes (each retried; nothing is dropped).", stats.failures)
        if let reviews = try? store.reviewCounts() {
            metric("vigil_review_items_open", "gauge", "Review items waiting for a decision.", reviews.open)
        }
        if let notifier {
            let counts = notifier.counts
            metric("vigil_notify_deliveries_total", "counter", "Webhook deliveries that succeeded (2xx).", counts.delivered)
            metric("vigil_notify_failures_total", "counter", "Webhook attempts that failed (each retried with backoff).", counts.failed)
            metric("vigil_notify_pending", "gauge", "Webhook deliveries waiting in the outbox.", (try? store.deliveryCounts().pending) ?? 0)
        }
        return out
    }
}
