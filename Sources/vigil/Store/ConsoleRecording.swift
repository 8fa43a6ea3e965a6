// What the endpoints of `vigil serve` hand the console's store: the review items and
// evidence examples of /v1/check and /v1/screen, with the transitions and closed
// buckets the machines produced meanwhile (ServeEscalation.takeStoreBatch).
import Hummingbird
import VigilEngine
import VigilStore

enum ConsoleRecording {
    /// The batch of one /v1/check: its post (review item and/or example) and what the
    /// machines produced.
    static func check(_ line: ScreenedLine, _ fed: EscalationOutput, body: ByteBuffer, verdict: ByteBuffer,
                      escalation: ServeEscalation) -> StoreBatch {
        var batch = escalation.takeStoreBatch()
        guard line.decision == .review || fed.isExample else { return batch }
        let input = body.getBytes(at: body.readerIndex, length: body.readableBytes) ?? []
        let output = verdict.getBytes(at: verdict.readerIndex, length: verdict.readableBytes) ?? []
        batch.append(posts(line, example: fed.isExample, input: input, output: output[...], source: .check, defaultKind: "post",
                           secondReview: escalation.secondReviewKinds))
        return batch
    }

    /// The review item and/or example post of one screened line.
    static func posts(_ line: ScreenedLine, example: Bool, input: [UInt8], output: ArraySlice<UInt8>, source: ReviewSource,
                      defaultKind: String, secondReview: Set<String>) -> StoreBatch {
        let feed = StoreFeed(notify: [], secondReviewKinds: secondReview)
        withUnsafePointer(to: line) { pointer in
            input.withUnsafeBufferPointer { input in
                feed.note(pointer, example: example, input: input, format: .jsonl, output: output, source: source,
                          defaultKind: defaultKind)
            }
        }
        return feed.takePending()
    }
}

extension ScreenStream {
    /// Notes the review items and examples of a screened part, and what the machines
    /// produced, for `takeStoreBatch`.
    mutating func noteForStore(_ lines: [ScreenedLine], inputs: [Int: [UInt8]], ends: [Int], records: ByteBuffer,
                               escalation: [EscalationOutput]) {
        storeBatch.append(state.escalation.takeStoreBatch())
        let kinds = state.escalation.secondReviewKinds
        for (index, input) in inputs.sorted(by: { $0.key < $1.key }) {
            let line = lines[index]
            guard line.decision == .review || escalation[index].isExample else { continue }
            let start = index == 0 ? 0 : ends[index - 1]
            let output = records.getBytes(at: start, length: ends[index] - start) ?? []
            var text = input
            if format == .text {
                text = Array(StoreFeed.recordJSON(input.withUnsafeBufferPointer { $0 }, format: .text).utf8)
            }
            storeBatch.append(ConsoleRecording.posts(line, example: escalation[index].isExample, input: text, output: output[...],
                                                     source: .serveScreen, defaultKind: "comment", secondReview: kinds))
        }
    }

    /// What the store gets from the parts screened since the last call.
    mutating func takeStoreBatch() -> StoreBatch {
        defer { storeBatch = StoreBatch() }
        return storeBatch
    }
}
