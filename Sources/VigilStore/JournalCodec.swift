// How a review journal row's body is stored. A busy batch screen's journal is large (a
// verdict line with its hits and spans is about 800 bytes: 90.7 MB of journal for the
// 95,152 review items of the bench corpus ×8), and SQLite writes every byte twice, into
// the write-ahead log and again at the checkpoint; the kernel's page-cache work for
// those bytes was the largest part of what the store cost. The bodies are JSON-heavy
// and repetitive, so they are compressed before they are written.
//
// Why LZ4 (Debian's liblz4, its block format): the compression runs on the store's
// writer thread beside screening on the same cores, so its speed matters more than the
// last megabyte. On that journal (1.3 MB blocks, the `lz4` and `zstd` tools, user CPU):
// LZ4 0.10 s for 5.2× smaller, zstd level 1 0.17 s for 6.9×, zlib level 1 (Python)
// 0.52 s for 6.1×. LZ4 also decompresses at over 1 GB/s, which the first reader of the
// queue pays (SQLiteStore+Journal).
//
// A row's bodies are stored plain (codec 0, what schema version 5 wrote) or as LZ4
// (codec 1): the original length as 4 bytes little-endian, then one LZ4 block (none for
// an empty body).
import CLZ4
import Foundation

enum JournalCodec {
    static let plain = 0
    static let lz4 = 1

    /// A row's bodies as stored, with the codec they share: LZ4, or plain when LZ4 cannot
    /// take one of them (beyond 2 GB, never a real batch).
    static func encode(_ bodies: [[UInt8]]) -> (codec: Int, bodies: [Data]) {
        let compressed = bodies.map(compress)
        if compressed.allSatisfy({ $0 != nil }) { return (lz4, compressed.map { $0! }) }
        return (plain, bodies.map { Data($0) })
    }

    /// `bytes` as an LZ4 body; nil when LZ4 cannot take them.
    static func compress(_ bytes: [UInt8]) -> Data? {
        guard bytes.count <= Int(LZ4_MAX_INPUT_SIZE) else { return nil }
        let bound = Int(LZ4_compressBound(Int32(bytes.count)))
        var body = Data(count: 4 + bound)
        let written = body.withUnsafeMutableBytes { out -> Int in
            let length = UInt32(bytes.count)
            for index in 0..<4 { out[index] = UInt8(truncatingIfNeeded: length >> UInt32(8 * index)) }
            guard !bytes.isEmpty else { return 0 }
            let block = out.baseAddress!.advanced(by: 4).assumingMemoryBound(to: CChar.self)
            return bytes.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) { source in
                    Int(LZ4_compress_default(source.baseAddress, block, Int32(bytes.count), Int32(bound)))
                }
            }
        }
        guard written > 0 || bytes.isEmpty else { return nil }
        body.count = 4 + written
        return body
    }

    /// The journal bytes of a stored body; throws on a codec this build does not know
    /// or a body that does not decode to its stated length.
    static func decode(_ body: Data, codec: Int) throws -> [UInt8] {
        switch codec {
        case plain: return [UInt8](body)
        case lz4: return try decodeLZ4(body)
        default: throw StoreOpenError("a review journal row has codec \(codec), which this vigil does not know")
        }
    }

    private static func decodeLZ4(_ body: Data) throws -> [UInt8] {
        guard body.count >= 4 else { throw corrupt }
        let length = body.prefix(4).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard length <= Int(LZ4_MAX_INPUT_SIZE) else { throw corrupt }
        var bytes = [UInt8](repeating: 0, count: length)
        let decoded = body.withUnsafeBytes { raw -> Int in
            let block = raw.baseAddress!.advanced(by: 4).assumingMemoryBound(to: CChar.self)
            return bytes.withUnsafeMutableBufferPointer { out in
                out.withMemoryRebound(to: CChar.self) { out in
                    Int(LZ4_decompress_safe(block, out.baseAddress, Int32(body.count - 4), Int32(length)))
                }
            }
        }
        guard decoded == length || (length == 0 && body.count == 4) else { throw corrupt }
        return bytes
    }

    private static let corrupt = StoreOpenError("a review journal row's compressed body is cut short or damaged")
}
