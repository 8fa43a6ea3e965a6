// A body that arrives in parts (a `vigil serve` /v1/screen request) as lines of UTF-8:
// decoded from its charset, a byte-order mark at its very start skipped (even when the
// first parts are shorter than the mark), and split into lines across parts. The lines
// are the same however the body was cut.

public struct BodyLineStream {
    private let transcoder: Transcoder?
    private var splitter: LineSplitter
    private var decoded: [UInt8] = []
    /// The first bytes, held until it is known whether they begin with a byte-order mark.
    private var head: [UInt8] = []
    private var pastHead = false

    public init(encoding: InputEncoding, maximumLineBytes: Int) {
        transcoder = Transcoder(encoding)
        splitter = LineSplitter(maximumLineBytes: maximumLineBytes)
    }

    /// Calls `each` for every line `part` completes; with `last`, also for the final line.
    public mutating func feed(_ part: UnsafeRawBufferPointer, last: Bool, _ each: (SplitLine) -> Void) {
        if let transcoder {
            decoded.removeAll(keepingCapacity: true)
            transcoder.convert(part, final: last, into: &decoded)
            var bytes: [UInt8] = []
            swap(&bytes, &decoded)
            defer { swap(&bytes, &decoded) }
            bytes.withUnsafeBytes { feedUTF8($0, last: last, each) }
        } else {
            feedUTF8(part, last: last, each)
        }
    }

    private mutating func feedUTF8(_ part: UnsafeRawBufferPointer, last: Bool, _ each: (SplitLine) -> Void) {
        if pastHead {
            splitter.feed(part, each)
        } else {
            head.append(contentsOf: part)
            guard head.count >= 3 || last else { return }
            pastHead = true
            let skip = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            head.withUnsafeBytes { splitter.feed(UnsafeRawBufferPointer(rebasing: $0[skip...]), each) }
            head = []
        }
        if last { splitter.finish(each) }
    }
}
