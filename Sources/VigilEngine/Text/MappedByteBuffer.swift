// A growable byte buffer paired with an offset map, owned by one thread and reused for
// every post: appending is a store and an increment, with no per-post allocation once
// the buffer has grown to the largest post seen.

/// Bytes plus, for each byte, the byte offset in the original text it came from.
public final class MappedByteBuffer {
    @usableFromInline var bytesStorage: UnsafeMutablePointer<UInt8>
    @usableFromInline var originStorage: UnsafeMutablePointer<Int32>
    @usableFromInline var capacity: Int
    /// Number of bytes written.
    public internal(set) var count: Int {
        get { storedCount }
        set { storedCount = newValue }
    }
    @usableFromInline var storedCount = 0

    public init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        bytesStorage = .allocate(capacity: self.capacity)
        originStorage = .allocate(capacity: self.capacity)
    }

    deinit {
        bytesStorage.deallocate()
        originStorage.deallocate()
    }

    /// The bytes written so far; valid until the next mutation.
    public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: bytesStorage, count: count) }
    /// For each byte, the original byte offset of the scalar that produced it.
    public var origins: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: originStorage, count: count) }

    /// Empties the buffer and makes room for at least `minimumCapacity` bytes.
    public func reset(minimumCapacity: Int) {
        count = 0
        if minimumCapacity > capacity {
            bytesStorage.deallocate()
            originStorage.deallocate()
            capacity = max(minimumCapacity, capacity * 2)
            bytesStorage = .allocate(capacity: capacity)
            originStorage = .allocate(capacity: capacity)
        }
    }

    /// Makes room for at least `minimumCapacity` bytes, keeping what was written.
    func grow(minimumCapacity: Int) {
        guard minimumCapacity > capacity else { return }
        let newCapacity = max(minimumCapacity, capacity * 2)
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        let origins = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        bytes.moveInitialize(from: bytesStorage, count: count)
        origins.moveInitialize(from: originStorage, count: count)
        bytesStorage.deallocate()
        originStorage.deallocate()
        bytesStorage = bytes
        originStorage = origins
        capacity = newCapacity
    }

    /// Appends one byte; the caller has reserved room with `reset(minimumCapacity:)`.
    @inlinable @inline(__always)
    func append(_ byte: UInt8, origin: Int32) {
        bytesStorage[storedCount] = byte
        originStorage[storedCount] = origin
        storedCount += 1
    }

    /// Appends the UTF-8 encoding of `scalar`, every byte mapped to `origin`.
    @inlinable @inline(__always)
    func appendScalar(_ scalar: UInt32, origin: Int32) {
        storedCount &+= writeScalar(scalar, origin, bytesStorage + storedCount, originStorage + storedCount)
    }
}
