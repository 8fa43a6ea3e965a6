// `screen --input-encoding`: a thread decodes stdin into UTF-8 and feeds it to the
// reader through a pipe, so the reader, the workers and their line numbers work exactly
// as on UTF-8 input, and the decoding (iconv, see InputEncoding.swift) runs beside them.
import Foundation
import VigilEngine
import Glibc

enum DecodedInput {
    /// Starts decoding `descriptor` from `encoding`; returns the descriptor to read UTF-8 from.
    static func start(from descriptor: Int32, encoding: InputEncoding) throws -> Int32 {
        guard let transcoder = Transcoder(encoding) else {
            throw fail(ExitStatus.usage, "this system's iconv cannot decode \(encoding.rawValue)")
        }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw fail(ExitStatus.ioError, "cannot make a pipe: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        let thread = Thread {
            pump(from: descriptor, to: writeEnd, transcoder)
            close(writeEnd)
        }
        thread.start()
        return readEnd
    }

    /// Reads to the end of `source`, writing the decoded bytes to `sink`; stops early when
    /// the sink is closed.
    private static func pump(from source: Int32, to sink: Int32, _ transcoder: Transcoder) {
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var decoded: [UInt8] = []
        while true {
            let count = block.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            decoded.removeAll(keepingCapacity: true)
            block.withUnsafeBytes { transcoder.convert(UnsafeRawBufferPointer(rebasing: $0[0..<max(count, 0)]), final: count <= 0, into: &decoded) }
            guard writeAll(decoded, to: sink), count > 0 else { return }
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 { if errno == EINTR { continue }; return false }
                offset += written
            }
            return true
        }
    }
}
