// The features of the learned classifiers, read straight off the keyword stream the
// keyword rules see (folded, lower-cased, separators collapsed to one space, line
// breaks and long separator runs as a newline): so `傻 * 逼`, `ＦＵＣＫ` and `fսck`
// give the model what they give the rules.
//
// - Chinese (and other CJK) characters: character 1-, 2- and 3-grams over runs of CJK
//   characters; a gap (one space byte) is transparent inside a run, a line break or a
//   non-CJK character ends it.
// - Latin and other alphabetic scripts: words (runs of letters and digits), word
//   bigrams across one gap, and character n-grams inside each word padded with a
//   boundary mark (`^fuck$` → `^fu`, `fuc`, `uck`, `ck$`), which still see a word
//   that is misspelt or run together; optionally only in words of some length.
//
// Each feature is hashed into one of 2^hashBits buckets (multiply-shift over the
// n-gram's scalars or bytes, no table, no allocation). Written by hand and on bytes
// because it runs on every post: scripts are told apart by the UTF-8 lead byte alone.

/// Receives features: the bucket and the keyword-stream bytes the feature was read from.
/// A struct passed `inout`, so its running totals stay in registers (a closure's captured
/// variables live in memory, one read-modify-write per feature).
public protocol NGramFeatureSink {
    mutating func add(bucket: Int, start: Int, end: Int)
}

/// A sink calling a closure, for callers that are not hot paths.
struct ClosureFeatureSink: NGramFeatureSink {
    let body: (Int, Int, Int) -> Void
    mutating func add(bucket: Int, start: Int, end: Int) { body(bucket, start, end) }
}

public struct NGramFeatures: Sendable {
    /// Which scripts give features.
    public struct Scripts: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let cjk = Scripts(rawValue: 1)
        public static let latin = Scripts(rawValue: 2)
    }

    /// What to extract; stored in the model file.
    public struct Settings: Sendable, Equatable {
        public var hashBits: UInt8 = 18
        /// Longest CJK character n-gram (0: none).
        public var cjkMaxN: UInt8 = 3
        /// 1: words; 2: words and word bigrams; 0: neither.
        public var wordMaxN: UInt8 = 2
        /// In-word character n-gram lengths (0 ... 0: none).
        public var charMinN: UInt8 = 3
        public var charMaxN: UInt8 = 4
        public var scripts: Scripts = [.cjk, .latin]
        /// Shortest CJK character n-gram (1: unigrams too; 2: from bigrams up).
        public var cjkMinN: UInt8 = 1
        /// In-word character n-grams are read only in words of at least this many bytes
        /// (0: in every word). A shorter word is one feature already; its n-grams add little.
        public var charMinWordBytes: UInt8 = 0

        public init() {}
        public init(hashBits: UInt8, cjkMaxN: UInt8, wordMaxN: UInt8, charMinN: UInt8, charMaxN: UInt8, scripts: Scripts,
                    cjkMinN: UInt8 = 1, charMinWordBytes: UInt8 = 0) {
            self.hashBits = hashBits
            self.cjkMaxN = cjkMaxN
            self.wordMaxN = wordMaxN
            self.charMinN = charMinN
            self.charMaxN = charMaxN
            self.scripts = scripts
            self.cjkMinN = cjkMinN
            self.charMinWordBytes = charMinWordBytes
        }

        public var isValid: Bool {
            (10...22).contains(hashBits) && cjkMaxN <= 3 && wordMaxN <= 2 && charMaxN <= 6 && charMinN <= charMaxN
                && (charMinN > 0 || charMaxN == 0) && scripts.rawValue & ~3 == 0
                && cjkMinN >= 1 && cjkMinN <= Swift.max(cjkMaxN, 1) && charMinWordBytes <= 32
        }

        /// Whether these are the features of a version 1 model file (which has no room for
        /// `cjkMinN` and `charMinWordBytes`).
        var isVersion1: Bool { cjkMinN == 1 && charMinWordBytes == 0 }
    }

    public let settings: Settings
    let shift: UInt64

    public init(_ settings: Settings) {
        self.settings = settings
        shift = 64 - UInt64(settings.hashBits)
    }

    @inline(__always)
    func bucket(_ key: UInt64) -> Int { Self.bucket(key, shift: shift) }

    /// The bucket of `key` among 2^(64 − shift).
    @inline(__always)
    static func bucket(_ key: UInt64, shift: UInt64) -> Int {
        var h = key ^ (key >> 29)
        h = h &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h &>> shift)
    }

    /// Calls `body(bucket, start, end)` for every feature of `bytes` (a keyword stream),
    /// with the byte range of the stream the feature was read from.
    public func forEach(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, Int, Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            var sink = ClosureFeatureSink(body: body)
            forEach(in: bytes, into: &sink)
        }
    }

    /// Hands every feature of `bytes` (a keyword stream) to `sink`.
    @inline(__always)
    public func forEach<Sink: NGramFeatureSink>(in bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        let cjk = settings.scripts.contains(.cjk) && settings.cjkMaxN > 0
        let latin = settings.scripts.contains(.latin)
        let cjkMaxN = settings.cjkMaxN, cjkMinN = settings.cjkMinN
        // A model of one script walks the text with a loop that looks at that script only
        // (the same features: the other script's characters just end runs and bigrams).
        if cjk && !latin { return forEachCJK(base, count: count, into: &sink) }
        if latin && !cjk { return forEachLatin(base, count: count, into: &sink) }
        var c1: UInt64 = 0, c2: UInt64 = 0      // the two CJK characters before (0: none)
        var s1 = 0, s2 = 0                      // where they start
        var previousWord: UInt64 = 0, previousStart = 0   // the word before, across at most a gap
        var index = 0
        while index < count {
            let lead = base[index]
            // Han text, the common case: a three-byte character decoded in place.
            if lead &- 0xE3 <= 0xED - 0xE3 && index + 2 < count {
                let scalar = UInt64(lead & 0x0F) << 12 | UInt64(base[index + 1] & 0x3F) << 6 | UInt64(base[index + 2] & 0x3F)
                if cjk { cjkFeatures(scalar, index, index + 3, c1, s1, c2, s2, cjkMinN, cjkMaxN, &sink) }
                c2 = c1; s2 = s1; c1 = scalar; s1 = index
                previousWord = 0
                index += 3
                continue
            }
            switch Self.kind(lead, next: index + 1 < count ? base[index + 1] : 0) {
            case .word:
                let start = index
                index = Self.wordEnd(base, from: index, count: count)
                if latin { wordFeatures(base, start: start, end: index, previousWord: &previousWord, previousStart: &previousStart, &sink) }
                c1 = 0; c2 = 0
            case .cjk(let length):
                let end = min(index + length, count)
                var scalar = UInt64(lead & (length == 3 ? 0x0F : 0x07))
                for position in index + 1..<end { scalar = scalar << 6 | UInt64(base[position] & 0x3F) }
                if cjk { cjkFeatures(scalar, index, end, c1, s1, c2, s2, cjkMinN, cjkMaxN, &sink) }
                c2 = c1; s2 = s1; c1 = scalar; s1 = index
                previousWord = 0
                index = end
            case .gap:
                index += 1
            case .boundary(let length):
                c1 = 0; c2 = 0; previousWord = 0
                index += length
            }
        }
    }

    /// `forEach` for a model reading CJK only: any character but a CJK one or a gap ends
    /// the run, so the rest of the text is skipped a byte (eight ASCII bytes) at a time.
    @inline(__always)
    func forEachCJK<Sink: NGramFeatureSink>(_ base: UnsafePointer<UInt8>, count: Int, into sink: inout Sink) {
        let maxN = settings.cjkMaxN, minN = settings.cjkMinN
        var c1: UInt64 = 0, c2: UInt64 = 0, s1 = 0, s2 = 0
        var index = 0
        while index < count {
            let lead = base[index]
            if lead &- 0xE3 <= 0xED - 0xE3 || (lead == 0xF0 && index + 1 < count && base[index + 1] >= 0xA0) {
                let end: Int, scalar: UInt64
                if lead != 0xF0 && index + 2 < count {
                    end = index + 3
                    scalar = UInt64(lead & 0x0F) << 12 | UInt64(base[index + 1] & 0x3F) << 6 | UInt64(base[index + 2] & 0x3F)
                } else {
                    end = min(index + (lead == 0xF0 ? 4 : 3), count)
                    var value = UInt64(lead & (lead == 0xF0 ? 0x07 : 0x0F))
                    for position in index + 1..<end { value = value << 6 | UInt64(base[position] & 0x3F) }
                    scalar = value
                }
                cjkFeatures(scalar, index, end, c1, s1, c2, s2, minN, maxN, &sink)
                c2 = c1; s2 = s1; c1 = scalar; s1 = index
                index = end
            } else {
                index = Self.skipNonCJK(base, from: index, count: count, &c1, &c2)
            }
        }
    }

    /// Steps over what is not a CJK character at `index` (eight ASCII bytes at a time
    /// when it can), ending the run (c1, c2 = 0) at anything but a gap.
    @inline(__always)
    static func skipNonCJK(_ base: UnsafePointer<UInt8>, from index: Int, count: Int, _ c1: inout UInt64, _ c2: inout UInt64) -> Int {
        let lead = base[index]
        if lead < 0x80 && index + 8 <= count {
            // Eight ASCII bytes end the run unless all are gaps.
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 == 0 {
                if word != 0x2020_2020_2020_2020 { c1 = 0; c2 = 0 }
                return index + 8
            }
        }
        if lead != 0x20 { c1 = 0; c2 = 0 }
        return index + 1
    }

    /// `forEach` for a model reading Latin and other alphabetic scripts only: any other
    /// character but a gap ends a word bigram, and is stepped over whole.
    @inline(__always)
    func forEachLatin<Sink: NGramFeatureSink>(_ base: UnsafePointer<UInt8>, count: Int, into sink: inout Sink) {
        var previousWord: UInt64 = 0, previousStart = 0
        var index = 0
        while index < count {
            let lead = base[index]
            switch lead {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0xC2...0xE1:
                let start = index
                index = Self.wordEnd(base, from: index, count: count)
                wordFeatures(base, start: start, end: index, previousWord: &previousWord, previousStart: &previousStart, &sink)
            case 0x20:
                index += 1
            case 0xE2...0xEF:
                previousWord = 0; index += 3
            case 0xF0...0xF4:
                previousWord = 0; index += 4
            default:
                previousWord = 0; index += 1
            }
        }
    }

    /// The character n-grams (of `minN` to `maxN` characters) ending with `scalar` (at
    /// `start..<end`), given the two characters before it in the run (0: none) and where
    /// they start.
    @inline(__always)
    func cjkFeatures<Sink: NGramFeatureSink>(_ scalar: UInt64, _ start: Int, _ end: Int, _ c1: UInt64, _ s1: Int, _ c2: UInt64, _ s2: Int,
                                             _ minN: UInt8, _ maxN: UInt8, _ sink: inout Sink) {
        if minN <= 1 { sink.add(bucket: bucket(scalar), start: start, end: end) }
        if c1 != 0 && maxN >= 2 && minN <= 2 { sink.add(bucket: bucket(c1 | scalar << 21), start: s1, end: end) }
        if c2 != 0 && maxN >= 3 { sink.add(bucket: bucket(c2 | c1 << 21 | scalar << 42), start: s2, end: end) }
    }

    enum Kind { case word, cjk(Int), gap, boundary(Int) }

    /// What the character starting with `lead` is, from its lead byte (and, for four-byte
    /// characters, the next byte: U+20000 and up are CJK ideographs, emoji are not).
    @inline(__always)
    static func kind(_ lead: UInt8, next: UInt8) -> Kind {
        switch lead {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0xC2...0xE1: return .word
        case 0x20: return .gap
        case 0xE3...0xED: return .cjk(3)
        case 0xF0 where next >= 0xA0: return .cjk(4)
        case 0xE2, 0xEE, 0xEF: return .boundary(3)
        case 0xF0...0xF4: return .boundary(4)
        default: return .boundary(1)
        }
    }

    /// The end of the word starting at `index`: letters and digits, and characters of
    /// alphabetic scripts (two-byte characters, and three-byte below U+2000).
    @inline(__always)
    static func wordEnd(_ base: UnsafePointer<UInt8>, from index: Int, count: Int) -> Int {
        var end = index
        while end < count {
            let byte = base[end]
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: end += 1
            case 0xC2...0xDF: end += 2
            case 0xE0, 0xE1: end += 3
            default: return min(end, count)
            }
        }
        return min(end, count)
    }

    /// What an in-word character n-gram (its bytes, first byte highest) is hashed from.
    @inline(__always)
    static func charGramKey(_ gram: UInt64, n: Int) -> UInt64 {
        gram ^ UInt64(truncatingIfNeeded: n) &<< 56 ^ 0x7f4a_7c15_0000_0000
    }

    /// The word, the bigram with the word before it, and the word's character n-grams.
    @inline(__always)
    func wordFeatures<Sink: NGramFeatureSink>(_ base: UnsafePointer<UInt8>, start: Int, end: Int, previousWord: inout UInt64,
                                              previousStart: inout Int, _ sink: inout Sink) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for position in start..<end { hash = (hash ^ UInt64(base[position])) &* 0x0000_0100_0000_01B3 }
        if settings.wordMaxN >= 1 {
            sink.add(bucket: bucket(hash ^ 0x5bd1_e995_0000_0001), start: start, end: end)
            if settings.wordMaxN >= 2 && previousWord != 0 {
                sink.add(bucket: bucket((previousWord &* 0xff51_afd7_ed55_8ccd) ^ hash ^ 0x2545_f491_0000_0002), start: previousStart, end: end)
            }
        }
        previousWord = hash | 1
        previousStart = start
        let minimum = Int(settings.charMinN), maximum = Int(settings.charMaxN)
        guard minimum > 0, end - start <= 32, end - start >= Int(settings.charMinWordBytes) else { return }
        // The padded word `^word$`, one byte at a time; `window` holds its last bytes.
        // Wrapping arithmetic: the word is at most 32 bytes and n at most 6 (isValid).
        var window: UInt64 = 0x01
        var seen = 1
        var padded = start
        while padded <= end {
            window = window &<< 8 | (padded < end ? UInt64(base[padded]) : 0x02)
            seen &+= 1
            var n = minimum
            while n <= maximum && n <= seen {
                let gram = window & ((1 &<< UInt64(truncatingIfNeeded: n &* 8)) &- 1)
                // The gram's bytes are padded[padded - n + 1 ... padded]; mapped to the word.
                let first = Swift.max(padded &+ 1 &- n, start), last = Swift.min(padded &+ 1, end)
                sink.add(bucket: bucket(Self.charGramKey(gram, n: n)),
                         start: first, end: Swift.max(last, first))
                n &+= 1
            }
            padded &+= 1
        }
    }
}
