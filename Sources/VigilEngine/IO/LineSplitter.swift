// Cuts a /v1/screen body into lines as its parts arrive: a line may span parts, CRLF
// counts as a line end, and a line longer than the limit is skipped unread up to its
// end and reported by its length (it becomes an error record, as in `vigil screen`).
// Where a line ends is decided by LineCut, as for `vigil screen`'s stdin.

/// One line of a streamed body.
public enum SplitLine {
    /// The line's bytes (without its line end), valid until the next call that takes bytes.
    case line(UnsafeBufferPointer<UInt8>)
    /// A line of this many bytes, over the limit.
    case oversized(Int)
}

/// Splits a body into lines across its parts.
public struct LineSplitter {
    public var maximumLineBytes: Int { cut.maximumLineBytes }
    private var cut: LineCut
    /// What is stored of the unfinished line carried over from the previous parts.
    private var pending: [UInt8] = []

    public init(maximumLineBytes: Int) { cut = LineCut(maximumLineBytes: maximumLineBytes) }

    /// Calls `each` for every line that `part` completes, in order.
    public mutating func feed(_ part: UnsafeRawBufferPointer, _ each: (SplitLine) -> Void) {
        let bytes = part.bindMemory(to: UInt8.self)
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count {
            let lineFeed = LineCut.nextLineFeed(base, from: start, to: bytes.count)
            let piece = UnsafeBufferPointer(rebasing: bytes[start..<(lineFeed ?? bytes.count)])
            start = (lineFeed ?? bytes.count) + 1
            if lineFeed != nil && cut.length == 0 && piece.count <= cut.maximumLineBytes {
                emit(piece, each)   // a whole line within this part: no copy
                continue
            }
            switch cut.take(piece.count) {
            case .keep: pending.append(contentsOf: piece)
            case .dropStored: pending.removeAll(keepingCapacity: true)
            case .skip: break
            }
            if lineFeed != nil { endLine(each) }
        }
    }

    /// The end of the body: a last line without a line end.
    public mutating func finish(_ each: (SplitLine) -> Void) {
        if cut.length > 0 { endLine(each) }
    }

    private mutating func endLine(_ each: (SplitLine) -> Void) {
        if let length = cut.end() {
            each(.oversized(length))
        } else {
            pending.withUnsafeBufferPointer { emit($0, each) }
            pending.removeAll(keepingCapacity: true)
        }
    }

    private func emit(_ line: UnsafeBufferPointer<UInt8>, _ each: (SplitLine) -> Void) {
        guard let base = line.baseAddress else { return each(.line(line)) }
        each(.line(UnsafeBufferPointer(start: base, count: LineCut.contentLength(line.count, endingAt: base + line.count))))
    }
}
