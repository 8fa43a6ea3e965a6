// The escalation stage needs each screened line's hit count per
// signal. Most lines have no signal or one, and an array per line cost the workers an
// allocation for every post with a hit; the first signal is kept inline.

/// Hit counts per escalation signal of one screened line, in first-hit order.
public struct ScreenedSignals: Sendable, Sequence {
    public typealias Element = (name: String, count: Int)
    var first: Element?
    /// Signals after the first, rarely any.
    var rest: [Element] = []

    public init() {}

    public var isEmpty: Bool { first == nil }

    /// Counts one hit of `signal`.
    mutating func count(_ signal: String) {
        guard let current = first else {
            first = (signal, 1)
            return
        }
        if current.name == signal {
            first = (current.name, current.count + 1)
        } else if let index = rest.firstIndex(where: { $0.name == signal }) {
            rest[index].count += 1
        } else {
            rest.append((signal, 1))
        }
    }

    public func makeIterator() -> Iterator { Iterator(signals: self) }

    public struct Iterator: IteratorProtocol {
        let signals: ScreenedSignals
        /// -1: the inline first signal; then positions in `rest`.
        var position = -1

        public mutating func next() -> Element? {
            defer { position += 1 }
            if position < 0 { return signals.first }
            return position < signals.rest.count ? signals.rest[position] : nil
        }
    }
}
