// Where a line ends when the input arrives in blocks that may end inside a line: the
// one rule for the length limit (a line over it is skipped, not stored, and reported
// by its length) and for CRLF (the CR before the LF is not part of the line).
// `vigil screen` cuts stdin with it (LineReader) and `vigil serve` a request body
// (LineSplitter); each keeps the bytes itself.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The state of the line being cut.
public struct LineCut {
    public let maximumLineBytes: Int
    /// Bytes of the current line seen so far, also past the limit.
    public private(set) var length = 0

    public init(maximumLineBytes: Int) { self.maximumLineBytes = maximumLineBytes }

    /// What to do with the next piece of the current line.
    public enum Piece {
        /// Store it: the line is still within the limit.
        case keep
        /// The line has just gone over the limit: drop what was stored of it.
        case dropStored
        /// The line was already over the limit: nothing to store.
        case skip
    }

    /// Takes `count` more bytes of the current line.
    @inline(__always)
    public mutating func take(_ count: Int) -> Piece {
        defer { length &+= count }
        if length &+ count <= maximumLineBytes { return .keep }
        return length <= maximumLineBytes ? .dropStored : .skip
    }

    /// Ends the current line: nil when it is within the limit, else its length in bytes.
    @inline(__always)
    public mutating func end() -> Int? {
        defer { length = 0 }
        return length > maximumLineBytes ? length : nil
    }

    /// The offset of the first line feed in `base[from..<to]`, or nil.
    @inline(__always)
    public static func nextLineFeed(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let hit = memchr(base + from, 0x0A, to - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// How many bytes of a stored line of `count` bytes ending at `end` belong to it:
    /// a final CR (of a CRLF) does not.
    @inline(__always)
    public static func contentLength(_ count: Int, endingAt end: UnsafePointer<UInt8>) -> Int {
        count > 0 && end[-1] == 0x0D ? count - 1 : count
    }
}
