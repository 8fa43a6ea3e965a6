// Why this file exists: the scoring loops of a model reading one script, written by hand
// for speed (they run on every post). They give exactly the features of NGramFeatures
// (the same n-grams, buckets, spans and count) but read the commonest n-grams from the
// model's direct tables (DirectWeights) instead of hashing them, and keep their running
// totals in a tally held in registers (FeatureTally).

/// Looks each hashed feature's weight up for a tally.
struct TallyLookup<Tally: FeatureTally>: NGramFeatureSink {
    let table: UnsafePointer<Int8>
    var tally: Tally
    @inline(__always)
    mutating func add(bucket: Int, start: Int, end: Int) {
        tally.reserve(1)
        tally.record(Int32(table[bucket]), start: start, end: end)
    }
}

extension TextClassifierModel {
    /// Scores a keyword stream: `tally` sees every feature occurrence with its weight and
    /// stream bytes. Allocates nothing (but what the tally grows).
    @inline(__always)
    public func score<Tally: FeatureTally>(stream: UnsafeBufferPointer<UInt8>, into result: inout Tally) {
        guard let base = stream.baseAddress else { return }
        var tally = result   // a local copy, kept in registers
        weights.withUnsafeBufferPointer { weights in
            let table = weights.baseAddress!
            if let direct, settings.scripts == .latin {
                scoreLatin(base, count: stream.count, table, direct, &tally)
            } else if let unigrams = direct?.cjkUnigrams, settings.scripts == .cjk {
                scoreCJK(base, count: stream.count, table, unigrams, &tally)
            } else {
                var lookup = TallyLookup(table: table, tally: tally)
                features.forEach(in: stream, into: &lookup)
                tally = lookup.tally
            }
        }
        result = tally
    }

    /// A Latin-script model's features (NGramFeatures.forEachLatin, word by word). Out of
    /// line, so that its loops get the registers to themselves.
    @inline(never)
    func scoreLatin<Tally: FeatureTally>(_ base: UnsafePointer<UInt8>, count: Int, _ table: UnsafePointer<Int8>,
                                          _ direct: DirectWeights, _ result: inout Tally) {
        // Most Chinese posts have no byte a word can start with: nothing to walk (WordPrescan).
        guard Self.mayHoldWord(base, count: count) else { return }
        var tally = result   // a local copy, so that the totals stay in registers
        defer { result = tally }
        if let three = direct.charGrams.2, direct.charGrams.0 == nil && direct.charGrams.1 == nil {
            return scoreLatinTrigrams(base, count: count, table, direct, three, &tally)
        }
        var previousWord: UInt64 = 0, previousStart = 0
        var index = 0
        while index < count {
            switch base[index] {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0xC2...0xE1:
                let start = index
                index = NGramFeatures.wordEnd(base, from: index, count: count)
                latinWord(base, start: start, end: index, table, direct, &previousWord, &previousStart, &tally)
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
    }

    /// `scoreLatin` for a model whose in-word n-grams are 3-grams alone (the built-in
    /// English model): an ASCII word is read in one pass that finds its end, hashes it and
    /// reads its 3-grams from the direct table as it goes (`trigramWord`).
    @inline(__always)
    func scoreLatinTrigrams<Tally: FeatureTally>(_ base: UnsafePointer<UInt8>, count: Int, _ table: UnsafePointer<Int8>,
                                                 _ direct: DirectWeights, _ three: UnsafePointer<Int8>, _ tally: inout Tally) {
        let classes = direct.wordClasses
        var word = WordState()
        var index = 0
        while index < count {
            let byte = base[index]
            if classes[Int(byte)] < 64 {
                index = trigramWord(base, start: index, count: count, classes, table, three, &word, &tally)
                continue
            }
            switch byte {
            case 0xC2...0xE1:
                let start = index
                index = NGramFeatures.wordEnd(base, from: index, count: count)
                var lookup = TallyLookup(table: table, tally: tally)
                features.wordFeatures(base, start: start, end: index, previousWord: &word.previous, previousStart: &word.previousStart, &lookup)
                tally = lookup.tally
            case 0x20:
                index &+= 1
            case 0xE2...0xEF:
                word.previous = 0; index &+= 3
            case 0xF0...0xF4:
                word.previous = 0; index &+= 4
            default:
                word.previous = 0; index &+= 1
            }
        }
    }

    /// The word before (for word bigrams) as the Latin loops carry it.
    struct WordState {
        var previous: UInt64 = 0
        var previousStart = 0
    }

    /// The features of the word starting with the ASCII letter or digit at `start`, in one
    /// pass: its FNV-1a hash and its 3-grams (the last 18 bits of a rolling index of 6-bit
    /// codes, read from `three`) are taken byte by byte while its end is looked for, and
    /// the 3-grams are taken back (the tally restored) when the word turns out to be
    /// shorter than `charMinWordBytes`, longer than 32 bytes or to hold a letter of
    /// another alphabet (which the hashing path then reads whole). Returns the word's end.
    @inline(__always)
    func trigramWord<Tally: FeatureTally>(_ base: UnsafePointer<UInt8>, start: Int, count: Int, _ classes: UnsafePointer<UInt8>,
                                          _ table: UnsafePointer<Int8>, _ three: UnsafePointer<Int8>, _ word: inout WordState,
                                          _ tally: inout Tally) -> Int {
        // At most 32 3-grams inside the word, the closing one, the word and its bigram.
        tally.reserve(36)
        let saved = tally
        let first = base[start]
        var hash = (0xcbf2_9ce4_8422_2325 ^ UInt64(first)) &* 0x0000_0100_0000_01B3
        var rolling = UInt32(classes[Int(first)])   // `^` (code 0), then the first byte
        var stop: UInt8 = 0xFF                     // the class of the byte after the word
        let limit = Swift.min(count, start &+ 33)
        var p = start &+ 1
        if p < limit {
            // The first 3-gram, `^` and the word's first two bytes, starts with the word.
            let code = classes[Int(base[p])]
            if code >= 64 {
                stop = code
            } else {
                hash = (hash ^ UInt64(base[p])) &* 0x0000_0100_0000_01B3
                rolling = rolling &<< 6 | UInt32(code)
                tally.record(Int32(three[Int(rolling & 0x3FFFF)]), start: start, end: p &+ 1)
                p &+= 1
                while p < limit {
                    let byte = base[p]
                    let code = classes[Int(byte)]
                    if code >= 64 { stop = code; break }
                    hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                    rolling = rolling &<< 6 | UInt32(code)
                    tally.record(Int32(three[Int(rolling & 0x3FFFF)]), start: p &- 2, end: p &+ 1)
                    p &+= 1
                }
            }
        }
        // A letter of another alphabet inside, or more than 32 bytes: the hashing path.
        if stop == 0x80 || p &- start > 32 {
            tally = saved
            let end = NGramFeatures.wordEnd(base, from: start, count: count)
            var lookup = TallyLookup(table: table, tally: tally)
            features.wordFeatures(base, start: start, end: end, previousWord: &word.previous, previousStart: &word.previousStart, &lookup)
            tally = lookup.tally
            return end
        }
        if p &- start >= Int(settings.charMinWordBytes) {
            rolling = rolling &<< 6 | DirectWeights.endCode
            let gramStart = Swift.max(p &- 2, start)
            tally.record(Int32(three[Int(rolling & 0x3FFFF)]), start: gramStart, end: Swift.max(p, gramStart))
        } else if p &- start >= 2 {
            tally = saved   // a short word: its 3-grams are not read
        }
        let wordMaxN = settings.wordMaxN
        if wordMaxN >= 1 {
            tally.record(Int32(table[features.bucket(hash ^ 0x5bd1_e995_0000_0001)]), start: start, end: p)
            if wordMaxN >= 2 && word.previous != 0 {
                let key = (word.previous &* 0xff51_afd7_ed55_8ccd) ^ hash ^ 0x2545_f491_0000_0002
                tally.record(Int32(table[features.bucket(key)]), start: word.previousStart, end: p)
            }
        }
        word.previous = hash | 1
        word.previousStart = start
        return p
    }

    /// One word's features (NGramFeatures.wordFeatures): the word and the bigram hashed,
    /// its character n-grams from the direct tables when every byte has a code.
    @inline(__always)
    func latinWord<Tally: FeatureTally>(_ base: UnsafePointer<UInt8>, start: Int, end: Int, _ table: UnsafePointer<Int8>,
                                         _ direct: DirectWeights, _ previousWord: inout UInt64, _ previousStart: inout Int,
                                         _ tally: inout Tally) {
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
            var lookup = TallyLookup(table: table, tally: tally)
            features.wordFeatures(base, start: start, end: end, previousWord: &previousWord, previousStart: &previousStart, &lookup)
            tally = lookup.tally
            return
        }
        // At most 2 word features and 3 n-grams per padded byte (34 at most).
        tally.reserve(104)
        let wordMaxN = settings.wordMaxN
        if wordMaxN >= 1 {
            tally.record(Int32(table[features.bucket(hash ^ 0x5bd1_e995_0000_0001)]), start: start, end: end)
            if wordMaxN >= 2 && previousWord != 0 {
                let key = (previousWord &* 0xff51_afd7_ed55_8ccd) ^ hash ^ 0x2545_f491_0000_0002
                tally.record(Int32(table[features.bucket(key)]), start: previousStart, end: end)
            }
        }
        previousWord = hash | 1
        previousStart = start
        guard end &- start >= Int(settings.charMinWordBytes) else { return }
        if let three = direct.charGrams.2, direct.charGrams.0 == nil && direct.charGrams.1 == nil {
            trigrams(base, start: start, end: end, codes, three, &tally)
        } else {
            charGrams(base, start: start, end: end, direct, &tally)
        }
    }

    /// The in-word character 3-grams alone (the built-in English model): `trigrams` with
    /// nothing else in its loop.
    @inline(__always)
    func trigrams<Tally: FeatureTally>(_ base: UnsafePointer<UInt8>, start: Int, end: Int, _ codes: UnsafePointer<UInt8>,
                                       _ three: UnsafePointer<Int8>, _ tally: inout Tally) {
        var rolling = DirectWeights.startCode &<< 6 | UInt32(codes[Int(base[start])])
        var p = start &+ 1
        while p < end {
            rolling = rolling &<< 6 | UInt32(codes[Int(base[p])])
            tally.record(Int32(three[Int(rolling & 0x3FFFF)]), start: Swift.max(p &- 2, start), end: p &+ 1)
            p &+= 1
        }
        rolling = rolling &<< 6 | DirectWeights.endCode
        let first = Swift.max(end &- 2, start)
        tally.record(Int32(three[Int(rolling & 0x3FFFF)]), start: first, end: Swift.max(end, first))
    }

    /// The in-word character n-grams (n ≤ 3) of the padded word `^word$`, every byte of
    /// which has a code: the n-gram ending at padded byte `p` is the last 6n bits of the
    /// rolling index, and covers the word's bytes max(p + 1 - n, start) ..< min(p + 1, end).
    @inline(__always)
    func charGrams<Tally: FeatureTally>(_ base: UnsafePointer<UInt8>, start: Int, end: Int, _ direct: DirectWeights,
                                        _ tally: inout Tally) {
        let codes = direct.codes
        let (one, two, three) = direct.charGrams
        var rolling = DirectWeights.startCode
        var p = start
        while p <= end {
            rolling = rolling &<< 6 | (p < end ? UInt32(codes[Int(base[p])]) : DirectWeights.endCode)
            let last = Swift.min(p &+ 1, end)
            if let one { tally.record(Int32(one[Int(rolling & 0x3F)]), start: p, end: Swift.max(last, p)) }
            if let two {
                let first = Swift.max(p &- 1, start)
                tally.record(Int32(two[Int(rolling & 0xFFF)]), start: first, end: Swift.max(last, first))
            }
            if let three, p > start {
                let first = Swift.max(p &- 2, start)
                tally.record(Int32(three[Int(rolling & 0x3FFFF)]), start: first, end: Swift.max(last, first))
            }
            p &+= 1
        }
    }

    /// A CJK model's features (NGramFeatures.forEachCJK) when it reads unigrams (and
    /// so has a direct table of them): unigrams of three-byte characters from the table.
    /// Out of line, so that its loop gets the registers to itself. The loop is written
    /// out once for 1–2-grams (the built-in model: the compiler drops the 3-gram's
    /// running values, which frees registers) and once for any other settings.
    @inline(never)
    func scoreCJK<Tally: FeatureTally>(_ base: UnsafePointer<UInt8>, count: Int, _ table: UnsafePointer<Int8>,
                                       _ unigrams: UnsafePointer<Int8>, _ result: inout Tally) {
        if settings.cjkMaxN == 2 {
            cjkLoop(base, count: count, table, unigrams, maxN: 2, shift: features.shift, &result)
        } else {
            cjkLoop(base, count: count, table, unigrams, maxN: settings.cjkMaxN, shift: features.shift, &result)
        }
    }

    /// `scoreCJK`'s loop, for n-grams up to `maxN` and buckets of `shift`. Room in the
    /// tally is made once per stretch of 1,024 bytes (at most three features a character).
    @inline(__always)
    func cjkLoop<Tally: FeatureTally>(_ base: UnsafePointer<UInt8>, count: Int, _ table: UnsafePointer<Int8>,
                                      _ unigrams: UnsafePointer<Int8>, maxN: UInt8, shift: UInt64, _ result: inout Tally) {
        var tally = result   // a local copy, so that the totals stay in registers
        defer { result = tally }
        var run = CJKRun()
        var index = 0
        while index < count {
            let stretchEnd = Swift.min(count, index &+ 1024)
            tally.reserve(1024 + 8)
            while index < stretchEnd {
                let lead = base[index]
                if lead &- 0xE3 <= 0xED - 0xE3 && index &+ 2 < count {
                    // A three-byte character, the common case: decoded in place.
                    let scalar = UInt64(lead & 0x0F) << 12 | UInt64(base[index &+ 1] & 0x3F) << 6 | UInt64(base[index &+ 2] & 0x3F)
                    cjkCharacter(scalar, index, index &+ 3, unigrams[Int(scalar)], table, maxN, shift, &run, &tally)
                    index &+= 3
                } else if lead &- 0xE3 <= 0xED - 0xE3 || (lead == 0xF0 && index &+ 1 < count && base[index &+ 1] >= 0xA0) {
                    // A four-byte ideograph, or a character cut short by the end of the text.
                    let end = Swift.min(index &+ (lead == 0xF0 ? 4 : 3), count)
                    var scalar = UInt64(lead & (lead == 0xF0 ? 0x07 : 0x0F))
                    for position in index &+ 1..<end { scalar = scalar << 6 | UInt64(base[position] & 0x3F) }
                    cjkCharacter(scalar, index, end, table[NGramFeatures.bucket(scalar, shift: shift)], table, maxN, shift, &run, &tally)
                    index = end
                } else {
                    index = NGramFeatures.skipNonCJK(base, from: index, count: count, &run.c1, &run.c2)
                }
            }
        }
    }

    /// The two CJK characters before (0: none) and where they start.
    struct CJKRun {
        var c1: UInt64 = 0, c2: UInt64 = 0
        var s1 = 0, s2 = 0
    }

    /// The n-grams ending with the character `scalar` at `start..<end`, whose unigram
    /// weight is `unigram`.
    @inline(__always)
    func cjkCharacter<Tally: FeatureTally>(_ scalar: UInt64, _ start: Int, _ end: Int, _ unigram: Int8, _ table: UnsafePointer<Int8>,
                                           _ maxN: UInt8, _ shift: UInt64, _ run: inout CJKRun, _ tally: inout Tally) {
        tally.record(Int32(unigram), start: start, end: end)
        if run.c1 != 0 && maxN >= 2 {
            tally.record(Int32(table[NGramFeatures.bucket(run.c1 | scalar << 21, shift: shift)]), start: run.s1, end: end)
        }
        if run.c2 != 0 && maxN >= 3 {
            tally.record(Int32(table[NGramFeatures.bucket(run.c2 | run.c1 << 21 | scalar << 42, shift: shift)]), start: run.s2, end: end)
        }
        run.c2 = run.c1; run.s2 = run.s1; run.c1 = scalar; run.s1 = start
    }
}
