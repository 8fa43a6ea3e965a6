// The threads of `vigil screen`: the reader cuts stdin into batches, worker threads
// screen batches in parallel, and the calling thread writes results strictly in input
// order. A fixed number of batches may be in flight, so a slow consumer of stdout
// slows the reader instead of filling memory.
import Foundation
import VigilEngine

/// Hands batches from the reader to the workers and from the workers to the writer.
final class BatchExchange: @unchecked Sendable {
    // Safety: every field is read and written only while holding `condition`.
    private let condition = NSCondition()
    private var pending: [InputBatch] = []
    private var pendingHead = 0
    private var done: [Int: InputBatch] = [:]
    /// Written batches, for the reader to fill again.
    private var spares: [InputBatch] = []
    private var inputFinished = false
    private var inFlight = 0
    private var submitted = 0
    private let maximumInFlight: Int

    init(maximumInFlight: Int) { self.maximumInFlight = maximumInFlight }

    /// Reader: waits until a batch may be added, then adds it.
    func submit(_ batch: InputBatch) {
        condition.lock()
        while inFlight >= maximumInFlight { condition.wait() }
        inFlight += 1
        submitted += 1
        pending.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// Reader: no more batches will come.
    func finishInput() {
        condition.lock()
        inputFinished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Worker: the next batch to screen, or nil when the input is finished.
    func takeWork() -> InputBatch? {
        condition.lock()
        defer { condition.unlock() }
        while pendingHead == pending.count && !inputFinished { condition.wait() }
        guard pendingHead < pending.count else { return nil }
        let batch = pending[pendingHead]
        pendingHead += 1
        if pendingHead > 64 && pendingHead * 2 > pending.count {
            pending.removeFirst(pendingHead)
            pendingHead = 0
        }
        return batch
    }

    /// Worker: a batch is screened.
    func complete(_ batch: InputBatch) {
        condition.lock()
        done[batch.sequence] = batch
        condition.broadcast()
        condition.unlock()
    }

    /// Writer: the screened batch with this sequence number, or nil when the input is
    /// finished and there is no such batch.
    func takeResult(_ sequence: Int) -> InputBatch? {
        condition.lock()
        defer { condition.unlock() }
        while done[sequence] == nil {
            if inputFinished && sequence >= submitted { return nil }
            condition.wait()
        }
        return done.removeValue(forKey: sequence)
    }

    /// Writer: `batch` has been written; its slot is free, and the batch itself can be
    /// filled again (`takeSpare`).
    func release(_ batch: InputBatch) {
        condition.lock()
        inFlight -= 1
        spares.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// Reader: a written batch to fill again, if there is one. At most `maximumInFlight`
    /// batches are in flight and the reader fills one more, so no more than
    /// `maximumInFlight + 1` are ever made.
    func takeSpare() -> InputBatch? {
        condition.lock()
        defer { condition.unlock() }
        return spares.popLast()
    }
}

/// Counts for the summary at the end.
struct ScreenTotals {
    var records = 0
    var errors = 0
    var commands = 0
    var decisions: [Decision: Int] = [:]
    var bytes = 0
    var reloads = 0
    var seconds = 0.0
    var transitions = 0
}
