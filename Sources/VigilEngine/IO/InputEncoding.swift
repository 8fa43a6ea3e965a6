// Legacy encodings of input (`--input-encoding` of screen and check, `charset=` of a
// `vigil serve` request): Chinese posts still arrive in GB18030, GBK or Big5, and some
// exports are UTF-16. They are decoded to UTF-8 with glibc's iconv before anything is
// parsed (their second bytes can look like `\` or `"`), so spans are code points of the
// decoded text. A byte sequence that is not valid in the encoding becomes the byte 0xFF,
// which is never valid UTF-8: the parser then replaces it with U+FFFD and the post is
// held for review, as any post that cannot be read as written.
import Glibc

/// An encoding input may be given in.
public enum InputEncoding: String, CaseIterable, Sendable {
    case utf8 = "utf-8", gb18030, gbk, big5, utf16 = "utf-16", utf16le = "utf-16le", utf16be = "utf-16be"

    /// The name iconv knows it by.
    public var iconvName: String {
        switch self {
        case .utf8: "UTF-8"
        case .gb18030: "GB18030"
        case .gbk: "GBK"
        case .big5: "BIG5"
        case .utf16: "UTF-16"
        case .utf16le: "UTF-16LE"
        case .utf16be: "UTF-16BE"
        }
    }

    /// The encoding a `charset` parameter names (case-insensitive; `gb2312` is read as
    /// GBK, its superset), nil when Vigil does not decode it.
    public init?(charset: String) {
        let name = charset.lowercased()
        switch name {
        case "utf-8", "utf8": self = .utf8
        case "gb2312", "gbk", "cp936": self = .gbk
        case "big5", "big5-hkscs": self = .big5
        default:
            guard let known = InputEncoding(rawValue: name) else { return nil }
            self = known
        }
    }

    /// Bytes skipped past one invalid sequence.
    var unitBytes: Int { self == .utf16 || self == .utf16le || self == .utf16be ? 2 : 1 }
}

/// Decodes a stream in one encoding into UTF-8, part by part (a character split between
/// two parts is completed by the next one). Used by one thread at a time (a screen's
/// decoding thread, one /v1/screen request), hence unchecked.
public final class Transcoder: @unchecked Sendable {
    public let encoding: InputEncoding
    private let handle: iconv_t
    private var carry: [UInt8] = []

    /// Nil for UTF-8 (nothing to do) and when iconv does not know the encoding.
    public init?(_ encoding: InputEncoding) {
        guard encoding != .utf8 else { return nil }
        let handle = iconv_open("UTF-8", encoding.iconvName)
        guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
        self.encoding = encoding
        self.handle = handle
    }

    deinit { iconv_close(handle) }

    /// Appends the UTF-8 of `input` to `output`; with `final`, an incomplete character
    /// at the end becomes 0xFF (invalid) instead of waiting for the next part.
    public func convert(_ input: UnsafeRawBufferPointer, final: Bool, into output: inout [UInt8]) {
        var pending = carry
        carry.removeAll()
        pending.append(contentsOf: input)
        guard !pending.isEmpty else { return }
        var chunk = [UInt8](repeating: 0, count: max(64, pending.count * 3 + 16))
        pending.withUnsafeMutableBufferPointer { source in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(source.baseAddress!).assumingMemoryBound(to: CChar.self)
            var inLeft = source.count
            while inLeft > 0 {
                let (result, written) = chunk.withUnsafeMutableBytes { out -> (Int32, Int) in
                    var outPointer: UnsafeMutablePointer<CChar>? = out.baseAddress!.assumingMemoryBound(to: CChar.self)
                    var outLeft = out.count
                    let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (result == -1 ? errno : 0, out.count - outLeft)
                }
                output.append(contentsOf: chunk[0..<written])
                switch result {
                case 0, E2BIG:
                    continue
                case EINVAL where !final:
                    // An incomplete character at the end: completed by the next part.
                    carry = Array(UnsafeRawBufferPointer(start: inPointer, count: inLeft))
                    return
                default:
                    // EILSEQ, or an incomplete character at the very end.
                    output.append(0xFF)
                    let skip = min(inLeft, encoding.unitBytes)
                    inPointer = inPointer! + skip
                    inLeft -= skip
                }
            }
        }
    }

    /// All of `bytes` decoded.
    public static func decode(_ bytes: UnsafeRawBufferPointer, from encoding: InputEncoding) -> [UInt8]? {
        guard let transcoder = Transcoder(encoding) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 2 + 16)
        transcoder.convert(bytes, final: true, into: &output)
        return output
    }
}

extension InputEncoding {
    /// The encoding named by the `charset` parameter of a Content-Type value: `.utf8`
    /// without one, nil for a charset Vigil cannot decode (`unknown` then names it).
    public static func of(contentType value: String, unknown: inout String?) -> InputEncoding? {
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, trimmed(pair[0]).lowercased() == "charset" else { continue }
            var name = trimmed(pair[1])
            if name.count >= 2 && name.hasPrefix("\"") && name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            guard let encoding = InputEncoding(charset: name) else { unknown = name; return nil }
            return encoding
        }
        return .utf8
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
