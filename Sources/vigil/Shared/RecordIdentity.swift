// The identity under which a record is stored once in the shared record log, so that a
// record resent to another instance after a crash (its client got no verdict) counts
// once. A record with an id of its own is known by its topic, event time and id. A
// record without one is known by its topic, event time and a digest of its author and
// text: two records alike in all four are taken for one (docs/shared.md). A record
// without `ts` has no identity: its event time is its arrival, which a resend changes.
// Computed only on a shared store, from the line as received; a second parse of the
// line, off the screening path of single-instance serving.
import VigilEngine

enum RecordIdentity {
    /// The key of a verdict whose record has an id of its own: topic, event time and id.
    static func key(_ line: ScreenedLine) -> String? {
        guard line.kind == .verdict, line.hasOwnID, let at = line.eventTime else { return nil }
        return "\(line.topic)\u{1F}\(at)\u{1F}\(line.idJSON)"
    }

    /// The key of a JSON record without an id and with `ts`: topic, event time and the
    /// digest of its author and text (`#` and 32 hex digits, never an id's JSON, which
    /// starts with a digit, `-` or `"`); nil for any other line.
    static func contentKey(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var parser = JSONLineParser()
        guard case .success(let record) = parser.parse(bytes), !record.isCommand, record.idJSON == nil,
              let at = record.eventTime else { return nil }
        var digest = ContentDigest()
        if let author = record.author { digest.field(Array(author.utf8)) } else { digest.absent() }
        digest.field(parser.text)
        return "\(record.topic ?? "*")\u{1F}\(at)\u{1F}#\(digest.hex)"
    }
}

/// FNV-1a with 128 bits over length-prefixed fields, so that no two different lists of
/// fields give the same bytes. Not a defence against someone crafting collisions: it
/// only has to tell apart records of one topic at one millisecond.
struct ContentDigest {
    // The FNV-1a 128-bit offset basis, in two halves (UInt128 needs macOS 15).
    private var high: UInt64 = 0x6c62_272e_07bb_0142
    private var low: UInt64 = 0x62b8_2175_6295_c58d

    mutating func field(_ bytes: [UInt8]) {
        mix(1)
        var length = UInt64(bytes.count)
        for _ in 0..<8 { mix(UInt8(truncatingIfNeeded: length)); length >>= 8 }
        for byte in bytes { mix(byte) }
    }

    mutating func absent() { mix(0) }

    /// hash = (hash ^ byte) * (2^88 + 0x13b), modulo 2^128.
    private mutating func mix(_ byte: UInt8) {
        low ^= UInt64(byte)
        let product = low.multipliedFullWidth(by: 0x13b)
        high = high &* 0x13b &+ product.high &+ (low << 24)
        low = product.low
    }

    var hex: String {
        func padded(_ word: UInt64) -> String {
            let digits = String(word, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return padded(high) + padded(low)
    }
}
