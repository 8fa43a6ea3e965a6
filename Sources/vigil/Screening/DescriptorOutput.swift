// Buffered writing to a file descriptor for the screen's records and events. Named so
// that it hides nothing of Foundation (which has an `OutputStream` of its own).
import Glibc

/// Buffered writes to a file descriptor, retrying short writes.
final class DescriptorOutput {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        // A large block (a batch's records) goes straight to the descriptor, uncopied.
        if bytes.count >= Self.directWriteBytes {
            try flush()
            try writeAll(UnsafeRawBufferPointer(bytes))
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Blocks at least this long skip the buffer.
    static let directWriteBytes = 64 << 10

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try write($0) }
    }

    func flush() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        try buffer.withUnsafeBytes { try writeAll($0) }
    }

    /// Writes all of `bytes`, resuming after partial writes and interrupted calls.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputError(message: String(cString: strerror(errno)), code: errno, descriptor: descriptor)
            }
            offset += written
        }
    }
}

struct OutputError: Error, CustomStringConvertible {
    var message: String
    var code: Int32 = 0
    var descriptor: Int32 = -1
    var description: String { message }
}
