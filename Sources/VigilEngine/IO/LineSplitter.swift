// Cuts a /v1/screen body into lines as its parts arrive: a line may span parts, CRLF
// counts as a line end, and a line longer than the limit is skipped unread up to its
// end and reported by its length (it becomes an error record, as in `vigil screen`).

/// One line of a streamed body.
public enum SplitLine {
    /// The line's bytes (without its line end), valid until the next call that takes bytes.
    case line(UnsafeBufferPointer<UInt8>)
    /// A line of this many bytes, over the limit.
    case oversized(Int)
}

/// Splits a body into lines across its parts.
public struct LineSplitter {
    public let maximumLineBytes: Int
    /// The unfinished line carried over from the previous part.
    private var pending: [UInt8] = []
    /// Bytes of the current over-long line seen so far, or nil when not skipping.
    private var skipping: Int?

    public init(maximumLineBytes: Int) { self.maximumLineBytes = maximumLineBytes }

    /// Calls `each` for every line that `part` completes, in order.
    public mutating func feed(_ part: UnsafeRawBufferPointer, _ each: (SplitLine) -> Void) {
        let bytes = part.bindMemory(to: UInt8.self)
        var start = 0
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                carry(UnsafeBufferPointer(rebasing: bytes[start...]))
                return
            }
            let piece = UnsafeBufferPointer(rebasing: bytes[start..<newline])
            start = newline + 1
            if let skipped = skipping {
                skipping = nil
                each(.oversized(skipped + piece.count))
            } else if pending.isEmpty {
                if piece.count > maximumLineBytes { each(.oversized(piece.count)) } else { emit(piece, each) }
            } else {
                carry(piece)
                if let skipped = skipping {
                    skipping = nil
                    each(.oversized(skipped))
                } else {
                    pending.withUnsafeBufferPointer { emit($0, each) }
                    pending.removeAll(keepingCapacity: true)
                }
            }
        }
    }

    /// The end of the body: a last line without a line end.
    public mutating func finish(_ each: (SplitLine) -> Void) {
        if let skipped = skipping {
            skipping = nil
            each(.oversized(skipped))
        } else if !pending.isEmpty {
            pending.withUnsafeBufferPointer { emit($0, each) }
            pending.removeAll(keepingCapacity: true)
        }
    }

    private mutating func carry(_ piece: UnsafeBufferPointer<UInt8>) {
        if let skipped = skipping {
            skipping = skipped + piece.count
        } else if pending.count + piece.count > maximumLineBytes {
            skipping = pending.count + piece.count
            pending.removeAll(keepingCapacity: true)
        } else {
            pending.append(contentsOf: piece)
        }
    }

    private func emit(_ line: UnsafeBufferPointer<UInt8>, _ each: (SplitLine) -> Void) {
        if let last = line.last, last == 0x0D {
            each(.line(UnsafeBufferPointer(rebasing: line.dropLast())))
        } else {
            each(.line(line))
        }
    }
}
