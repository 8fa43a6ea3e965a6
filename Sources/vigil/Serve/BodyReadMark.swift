// Whether anything began reading a request's body. A refused request's unread body is
// drained before its connection closes (ServeHTTPServer); Hummingbird's request body
// can be iterated only once (a second iteration traps), so the drain must know whether
// a reader already started. Readers mark it through a task-local set around `respond`.
import Synchronization

final class BodyReadMark: Sendable {
    @TaskLocal static var current: BodyReadMark?
    private let started = Atomic<Bool>(false)

    /// Called by every reader of the request body before it iterates it.
    static func beginReading() { current?.started.store(true, ordering: .relaxed) }

    var bodyWasRead: Bool { started.load(ordering: .relaxed) }
}
