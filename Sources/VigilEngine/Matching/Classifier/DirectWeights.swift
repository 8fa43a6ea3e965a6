// Why this file exists: scoring a post with a built-in model was most of the cost the
// models add to a screen, and most of that was hashing. The n-grams that occur most can
// be looked up without a hash: a table, built once when the model loads, holds the
// weight every such n-gram hashes to in the model's buckets, indexed by the n-gram
// itself. The scores are exactly those of hashing (same buckets, same weights, same
// feature count); the table only skips the hash.
//
// - In-word character 1–3-grams of ASCII words: each byte of the padded word `^word$`
//   maps to a 6-bit code (`^`, `$`, digits and both cases of letters are 64 symbols),
//   and a 3-gram is the last 18 bits of a rolling index — one shift, one or and one
//   table read per byte. A word with any other byte takes the hashing path.
// - Chinese character unigrams of the basic plane: a table indexed by the scalar.
//
// Written by hand on bytes and raw pointers (no bounds checks, no allocation) because it
// runs on every post; `ModelScoring.swift` has the loops that read these tables.

/// The direct-lookup tables of one model (see the file comment). Immutable once built.
final class DirectWeights: @unchecked Sendable {
    /// Byte → 6-bit code of in-word character n-grams (0xFF: not in the tables).
    let codes: UnsafeMutablePointer<UInt8>
    /// Byte → its code when it is an ASCII letter or digit (which a word is made of), 0x80
    /// for the lead byte of a letter of another alphabet (NGramFeatures.wordEnd), 0xFF for
    /// a byte that ends a word.
    let wordClasses: UnsafeMutablePointer<UInt8>
    /// Weights of in-word character n-grams by rolling index, n = 1, 2, 3 (nil: n not read).
    let charGrams: (UnsafeMutablePointer<Int8>?, UnsafeMutablePointer<Int8>?, UnsafeMutablePointer<Int8>?)
    /// Weights of CJK unigrams by basic-plane scalar (nil: not read).
    let cjkUnigrams: UnsafeMutablePointer<Int8>?

    /// The byte each code stands for: `^` (0x01), `$` (0x02), digits, a–z, A–Z.
    static let symbols: [UInt8] = [0x01, 0x02] + Array(0x30...0x39) + Array(0x61...0x7A) + Array(0x41...0x5A)
    static let startCode: UInt32 = 0, endCode: UInt32 = 1

    /// The tables of `model`, or nil when its settings have no n-gram these tables serve.
    init?(weights: UnsafeBufferPointer<Int8>, features: NGramFeatures) {
        let settings = features.settings
        let latinGrams = settings.scripts.contains(.latin) && settings.charMinN > 0 && settings.charMaxN <= 3
        let cjkGrams = settings.scripts.contains(.cjk) && settings.cjkMaxN > 0 && settings.cjkMinN <= 1
        guard latinGrams || cjkGrams else { return nil }
        codes = .allocate(capacity: 256)
        codes.initialize(repeating: 0xFF, count: 256)
        for (code, symbol) in Self.symbols.enumerated() { codes[Int(symbol)] = UInt8(code) }
        wordClasses = .allocate(capacity: 256)
        for byte in 0..<256 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: wordClasses[byte] = codes[byte]
            case 0xC2...0xE1: wordClasses[byte] = 0x80
            default: wordClasses[byte] = 0xFF
            }
        }
        func charTable(_ n: Int) -> UnsafeMutablePointer<Int8>? {
            guard latinGrams, n >= Int(settings.charMinN), n <= Int(settings.charMaxN) else { return nil }
            let size = 1 << (6 * n)
            let table = UnsafeMutablePointer<Int8>.allocate(capacity: size)
            for index in 0..<size {
                var gram: UInt64 = 0
                for position in stride(from: n - 1, through: 0, by: -1) {
                    gram = gram << 8 | UInt64(Self.symbols[(index >> (6 * position)) & 63])
                }
                table[index] = weights[features.bucket(NGramFeatures.charGramKey(gram, n: n))]
            }
            return table
        }
        charGrams = (charTable(1), charTable(2), charTable(3))
        if cjkGrams {
            let table = UnsafeMutablePointer<Int8>.allocate(capacity: 1 << 16)
            for scalar in 0..<(1 << 16) { table[scalar] = weights[features.bucket(UInt64(scalar))] }
            cjkUnigrams = table
        } else {
            cjkUnigrams = nil
        }
    }

    deinit {
        codes.deallocate(); wordClasses.deallocate()
        charGrams.0?.deallocate(); charGrams.1?.deallocate(); charGrams.2?.deallocate()
        cjkUnigrams?.deallocate()
    }
}
