// A batch of consecutive input lines and, once screened, their output records: the
// unit that moves from the reader to a worker to the ordered writer of `vigil screen`.
import VigilEngine

/// Lines in one contiguous buffer, plus the screened results.
final class InputBatch: @unchecked Sendable {
    // Safety: a batch is owned by one thread at a time — filled by the reader, handed
    // through a locked queue to one worker, then through a locked table to the writer.
    let sequence: Int
    let firstLine: Int
    let engine: Engine
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

    init(sequence: Int, firstLine: Int, engine: Engine, capacity: Int) {
        self.sequence = sequence
        self.firstLine = firstLine
        self.engine = engine
        bytes.reserveCapacity(capacity)
    }

    var lineCount: Int { starts.count }

    /// Screens every line with `screener`.
    ///
    /// Works on local copies of the batch's arrays and stores them back at the end: this
    /// target keeps dynamic exclusivity checks, which would otherwise cost a runtime
    /// call per class-property access per line.
    func screen(with screener: RecordScreener, format: InputFormat) {
        let count = lineCount
        var output = JSONWriter(capacity: 0)
        swap(&output, &self.output)
        // Room for every record without growing (a verdict with hits is a few hundred
        // bytes plus its matched text); growing copies everything written so far.
        output.bytes.reserveCapacity(bytes.count + count * 256)
        var recordEnds = [Int](), screened = [ScreenedLine]()
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
        bytes = []   // the input is no longer needed; free it before the batch waits to be written
    }
}
