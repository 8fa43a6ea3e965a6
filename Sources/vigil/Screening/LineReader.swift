// Reads stdin in large blocks and cuts it into batches of whole lines, so workers get
// plenty of work per hand-off and memory stays bounded: a line longer than the limit
// is not stored — the rest of it is skipped and the next line is read normally
// (LineCut decides where lines end, as for `vigil serve`'s bodies).
import Glibc
import VigilEngine

struct LineReader {
    let descriptor: Int32
    let maximumLineBytes: Int
    /// A batch is handed on at this many input bytes or lines, whichever comes first.
    var batchBytes = 1 << 20
    var batchLines = 4096

    /// A written batch to fill next instead of allocating a new one (see
    /// `BatchExchange.takeSpare`); `nextBatch` uses it up when it returns a batch.
    var spare: InputBatch?

    private var block: [UInt8]
    private var blockStart = 0
    private var blockEnd = 0
    private var endOfInput = false
    private var nextLine = 1
    private var sequence = 0
    /// Bytes read in total.
    private(set) var bytesRead = 0
    /// An I/O error that ended the input early.
    private(set) var failure: String?

    /// `firstLine` numbers the first line read (a resumed screen continues its count).
    init(descriptor: Int32 = 0, maximumLineBytes: Int, firstLine: Int = 1) {
        self.descriptor = descriptor
        self.maximumLineBytes = maximumLineBytes
        nextLine = firstLine
        block = [UInt8](repeating: 0, count: 4 << 20)
    }

    /// What `nextBatch` found.
    enum Outcome {
        case batch(InputBatch)
        /// A signal interrupted a read while no line was pending: check for a reload.
        case interrupted
        case endOfInput
    }

    /// The next batch. A batch is handed on as soon as the input has no more data ready
    /// and at least one whole line is in it, so a slow stream is screened line by line
    /// and a fast one in large batches.
    mutating func nextBatch(engine: Engine) -> Outcome {
        // Filled in locals and handed to the batch at the end: this target keeps dynamic
        // exclusivity checks, which cost a runtime call per class-property access. The
        // locals start as the batch's emptied lists: a spare batch's keep their capacity.
        let batch = spare ?? InputBatch(sequence: sequence, firstLine: nextLine, engine: engine)
        spare = nil
        batch.recycle(sequence: sequence, firstLine: nextLine, engine: engine)
        var lines = Lines()
        lines.swapLists(with: batch)
        lines.bytes.reserveCapacity(batchBytes + 4096)
        lines.starts.reserveCapacity(batchLines)
        lines.ends.reserveCapacity(batchLines)
        lines.oversized.reserveCapacity(batchLines)
        var lineStart = 0            // start of the current line in lines.bytes
        var cut = LineCut(maximumLineBytes: maximumLineBytes)
        var inLine = false
        while lines.starts.count < batchLines && (lines.bytes.count < batchBytes || inLine) {
            if blockStart == blockEnd {
                if !lines.starts.isEmpty && !inLine { break }         // hand on what is ready
                switch refill() {
                case .data: break
                case .end: break
                case .interrupted:
                    if lines.starts.isEmpty && !inLine {
                        keepForNextCall(batch, &lines)
                        return .interrupted
                    }
                    continue
                }
                if blockStart == blockEnd { break }                  // end of input
            }
            // Copy up to the next newline.
            let found = block.withUnsafeBufferPointer { LineCut.nextLineFeed($0.baseAddress!, from: blockStart, to: blockEnd) }
            let chunkEnd = found ?? blockEnd
            if !inLine { inLine = true; lineStart = lines.bytes.count }
            switch cut.take(chunkEnd - blockStart) {
            case .keep:
                block.withUnsafeBufferPointer { lines.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[blockStart..<chunkEnd])) }
            case .dropStored:
                lines.bytes.removeSubrange(lineStart...)       // over the limit: keep nothing of it
            case .skip:
                break
            }
            blockStart = chunkEnd
            if found != nil {
                blockStart += 1
                finishLine(&lines, lineStart: lineStart, cut: &cut)
                inLine = false
            }
        }
        if inLine {   // the input ended without a final newline
            finishLine(&lines, lineStart: lineStart, cut: &cut)
        }
        guard !lines.starts.isEmpty else {
            keepForNextCall(batch, &lines)
            return .endOfInput
        }
        lines.swapLists(with: batch)
        sequence += 1
        return .batch(batch)
    }

    /// A call that returns no batch keeps the one it filled (empty) as the spare.
    private mutating func keepForNextCall(_ batch: InputBatch, _ lines: inout Lines) {
        lines.swapLists(with: batch)
        spare = batch
    }

    /// The lines of a batch being cut (see `InputBatch`).
    private struct Lines {
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var ends: [Int] = []
        var oversized: [Int?] = []

        /// Trades lists with `batch`: takes its (emptied) lists at the start, hands
        /// the filled ones back at the end.
        mutating func swapLists(with batch: InputBatch) {
            swap(&bytes, &batch.bytes)
            swap(&starts, &batch.starts)
            swap(&ends, &batch.ends)
            swap(&oversized, &batch.oversized)
        }
    }

    private mutating func finishLine(_ lines: inout Lines, lineStart: Int, cut: inout LineCut) {
        let oversized = cut.end()
        var end = lineStart
        if oversized == nil && lines.bytes.count > lineStart {
            let stored = lines.bytes.count - lineStart
            end += lines.bytes.withUnsafeBufferPointer { LineCut.contentLength(stored, endingAt: $0.baseAddress! + $0.count) }
        }
        lines.starts.append(lineStart)
        lines.ends.append(end)
        lines.oversized.append(oversized)
        nextLine += 1
    }

    enum Refill { case data, end, interrupted }

    /// Reads the next block.
    private mutating func refill() -> Refill {
        if endOfInput { return .end }
        let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { return .interrupted }
        if count <= 0 {
            if count < 0 { failure = "cannot read standard input: \(String(cString: strerror(errno)))" }
            endOfInput = true
            return .end
        }
        blockStart = 0
        blockEnd = count
        if bytesRead == 0 && count >= 3 && block[0] == 0xEF && block[1] == 0xBB && block[2] == 0xBF {
            blockStart = 3   // a UTF-8 byte-order mark before the first line is not part of it
        }
        bytesRead += count
        return .data
    }
}
