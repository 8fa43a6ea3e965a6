// A batch of consecutive input lines and, once screened, their output records: the
// unit that moves from the reader to a worker to the ordered writer of `vigil screen`.
// Once written, a batch goes back to the reader and is filled again: its buffers keep
// their capacity, so a long screen touches the same few megabytes over and over instead
// of faulting in fresh pages for every batch.
import VigilEngine

/// Lines in one contiguous buffer, plus the screened results.
final class InputBatch: @unchecked Sendable {
    // Safety: a batch is owned by one thread at a time — filled by the reader, handed
    // through a locked queue to one worker, then through a locked table to the writer,
    // and back through the exchange's locked spare list to the reader.
    private(set) var sequence: Int
    private(set) var firstLine: Int
    private(set) var engine: Engine
    var bytes: [UInt8] = []
    /// Line i is bytes[starts[i] ..< ends[i]] (newline excluded).
    var starts: [Int] = []
    var ends: [Int] = []
    /// For lines cut because they were too long: their full length; nil otherwise.
    var oversized: [Int?] = []
    /// Output: every record's bytes, and where each line's record ends.
    var output = JSONWriter(capacity: 0)
    var recordEnds: [Int] = []
    var screened: [ScreenedLine] = []

    init(sequence: Int, firstLine: Int, engine: Engine) {
        self.sequence = sequence
        self.firstLine = firstLine
        self.engine = engine
    }

    var lineCount: Int { starts.count }

    /// Makes a written batch ready to be filled again as batch `sequence` (of the input
    /// line `firstLine` on): every list is emptied, keeping its capacity.
    func recycle(sequence: Int, firstLine: Int, engine: Engine) {
        self.sequence = sequence
        self.firstLine = firstLine
        self.engine = engine
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        oversized.removeAll(keepingCapacity: true)
        output.bytes.removeAll(keepingCapacity: true)
        recordEnds.removeAll(keepingCapacity: true)
        screened.removeAll(keepingCapacity: true)
    }

    /// Screens every line with `screener`.
    ///
    /// Works on local copies of the batch's arrays and stores them back at the end: this
    /// target keeps dynamic exclusivity checks, which would otherwise cost a runtime
    /// call per class-property access per line.
    func screen(with screener: RecordScreener, format: InputFormat) {
        let count = lineCount
        // The batch's own lists (empty, with the capacity of earlier use) are taken out
        // and put back at the end.
        var output = JSONWriter(capacity: 0), recordEnds = [Int](), screened = [ScreenedLine]()
        swap(&output, &self.output)
        swap(&recordEnds, &self.recordEnds)
        swap(&screened, &self.screened)
        // Room for every record without growing (a verdict with hits is a few hundred
        // bytes plus its matched text); growing copies everything written so far.
        output.bytes.reserveCapacity(bytes.count + count * 256)
        recordEnds.reserveCapacity(count)
        screened.reserveCapacity(count)
        let starts = self.starts, ends = self.ends, oversized = self.oversized
        let engine = self.engine, firstLine = self.firstLine
        bytes.withUnsafeBufferPointer { all in
            for index in 0..<count {
                let line = UnsafeBufferPointer(rebasing: all[starts[index]..<ends[index]])
                let result = screener.screen(line, lineNumber: firstLine + index, oversizedBytes: oversized[index],
                                             format: format, engine: engine, into: &output)
                recordEnds.append(output.bytes.count)
                screened.append(result)
            }
        }
        self.output = output
        self.recordEnds = recordEnds
        self.screened = screened
    }
}
