// Why this file exists: the scoring loops of a model reading one script, written by hand
// for speed (they run on every post). They give exactly the features of NGramFeatures
// (the same n-grams, buckets, spans and count) but read the commonest n-grams from the
// model's direct tables (DirectWeights) instead of hashing them, and hand on only the
// n-grams whose weight is not zero (most buckets of a trained model are zero).

/// Receives the feature occurrences whose weight is not zero: the quantized weight and
/// the keyword-stream bytes the feature was read from.
public protocol NonZeroWeightSink {
    mutating func add(weight: Int32, start: Int, end: Int)
}

/// Looks each hashed feature's weight up, counts the features, and hands on the non-zero ones.
struct CountingLookup<Sink: NonZeroWeightSink>: NGramFeatureSink {
    let table: UnsafePointer<Int8>
    var sink: Sink
    var count: Int32 = 0
    @inline(__always)
    mutating func add(bucket: Int, start: Int, end: Int) {
        count &+= 1
        let weight = Int32(table[bucket])
        if weight != 0 { sink.add(weight: weight, start: start, end: end) }
    }
}

extension TextClassifierModel {
    /// Scores a keyword stream: `sink` sees every feature occurrence whose weight is not
    /// zero; returns how many feature occurrences the stream has. Allocates nothing.
    @inline(__always)
    public func scoreNonZero<Sink: NonZeroWeightSink>(stream: UnsafeBufferPointer<UInt8>, into sink: inout Sink) -> Int32 {
        guard let base = stream.baseAddress else { return 0 }
        return weights.withUnsafeBufferPointer { weights in
            let table = weights.baseAddress!
            if let direct {
                if settings.scripts == .latin { return scoreLatin(base, count: stream.count, table, direct, &sink) }
                if settings.scripts == .cjk, let unigrams = direct.cjkUnigrams {
                    return scoreCJK(base, count: stream.count, table, unigrams, &sink)
                }
            }
            var lookup = CountingLookup(table: table, sink: sink)
            features.forEach(in: stream, into: &lookup)
            sink = lookup.sink
            return lookup.count
        }
    }

    /// A Latin-script model's features (NGramFeatures.forEachLatin, word by word).
    @inline(__always)
    func scoreLatin<Sink: NonZeroWeightSink>(_ base: UnsafePointer<UInt8>, count: Int, _ table: UnsafePointer<Int8>,
                                              _ direct: DirectWeights, _ sink: inout Sink) -> Int32 {
        var total: Int32 = 0
        var previousWord: UInt64 = 0, previousStart = 0
        var index = 0
        while index < count {
            switch base[index] {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0xC2...0xE1:
                let start = index
                index = NGramFeatures.wordEnd(base, from: index, count: count)
                total &+= latinWord(base, start: start, end: index, table, direct, &previousWord, &previousStart, &sink)
            case 0x20:
                index &+= 1
            case 0xE2...0xEF:
                previousWord = 0; index &+= 3
            case 0xF0...0xF4:
                previousWord = 0; index &+= 4
            default:
                previousWord = 0; index &+= 1
            }
        }
        return total
    }

    /// One word's features (NGramFeatures.wordFeatures): the word and the bigram hashed,
    /// its character n-grams from the direct tables when every byte has a code.
    @inline(__always)
    func latinWord<Sink: NonZeroWeightSink>(_ base: UnsafePointer<UInt8>, start: Int, end: Int, _ table: UnsafePointer<Int8>,
                                             _ direct: DirectWeights, _ previousWord: inout UInt64, _ previousStart: inout Int,
                                             _ sink: inout Sink) -> Int32 {
        let codes = direct.codes
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var uncoded: UInt8 = 0
        var position = start
        while position < end {
            let byte = base[position]
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            uncoded |= codes[Int(byte)]
            position &+= 1
        }
        guard uncoded & 0x80 == 0, end &- start <= 32 else {
            var lookup = CountingLookup(table: table, sink: sink)
            features.wordFeatures(base, start: start, end: end, previousWord: &previousWord, previousStart: &previousStart, &lookup)
            sink = lookup.sink
            return lookup.count
        }
        var total: Int32 = 0
        let wordMaxN = settings.wordMaxN
        if wordMaxN >= 1 {
            total &+= 1
            let weight = Int32(table[features.bucket(hash ^ 0x5bd1_e995_0000_0001)])
            if weight != 0 { sink.add(weight: weight, start: start, end: end) }
            if wordMaxN >= 2 && previousWord != 0 {
                total &+= 1
                let weight = Int32(table[features.bucket((previousWord &* 0xff51_afd7_ed55_8ccd) ^ hash ^ 0x2545_f491_0000_0002)])
                if weight != 0 { sink.add(weight: weight, start: previousStart, end: end) }
            }
        }
        previousWord = hash | 1
        previousStart = start
        return total &+ charGrams(base, start: start, end: end, direct, &sink)
    }

    /// The in-word character n-grams (n ≤ 3) of the padded word `^word$`, every byte of
    /// which has a code: the n-gram ending at padded byte `p` is the last 6n bits of the
    /// rolling index, and covers the word's bytes max(p + 1 - n, start) ..< min(p + 1, end).
    @inline(__always)
    func charGrams<Sink: NonZeroWeightSink>(_ base: UnsafePointer<UInt8>, start: Int, end: Int, _ direct: DirectWeights,
                                            _ sink: inout Sink) -> Int32 {
        let codes = direct.codes
        let (one, two, three) = direct.charGrams
        var rolling = DirectWeights.startCode
        var total: Int32 = 0
        var p = start
        while p <= end {
            rolling = rolling &<< 6 | (p < end ? UInt32(codes[Int(base[p])]) : DirectWeights.endCode)
            let last = Swift.min(p &+ 1, end)
            if let one {
                total &+= 1
                let weight = Int32(one[Int(rolling & 0x3F)])
                if weight != 0 { sink.add(weight: weight, start: p, end: Swift.max(last, p)) }
            }
            if let two {
                total &+= 1
                let weight = Int32(two[Int(rolling & 0xFFF)])
                if weight != 0 { let first = Swift.max(p &- 1, start); sink.add(weight: weight, start: first, end: Swift.max(last, first)) }
            }
            if let three, p > start {
                total &+= 1
                let weight = Int32(three[Int(rolling & 0x3FFFF)])
                if weight != 0 { let first = Swift.max(p &- 2, start); sink.add(weight: weight, start: first, end: Swift.max(last, first)) }
            }
            p &+= 1
        }
        return total
    }

    /// A CJK model's features (NGramFeatures.forEachCJK), unigrams of three-byte
    /// characters from the direct table.
    @inline(__always)
    func scoreCJK<Sink: NonZeroWeightSink>(_ base: UnsafePointer<UInt8>, count: Int, _ table: UnsafePointer<Int8>,
                                           _ unigrams: UnsafePointer<Int8>, _ sink: inout Sink) -> Int32 {
        let maxN = settings.cjkMaxN
        var total: Int32 = 0
        var c1: UInt64 = 0, c2: UInt64 = 0, s1 = 0, s2 = 0
        var index = 0
        while index < count {
            let lead = base[index]
            if lead &- 0xE3 <= 0xED - 0xE3 || (lead == 0xF0 && index + 1 < count && base[index + 1] >= 0xA0) {
                let end: Int, scalar: UInt64, weight: Int32
                if lead != 0xF0 && index + 2 < count {
                    end = index &+ 3
                    scalar = UInt64(lead & 0x0F) << 12 | UInt64(base[index + 1] & 0x3F) << 6 | UInt64(base[index + 2] & 0x3F)
                    weight = Int32(unigrams[Int(scalar)])
                } else {
                    end = min(index + (lead == 0xF0 ? 4 : 3), count)
                    var value = UInt64(lead & (lead == 0xF0 ? 0x07 : 0x0F))
                    for position in index + 1..<end { value = value << 6 | UInt64(base[position] & 0x3F) }
                    scalar = value
                    weight = Int32(table[features.bucket(scalar)])
                }
                total &+= 1
                if weight != 0 { sink.add(weight: weight, start: index, end: end) }
                if c1 != 0 && maxN >= 2 {
                    total &+= 1
                    let weight = Int32(table[features.bucket(c1 | scalar << 21)])
                    if weight != 0 { sink.add(weight: weight, start: s1, end: end) }
                }
                if c2 != 0 && maxN >= 3 {
                    total &+= 1
                    let weight = Int32(table[features.bucket(c2 | c1 << 21 | scalar << 42)])
                    if weight != 0 { sink.add(weight: weight, start: s2, end: end) }
                }
                c2 = c1; s2 = s1; c1 = scalar; s1 = index
                index = end
            } else {
                index = NGramFeatures.skipNonCJK(base, from: index, count: count, &c1, &c2)
            }
        }
        return total
    }
}
