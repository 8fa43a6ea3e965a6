// Group commit for `vigil serve --state`: a request's records count towards escalation
// only once the state file holds them, so the answer waits for a save that covers it.
// Saving once per request would cost a whole snapshot per request; instead the first
// request to wait becomes the leader and saves, and every request that arrives while a
// save is being written waits for the next one, which covers them all (the way a
// database batches its log writes).
import Synchronization

/// Waits for saves that cover a mark (the number of records fed when the request's own
/// records were in).
final class GroupCommit: Sendable {
    private struct Queue {
        /// The highest mark a finished save covers.
        var saved = 0
        /// Whether a request is saving now.
        var leading = false
        var waiting: [(mark: Int, continuation: CheckedContinuation<Bool, Never>)] = []
    }

    private let queue = Mutex(Queue())

    /// Returns once a save covers `mark`: true, or false when saving failed (the
    /// caller then answers with an error rather than claim what is not kept). `save`
    /// writes the state and returns the mark it covers, nil when the write failed; it
    /// runs on the task of the request that leads.
    func wait(through mark: Int, save: () -> Int?) async -> Bool {
        await withCheckedContinuation { continuation in
            let lead = queue.withLock { queue -> Bool? in
                if queue.saved >= mark { return nil }
                queue.waiting.append((mark, continuation))
                if queue.leading { return false }
                queue.leading = true
                return true
            }
            switch lead {
            case nil: continuation.resume(returning: true)
            case true?: saveUntilNobodyWaits(save)
            case false?: break
            }
        }
    }

    /// The leader's loop: save, release every request the save covers, and save again
    /// while requests are still waiting.
    private func saveUntilNobodyWaits(_ save: () -> Int?) {
        while true {
            let covered = save()
            let (released, failed, more) = queue.withLock { queue in
                if let covered { queue.saved = max(queue.saved, covered) }
                let done = covered == nil ? queue.waiting : queue.waiting.filter { $0.mark <= queue.saved }
                queue.waiting.removeAll { covered == nil || $0.mark <= queue.saved }
                queue.leading = !queue.waiting.isEmpty
                return (done.map(\.continuation), covered == nil, queue.leading)
            }
            for continuation in released { continuation.resume(returning: !failed) }
            if !more { return }
        }
    }
}
