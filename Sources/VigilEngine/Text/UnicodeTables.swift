// The generated normalization data (Tables/*.swift, written by
// tools/tables/generate_tables.py from the Unicode Character Database, OpenCC and UTS #39)
// parsed once per process into lookup structures. `ScalarFolding` composes them into
// the flat per-scalar table the hot path reads; nothing here is on the hot path.

/// What a scalar is, before any folding (one letter per class in UnicodeClassData).
enum ScalarClass: UInt8, Sendable {
    /// Letter or digit of a script written with spaces (Latin, Cyrillic, …): whole-word matters.
    case word
    /// Other content, such as Han characters and kana.
    case other
    /// Spaces, punctuation, symbols, emoji.
    case separator
    /// Line and paragraph breaks.
    case lineBreak
    /// Default-ignorable and format characters: zero-width, bidi controls, variation selectors.
    case ignorable
    /// Combining marks (accents, enclosing marks).
    case mark

    init?(letter: UInt8) {
        switch letter {
        case UInt8(ascii: "w"): self = .word
        case UInt8(ascii: "o"): self = .other
        case UInt8(ascii: "s"): self = .separator
        case UInt8(ascii: "n"): self = .lineBreak
        case UInt8(ascii: "i"): self = .ignorable
        case UInt8(ascii: "m"): self = .mark
        default: return nil
        }
    }
}

/// The parsed tables, shared by every `ScalarFolding`.
struct UnicodeTables: Sendable {
    /// Class of every BMP scalar.
    let bmpClasses: [UInt8]
    /// Class runs over all of Unicode: run k covers [runStarts[k], runStarts[k + 1]).
    let runStarts: [UInt32]
    let runClasses: [UInt8]
    /// For each mapping step, scalar → replacement scalars.
    let width: [UInt32: [UInt32]]
    let caseFolding: [UInt32: [UInt32]]
    let accents: [UInt32: [UInt32]]
    let confusables: [UInt32: [UInt32]]
    let traditional: [UInt32: [UInt32]]

    static let shared = UnicodeTables()

    init() {
        var starts: [UInt32] = [], classes: [UInt8] = []
        UnicodeClassData.data.withUTF8Buffer { text in
            var value: UInt32 = 0
            for byte in text {
                if let digit = hexDigit(byte) {
                    value = value << 4 | digit
                } else if let kind = ScalarClass(letter: byte) {
                    starts.append(value)
                    classes.append(kind.rawValue)
                    value = 0
                }
            }
        }
        runStarts = starts
        runClasses = classes
        var bmp = [UInt8](repeating: ScalarClass.separator.rawValue, count: 0x10000)
        for (index, start) in starts.enumerated() where start < 0x10000 {
            let end = index + 1 < starts.count ? min(starts[index + 1], 0x10000) : 0x10000
            for value in Int(start)..<Int(end) { bmp[value] = classes[index] }
        }
        // Sentence punctuation ends a sentence as a line break does: separator skipping
        // never joins two characters across it (一个个死去，死神 is not 去死).
        for value in UnicodeTables.sentencePunctuation { bmp[Int(value)] = ScalarClass.lineBreak.rawValue }
        bmpClasses = bmp
        width = UnicodeTables.parseMappings(WidthFoldingData.data)
        caseFolding = UnicodeTables.parseMappings(CaseFoldingData.data)
        accents = UnicodeTables.parseMappings(AccentFoldingData.data)
        confusables = UnicodeTables.parseMappings(ConfusableData.data)
        traditional = UnicodeTables.parseMappings(TraditionalFoldingData.data)
    }

    /// ， ！ ？ ； (the full-width forms: their ASCII forms stay separators, as in f!u!c!k),
    /// 。 ｡ … ⋯ ‥: classed as line breaks.
    static let sentencePunctuation: [UInt32] = [0xFF0C, 0xFF01, 0xFF1F, 0xFF1B, 0x3002, 0xFF61, 0x2026, 0x22EF, 0x2025]

    /// The class of any scalar.
    func scalarClass(_ value: UInt32) -> ScalarClass {
        if value < 0x10000 { return ScalarClass(rawValue: bmpClasses[Int(value)])! }
        var low = 0, high = runStarts.count - 1   // last run starting at or before value
        while low < high {
            let middle = (low + high + 1) / 2
            if runStarts[middle] <= value { low = middle } else { high = middle - 1 }
        }
        return ScalarClass(rawValue: runClasses[low])!
    }

    /// The map of one mapping step.
    func map(for step: NormalizationSteps) -> [UInt32: [UInt32]] {
        switch step {
        case .width: return width
        case .caseFolding: return caseFolding
        case .accents: return accents
        case .confusables: return confusables
        case .traditional: return traditional
        default: return [:]
        }
    }

    /// Parses `S:T`, `S+N:T` and `S:T1.T2` entries (hex) separated by white space.
    static func parseMappings(_ data: StaticString) -> [UInt32: [UInt32]] {
        var result: [UInt32: [UInt32]] = [:]
        data.withUTF8Buffer { text in
            var index = 0
            func number() -> UInt32 {
                var value: UInt32 = 0
                while index < text.count, let digit = hexDigit(text[index]) {
                    value = value << 4 | digit
                    index += 1
                }
                return value
            }
            while index < text.count {
                if hexDigit(text[index]) == nil { index += 1; continue }
                let source = number()
                var count: UInt32 = 1
                if index < text.count && text[index] == UInt8(ascii: "+") { index += 1; count = number() }
                precondition(index < text.count && text[index] == UInt8(ascii: ":"), "malformed folding table")
                index += 1
                var targets = [number()]
                while index < text.count && text[index] == UInt8(ascii: ".") { index += 1; targets.append(number()) }
                if count == 1 {
                    result[source] = targets
                } else {
                    for offset in 0..<count { result[source + offset] = [targets[0] + offset] }
                }
            }
        }
        return result
    }
}

@inline(__always) func hexDigit(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 0x30...0x39: return UInt32(byte - 0x30)
    case 0x61...0x66: return UInt32(byte - 0x61 + 10)
    case 0x41...0x46: return UInt32(byte - 0x41 + 10)
    default: return nil
    }
}

/// Whether `value` only decorates the character before it (combining marks, variation
/// selectors, emoji skin-tone modifiers): a hit's span takes it along.
func isGraphemeExtender(_ value: UInt32) -> Bool {
    switch value {
    case 0xFE00...0xFE0F, 0xE0100...0xE01EF, 0x1F3FB...0x1F3FF: return true
    default: return UnicodeTables.shared.scalarClass(value) == .mark
    }
}
