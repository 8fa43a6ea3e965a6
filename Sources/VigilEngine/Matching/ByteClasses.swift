// Alphabet compression for the keyword automaton. A dense DFA row needs one entry per
// input symbol; with raw bytes that is 256 entries, but most bytes behave identically
// (no keyword uses them), and under ASCII case folding 'A' and 'a' are the same symbol.
// Mapping each byte to a small class id shrinks every row to `count` entries, so the
// whole table is smaller and more of it stays in cache.

/// A map from byte to equivalence class: bytes in one class have the same transition
/// out of every automaton state.
///
/// For a trie built from keywords the exact partition is simple: two distinct (folded)
/// bytes never lead to the same child of a state, so every byte that occurs in some
/// keyword needs its own class; every byte that occurs in none shares one "other"
/// class; the transparent byte (whose transition differs from every other byte) gets
/// its own class.
@usableFromInline
struct ByteClasses: Sendable {
    /// Class id of each byte; always 256 entries.
    @usableFromInline let map: [UInt8]
    /// Number of distinct classes (1...256): the transition columns of a DFA row.
    @usableFromInline let count: Int

    /// Builds the classes for keywords that have already been case-folded (when
    /// `asciiCaseInsensitive`) and stripped of `transparentByte`.
    init(foldedPatterns: [[UInt8]], asciiCaseInsensitive: Bool, transparentByte: UInt8?) {
        var used = [Bool](repeating: false, count: 256)
        for pattern in foldedPatterns {
            for byte in pattern { used[Int(byte)] = true }
        }
        var classOfUsedByte = [Int](repeating: -1, count: 256)
        var otherClass = -1
        var transparentClass = -1
        var next = 0
        var map = [UInt8](repeating: 0, count: 256)
        for byte in 0..<256 {
            let id: Int
            if let transparentByte, byte == Int(transparentByte) {
                if transparentClass < 0 { transparentClass = next; next += 1 }
                id = transparentClass
            } else {
                let folded = asciiCaseInsensitive ? Int(ByteClasses.foldASCII(UInt8(byte))) : byte
                if used[folded] {
                    if classOfUsedByte[folded] < 0 { classOfUsedByte[folded] = next; next += 1 }
                    id = classOfUsedByte[folded]
                } else {
                    if otherClass < 0 { otherClass = next; next += 1 }
                    id = otherClass
                }
            }
            map[byte] = UInt8(id)
        }
        self.map = map
        self.count = next
    }

    /// The class of `byte`.
    @inlinable
    subscript(byte: UInt8) -> Int { Int(map[Int(byte)]) }

    /// ASCII lowercase of `byte`; every other byte unchanged.
    @inlinable
    static func foldASCII(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }
}
