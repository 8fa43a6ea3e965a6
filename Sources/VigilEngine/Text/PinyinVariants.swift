// Pinyin variants of Chinese keywords (`variants: [pinyin, initials]`): people write 傻逼
// as `shabi`, `sha bi` or `sb` to get past a filter. The readings are Unihan kMandarin,
// toneless (Tables/PinyinData.swift, generated); a character with two readings gives
// both, up to `maximumVariants` combinations per keyword. Variants are Latin keywords and
// so whole-word: `sb` never hits inside `sbin` or `usb`.

/// Toneless Mandarin readings of CJK ideographs U+3400–U+9FFF, parsed on first use.
struct PinyinTable: Sendable {
    static let first: UInt32 = 0x3400, last: UInt32 = 0x9FFF
    let syllables: [String]
    /// 1 + index of the first reading of each scalar of the range (0: none).
    let primary: [UInt16]
    /// Further readings (1 + index) by scalar.
    let secondary: [UInt32: [UInt16]]

    static let shared = PinyinTable()

    init() {
        var syllables: [String] = []
        var primary: [UInt16] = []
        var secondary: [UInt32: [UInt16]] = [:]
        PinyinData.data.withUTF8Buffer { text in
            var section = 0
            var word: [UInt8] = []
            var pendingDigit: UInt16?
            var number: UInt32 = 0, key: UInt32 = 0
            func flushWord() {
                if !word.isEmpty { syllables.append(String(decoding: word, as: UTF8.self)); word.removeAll() }
            }
            for byte in text {
                if byte == UInt8(ascii: "#") { flushWord(); section += 1; continue }
                switch section {
                case 0:
                    if byte == 0x20 || byte == 0x0A { flushWord() } else { word.append(byte) }
                case 1:
                    guard let digit = PinyinTable.digit(byte) else { continue }
                    if let high = pendingDigit {
                        primary.append(high * 64 + digit)
                        pendingDigit = nil
                    } else {
                        pendingDigit = digit
                    }
                default:
                    if let digit = hexDigit(byte) {
                        number = number << 4 | digit
                    } else if byte == UInt8(ascii: ":") {
                        key = number; number = 0
                    } else if number != 0 {
                        secondary[key, default: []].append(UInt16(number))
                        number = 0
                    }
                }
            }
            if number != 0 { secondary[key, default: []].append(UInt16(number)) }
        }
        self.syllables = syllables
        self.primary = primary
        self.secondary = secondary
    }

    static func digit(_ byte: UInt8) -> UInt16? {
        switch byte {
        case 0x30...0x39: return UInt16(byte - 0x30)
        case 0x41...0x5A: return UInt16(byte - 0x41 + 10)
        case 0x61...0x7A: return UInt16(byte - 0x61 + 36)
        case UInt8(ascii: "-"): return 62
        case UInt8(ascii: "_"): return 63
        default: return nil
        }
    }

    /// The readings of one scalar (empty when it has none or lies outside the range).
    func readings(_ scalar: UInt32) -> [String] {
        guard scalar >= Self.first, scalar <= Self.last else { return [] }
        let index = primary[Int(scalar - Self.first)]
        guard index > 0 else { return [] }
        return ([index] + (secondary[scalar] ?? [])).map { syllables[Int($0) - 1] }
    }
}

enum PinyinVariants {
    static let maximumVariants = 16

    /// Latin variants of a normalized keyword pattern (keyword-stream bytes without gaps):
    /// each with its written gaps (syllable boundaries for `pinyin`). Empty when the
    /// keyword has no Chinese character, or a character that is neither Chinese with a
    /// reading nor an ASCII letter or digit.
    static func variants(of pattern: [UInt8], kinds: KeywordVariants) -> [(bytes: [UInt8], gaps: [Int32])] {
        let scalars = String(decoding: pattern, as: UTF8.self).unicodeScalars.map(\.value)
        var pieces: [[String]] = []   // per scalar: its alternatives
        var hasChinese = false
        for scalar in scalars {
            if (0x30...0x39).contains(scalar) || (0x61...0x7A).contains(scalar) {   // folded: no capitals
                pieces.append([String(UnicodeScalar(UInt8(scalar)))])
                continue
            }
            let readings = PinyinTable.shared.readings(scalar)
            if readings.isEmpty { return [] }
            hasChinese = true
            pieces.append(readings)
        }
        guard hasChinese else { return [] }
        var combinations: [[String]] = [[]]
        for alternatives in pieces {
            var next: [[String]] = []
            for prefix in combinations {
                for alternative in alternatives where next.count < maximumVariants { next.append(prefix + [alternative]) }
            }
            combinations = next
        }
        var result: [(bytes: [UInt8], gaps: [Int32])] = []
        func add(_ bytes: [UInt8], _ gaps: [Int32]) {
            if bytes.count >= 2 && !result.contains(where: { $0.bytes == bytes }) { result.append((bytes, gaps)) }
        }
        for syllables in combinations {
            if kinds.contains(.pinyin) {
                var bytes: [UInt8] = [], gaps: [Int32] = []
                for syllable in syllables {
                    if !bytes.isEmpty { gaps.append(Int32(bytes.count)) }
                    bytes += Array(syllable.utf8)
                }
                add(bytes, gaps)
            }
            if kinds.contains(.initials) {
                add(syllables.map { $0.utf8.first! }, [])
            }
        }
        return result
    }
}
