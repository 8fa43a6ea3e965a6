// Runs independent pieces of training work on every core and keeps their results in
// index order, so what is computed never depends on which piece finished first.
import Dispatch

/// `(0..<count).map(body)`, with the calls spread over the cores.
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = ResultSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in slots.set(index, body(index)) }
    return slots.values()
}

/// One slot per piece; each is written by exactly one piece, and read after all finished.
private final class ResultSlots<T>: @unchecked Sendable {
    private var storage: [T?]
    init(count: Int) { storage = [T?](repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) {
        storage.withUnsafeMutableBufferPointer { $0[index] = value }
    }
    func values() -> [T] { storage.map { $0! } }
}
