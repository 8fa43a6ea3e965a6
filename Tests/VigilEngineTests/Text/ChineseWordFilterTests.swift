// The filters in front of the Chinese word table (one-character costs, word-start pairs,
// in-word pairs) must never change an answer: look-ups and `cutsHit` are compared with a
// plain probe of the table and a segmentation written out again here, on windows of
// real words, their pieces and random Han characters.
import Testing
@testable import VigilEngine

@Suite struct ChineseWordFilterTests {
    static let words = ChineseWords.shared

    /// The table's own answer, without the filters.
    static func probe(_ characters: [UInt16]) -> Int32? {
        var key: UInt64 = 0
        for (index, character) in characters.enumerated() { key |= UInt64(character) << (16 * UInt64(index)) }
        let mask = words.keys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> words.shift)
        while true {
            if words.keys[slot] == key { return Int32(words.costs[slot]) }
            if words.keys[slot] == 0 { return characters.count == 1 ? words.unknownCost : nil }
            slot = (slot + 1) & mask
        }
    }

    /// Whether a cheapest segmentation by `probe` cuts [start, end), as `cutsHit` decides.
    static func referenceCuts(_ text: [UInt16], _ start: Int, _ end: Int) -> Bool {
        func cuts(_ from: Int, _ to: Int) -> Bool {
            (from < start && to > start && to < end) || (from > start && from < end && to > end)
        }
        func path(allowingCuts: Bool) -> (cost: Int32, cuts: Bool) {
            var best = [Int32](repeating: .max, count: text.count + 1), back = [Int](repeating: 0, count: text.count + 1)
            best[0] = 0
            for from in 0..<text.count where best[from] != .max {
                for length in 1...min(ChineseWords.maximumLength, text.count - from) {
                    if !allowingCuts && cuts(from, from + length) { continue }
                    guard let cost = probe(Array(text[from..<(from + length)])) else { continue }
                    if best[from] + cost < best[from + length] { best[from + length] = best[from] + cost; back[from + length] = from }
                }
            }
            var to = text.count, cut = false
            while to > 0 { if cuts(back[to], to) { cut = true }; to = back[to] }
            return (best[text.count], cut)
        }
        let free = path(allowingCuts: true)
        guard free.cuts else { return false }
        return path(allowingCuts: false).cost - free.cost >= ChineseWords.margin
    }

    /// Windows of up to 16 characters: runs of dictionary words (so that words meet and
    /// overlap as in text), some cut short, with random Han characters between them.
    static func windows(count: Int) -> [[UInt16]] {
        var generator = SystemRandomNumberGenerator()
        var dictionaryWords: [[UInt16]] = []
        for key in words.keys where key > 0xFFFF && dictionaryWords.count < 60_000 {
            var word: [UInt16] = [], rest = key
            while rest != 0 { word.append(UInt16(truncatingIfNeeded: rest)); rest >>= 16 }
            dictionaryWords.append(word)
        }
        return (0..<count).map { _ in
            var window: [UInt16] = []
            while window.count < 12 {
                let word = dictionaryWords.randomElement(using: &generator)!
                window += Bool.random(using: &generator) ? word : Array(word.suffix(from: Int.random(in: 0..<word.count, using: &generator)))
                if Int.random(in: 0..<4, using: &generator) == 0 { window.append(UInt16.random(in: 0x4E00...0x9FA5, using: &generator)) }
            }
            return Array(window.prefix(16))
        }
    }

    @Test func lookUpsAgreeWithTheTable() {
        for window in Self.windows(count: 2_000) {
            window.withUnsafeBufferPointer { text in
                for start in text.indices {
                    for length in 1...min(ChineseWords.maximumLength, text.count - start) {
                        #expect(Self.words.cost(text.baseAddress! + start, count: length) == Self.probe(Array(text[start..<(start + length)])))
                    }
                }
            }
        }
    }

    @Test func cutsHitAgreesWithAPlainSegmentation() {
        var cut = 0
        for window in Self.windows(count: 3_000) {
            for start in 0..<min(6, window.count) {
                for end in start...min(start + 5, window.count) {
                    let expected = Self.referenceCuts(window, start, end)
                    if expected { cut += 1 }
                    #expect(window.withUnsafeBufferPointer { Self.words.cutsHit($0, hitStart: start, hitEnd: end) } == expected)
                }
            }
        }
        #expect(cut > 100)   // the windows do exercise cuts
    }
}
