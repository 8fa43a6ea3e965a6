// Chinese words and their unigram costs (from jieba's dictionary, Tables/ChineseWordData),
// for word-aware keyword matching: a keyword hit such as 保本 in 环保本子 or 包过 in
// 面包过期 cuts through the words of the text around it and is not a hit. Deciding that
// needs only a local segmentation of the few characters around the hit — the cheapest
// path through them by word costs, the unigram model jieba itself uses — so the scan
// stays as fast: this runs only for keyword hits with a Han character right next to them.
// Written by hand (no segmentation library): it is a dozen characters per hit, on the
// hot path, and must not allocate.

/// The word table, parsed once on first use.
public struct ChineseWords: Sendable {
    public static let shared = ChineseWords()

    /// Open-addressing table: a word (up to four BMP scalars, 16 bits each, first in the
    /// low bits; 0 = empty slot) and its cost at the same index. Written by hand rather
    /// than a `Dictionary`: building and probing it with a multiplicative hash costs a
    /// fifth of what SipHash does, and it is built on the first Chinese hit of a process.
    let keys: [UInt64]
    let costs: [UInt8]
    let shift: UInt64
    /// Filters in front of the table, which is 2.3 MB and so read from beyond the core's
    /// cache: each probe there is a miss. Per BMP character, its cost as a one-character
    /// word (`notAWord` when it is none), so one-character look-ups never probe; and two
    /// bit sets, hashed by a character pair (`pairBit`), with no false negatives: the pairs
    /// that begin a word of two or more characters (a look-up of a longer word whose first
    /// two characters are not among them fails without a probe), and the pairs that stand
    /// next to each other anywhere inside a word (a word cuts a hit only by holding the
    /// pair on one of its edges: `cutsHit` returns at once when neither edge pair is here).
    let singleCosts: [UInt8]
    let wordStarts: [UInt64]
    let innerPairs: [UInt64]
    static let notAWord: UInt8 = 0xFF
    static let pairBits = 21
    /// Cost of a single character that is not a word of the table.
    let unknownCost: Int32
    /// Longest word, in characters.
    static let maximumLength = 4
    /// Characters of context read on each side of a hit.
    public static let context = 3
    /// Hits longer than this (in characters) are accepted without a segmentation.
    public static let longestChecked = 10

    init() {
        var alphabet = [UInt8](repeating: 0xFF, count: 128)
        ChineseWordData.alphabet.withUTF8Buffer { for (index, byte) in $0.enumerated() { alphabet[Int(byte)] = UInt8(index) } }
        let bits = 18   // 262,144 slots for about 133,000 words
        var keys = [UInt64](repeating: 0, count: 1 << bits)
        var costs = [UInt8](repeating: 0, count: 1 << bits)
        let shift = UInt64(64 - bits), mask = (1 << bits) - 1
        var highest: UInt8 = 0
        ChineseWordData.data.withUTF8Buffer { text in
            var key: UInt64 = 0, length = 0, index = 0
            while index < text.count {
                let byte = text[index]
                if byte == 0x0A { key = 0; length = 0; index += 1; continue }
                if byte < 0x80 {
                    if byte != UInt8(ascii: "~") {
                        let cost = alphabet[Int(byte)]
                        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
                        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
                        keys[slot] = key
                        costs[slot] = cost
                        highest = max(highest, cost)
                    }
                    // The next word starts with the line's first character.
                    key &= 0xFFFF; length = 1
                    index += 1
                    continue
                }
                let (scalar, size) = decodeScalar(text, at: index)
                key |= UInt64(scalar & 0xFFFF) << (16 * UInt64(length))
                length += 1
                index += size
            }
        }
        self.keys = keys
        self.costs = costs
        self.shift = shift
        let filters = Filters(keys: keys, costs: costs)
        singleCosts = filters.singleCosts
        wordStarts = filters.wordStarts
        innerPairs = filters.innerPairs
        unknownCost = Int32(highest) + 8
    }

    /// Cost of the word of `count` scalars at `characters`, or nil when it is not a word.
    @inline(__always)
    func cost(_ characters: UnsafePointer<UInt16>, count: Int) -> Int32? {
        if count == 1 {
            let single = singleCosts[Int(characters[0])]
            return single == Self.notAWord ? unknownCost : Int32(single)
        }
        guard Self.contains(wordStarts, characters[0], characters[1]) else { return nil }
        var key: UInt64 = 0
        for index in 0..<count { key |= UInt64(characters[index]) << (16 * UInt64(index)) }
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let stored = keys[slot]
            if stored == key { return Int32(costs[slot]) }
            if stored == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// How much cheaper a segmentation that cuts a hit must be than the best one that
    /// does not, for the hit to be dropped: 20 quarters, a factor of e⁵ in probability.
    /// Measured on COLD: below it the unigram model's choice is a coin toss (有人|渣 and
    /// 有|人渣 differ by 8, 变|坏了 and 变坏|了 by 17; 环保|本子 and 面包|过期 by 33–36).
    public static let margin: Int32 = 20

    /// Whether a word cuts the hit [hitStart, hitEnd) of `characters`: the cheapest
    /// segmentation has a word that begins before the hit and ends inside it, or begins
    /// inside it and ends after it, and is cheaper by at least `margin` than the cheapest
    /// one without such a word. A word holding the whole hit (脑残 in 脑残粉) does not cut it.
    public func cutsHit(_ characters: UnsafeBufferPointer<UInt16>, hitStart: Int, hitEnd: Int) -> Bool {
        // A word that cuts the hit holds the hit's first character and the one before it,
        // or its last and the one after it, as neighbours.
        let cutLeft = hitStart > 0 && hitEnd - hitStart > 1
            && Self.contains(innerPairs, characters[hitStart - 1], characters[hitStart])
        let cutRight = hitEnd < characters.count && hitEnd - hitStart > 1
            && Self.contains(innerPairs, characters[hitEnd - 1], characters[hitEnd])
        guard cutLeft || cutRight else { return false }
        let free = cheapestPath(characters, hitStart: hitStart, hitEnd: hitEnd, allowingCuts: true)
        guard free.cuts else { return false }
        let whole = cheapestPath(characters, hitStart: hitStart, hitEnd: hitEnd, allowingCuts: false)
        return whole.cost - free.cost >= Self.margin
    }

    /// The cheapest segmentation's cost, and whether it cuts the hit. Without cuts allowed,
    /// words that would cut the hit are left out.
    func cheapestPath(_ characters: UnsafeBufferPointer<UInt16>, hitStart: Int, hitEnd: Int, allowingCuts: Bool) -> (cost: Int32, cuts: Bool) {
        let count = characters.count
        precondition(count <= 32)
        @inline(__always) func cuts(_ start: Int, _ end: Int) -> Bool {
            (start < hitStart && end > hitStart && end < hitEnd) || (start > hitStart && start < hitEnd && end > hitEnd)
        }
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * (count + 1)) { buffer in
            let best = buffer.baseAddress!, back = best + (count + 1)
            best[0] = 0
            for index in 1...count { best[index] = .max }
            let base = characters.baseAddress!
            for start in 0..<count where best[start] != .max {
                for length in 1...min(Self.maximumLength, count - start) {
                    if !allowingCuts && cuts(start, start + length) { continue }
                    guard let cost = cost(base + start, count: length) else { continue }
                    let total = best[start] + cost
                    if total < best[start + length] { best[start + length] = total; back[start + length] = Int32(start) }
                }
            }
            var end = count, cut = false
            while end > 0 {
                let start = Int(back[end])
                if cuts(start, end) { cut = true }
                end = start
            }
            return (best[count], cut)
        }
    }

    /// Bit of the character pair (a, b) in a `pairBits`-bit set.
    @inline(__always)
    static func pairBit(_ a: UInt16, _ b: UInt16) -> Int {
        Int(truncatingIfNeeded: ((UInt64(a) << 16 | UInt64(b)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - pairBits))
    }

    @inline(__always)
    static func contains(_ set: [UInt64], _ a: UInt16, _ b: UInt16) -> Bool {
        let bit = pairBit(a, b)
        return set[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// The filters, made in one pass over the finished table (so a word listed twice
    /// counts with the cost the table keeps, the last one).
    struct Filters {
        var singleCosts = [UInt8](repeating: ChineseWords.notAWord, count: 1 << 16)
        var wordStarts = [UInt64](repeating: 0, count: (1 << ChineseWords.pairBits) / 64)
        var innerPairs = [UInt64](repeating: 0, count: (1 << ChineseWords.pairBits) / 64)

        init(keys: [UInt64], costs: [UInt8]) {
            @inline(__always) func insert(_ set: UnsafeMutableBufferPointer<UInt64>, _ pair: UInt64) {
                let bit = ChineseWords.pairBit(UInt16(truncatingIfNeeded: pair), UInt16(truncatingIfNeeded: pair >> 16))
                set[bit >> 6] |= 1 << UInt64(bit & 63)
            }
            singleCosts.withUnsafeMutableBufferPointer { singles in
                wordStarts.withUnsafeMutableBufferPointer { starts in
                    innerPairs.withUnsafeMutableBufferPointer { inner in
                        for slot in keys.indices where keys[slot] != 0 {
                            // Characters are never 0: a key's characters are its nonzero 16-bit parts.
                            let key = keys[slot]
                            if key <= 0xFFFF { singles[Int(key)] = costs[slot]; continue }
                            insert(starts, key)
                            var rest = key
                            while rest > 0xFFFF { insert(inner, rest); rest >>= 16 }
                        }
                    }
                }
            }
        }
    }
}
