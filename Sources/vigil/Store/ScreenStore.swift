// `vigil screen --database`: the store side of a screen. The writer thread notes each
// line as it feeds the escalation stage (review items, evidence examples) and hands one
// StoreBatch per input batch to the background writer, so the database holds a batch
// run the same way `vigil serve` would have stored it; `vigil serve --database` then
// shows it. Without `--state`, the escalation state is kept in the database and saved
// in the same transaction as the batch it follows.
import VigilEngine
import VigilStore

final class ScreenStore {
    let store: any ConsoleStore
    let path: String
    let writer: StoreWriter
    let feed: StoreFeed
    let format: InputFormat
    let retention: Int64

    init(path: String, options: StoreOptions, format: InputFormat) throws {
        store = try StoreOptions.open(path)
        self.path = path
        writer = StoreWriter(store: store, warn: { printError("vigil: \($0)") })
        self.format = format
        retention = try options.retentionMilliseconds()
        // Placeholder feed until `attach`: the stage is made from the stored state.
        feed = StoreFeed(notify: options.notify, secondReviewKinds: options.secondReviewKinds)
        feed.journalReviews = true   // review items and evidence posts: one journal row per batch
    }

    /// The escalation stage: from `--state` when given, else from the database.
    func stage(policy: EscalationPolicy, statePath: String?) throws -> EscalationStage {
        let stage: EscalationStage
        if let statePath {
            stage = try EscalationStage(policy: policy, statePath: statePath)
        } else {
            let saved = try store.escalationState().map { (lines: $0.lines, snapshot: $0.snapshot) }
            stage = try EscalationStage(policy: policy, restoring: saved, from: path)
        }
        feed.observe(stage)
        return stage
    }

    /// Notes line `index` of `batch` right after the stage was fed with it.
    func note(_ batch: InputBatch, _ index: Int, _ line: UnsafePointer<ScreenedLine>, example: Bool) {
        let start = index == 0 ? 0 : batch.recordEnds[index - 1]
        let output = batch.output.bytes[start..<batch.recordEnds[index]]
        batch.bytes.withUnsafeBufferPointer { all in
            let input = UnsafeBufferPointer(rebasing: all[batch.starts[index]..<batch.ends[index]])
            feed.note(line, example: example, input: input, format: format, output: output, source: .batch, defaultKind: "comment",
                      rules: batch.engine.rules)
        }
    }

    /// After a written batch: queues what it produced, with the state when `saveState`.
    func finishBatch(_ stage: EscalationStage, linesWritten: Int, saveState: Bool) {
        if saveState && stage.statePath == nil {
            feed.saveState(EscalationStateRow(lines: stage.restoredLines + linesWritten, snapshot: stage.monitor.snapshot()))
        }
        writer.submit(feed.take(stage.monitor))
    }

    /// At the end: the last batch, pruning past the retention, and waiting for the writer.
    func close(_ stage: EscalationStage, linesWritten: Int) {
        finishBatch(stage, linesWritten: linesWritten, saveState: true)
        writer.close()
        do { try store.prune(retention: retention, now: wallClockMilliseconds()) } catch { printError("vigil: \(error)") }
    }
}
