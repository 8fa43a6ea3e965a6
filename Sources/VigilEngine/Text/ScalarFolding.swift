// What normalization does to each Unicode scalar, precomputed once into a flat table so
// the per-post loop is one load per character: the folded replacement (width and case
// folding) and the scalar's role (ignorable, separator, line break, word character).
//
// This first version derives the table at start-up from the Swift standard library's
// Unicode properties (general category, lowercase mapping). The evasion-resistant
// tables (CaseFolding.txt, traditional→simplified, confusables) replace the derivation
// with committed generated data without changing this interface.

/// The role of a scalar in normalized text.
public struct ScalarRole: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Dropped entirely: zero-width and other format characters, combining and enclosing marks.
    public static let ignorable = ScalarRole(rawValue: 1 << 24)
    /// Spaces, punctuation, symbols and emoji: kept in folded text, skipped inside keywords.
    public static let separator = ScalarRole(rawValue: 1 << 25)
    /// Line and paragraph breaks: no keyword match spans one.
    public static let lineBreak = ScalarRole(rawValue: 1 << 26)
    /// Letters and digits of alphabetic scripts: whole-word keywords need a non-word neighbour.
    public static let word = ScalarRole(rawValue: 1 << 27)
}

/// Per-scalar folding data for the Basic Multilingual Plane, with rules for the rest.
public struct ScalarFolding: Sendable {
    /// For each BMP scalar: low 21 bits the folded scalar, high bits a `ScalarRole`.
    @usableFromInline let table: [UInt32]
    @usableFromInline static let scalarMask: UInt32 = 0x1F_FFFF

    /// The shared table, built on first use (thread-safe lazy global initialisation).
    public static let shared = ScalarFolding()

    init() {
        var table = [UInt32](repeating: 0, count: 0x10000)
        for value in 0..<UInt32(0x10000) {
            guard let scalar = Unicode.Scalar(value) else {
                table[Int(value)] = value | ScalarRole.separator.rawValue   // surrogates never occur in valid UTF-8
                continue
            }
            table[Int(value)] = ScalarFolding.derive(scalar)
        }
        self.table = table
    }

    /// Folded scalar and role of `value` (any scalar, BMP or not).
    @inlinable @inline(__always)
    public func entry(_ value: UInt32) -> (scalar: UInt32, role: ScalarRole) {
        let raw = value < 0x10000 ? table[Int(value)] : ScalarFolding.supplementaryEntry(value)
        return (raw & ScalarFolding.scalarMask, ScalarRole(rawValue: raw & ~ScalarFolding.scalarMask))
    }

    @usableFromInline
    static func supplementaryEntry(_ value: UInt32) -> UInt32 {
        switch value {
        case 0x1F000...0x1FAFF: return value | ScalarRole.separator.rawValue      // emoji and pictographs
        case 0xE0000...0xE007F, 0xE0100...0xE01EF: return value | ScalarRole.ignorable.rawValue  // tags, variation selectors
        default:
            guard let scalar = Unicode.Scalar(value) else { return value | ScalarRole.separator.rawValue }
            return derive(scalar)
        }
    }

    /// Derives one entry from the standard library's Unicode properties.
    static func derive(_ scalar: Unicode.Scalar) -> UInt32 {
        var value = scalar.value
        // Width folding: full-width ASCII variants and the ideographic space.
        if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }
        if value == 0x3000 { value = 0x20 }
        let folded = Unicode.Scalar(value)!
        let properties = folded.properties
        switch properties.generalCategory {
        case .format, .nonspacingMark, .enclosingMark:
            return value | ScalarRole.ignorable.rawValue
        case .lineSeparator, .paragraphSeparator:
            return value | ScalarRole.lineBreak.rawValue
        case .control:
            if value == 0x0A || value == 0x0B || value == 0x0C || value == 0x0D || value == 0x85 {
                return value | ScalarRole.lineBreak.rawValue
            }
            return value | ScalarRole.separator.rawValue
        case .spaceSeparator, .connectorPunctuation, .dashPunctuation, .openPunctuation,
             .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return value | ScalarRole.separator.rawValue
        default:
            break
        }
        if properties.changesWhenLowercased {
            let lower = properties.lowercaseMapping.unicodeScalars
            if lower.count == 1 { value = lower.first!.value }
        }
        let isAlphanumeric = properties.isAlphabetic || properties.numericType != nil
        if isAlphanumeric && !isLogographicOrSyllabic(value) {
            return value | ScalarRole.word.rawValue
        }
        return value
    }

    /// Scripts written without spaces between words: a keyword inside them needs no word boundary.
    static func isLogographicOrSyllabic(_ value: UInt32) -> Bool {
        switch value {
        case 0x2E80...0x2FDF, 0x3005...0x3007, 0x3021...0x3029, 0x3040...0x30FF, 0x3100...0x312F,
             0x31A0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7AF,
             0x1100...0x11FF, 0x3130...0x318F, 0xF900...0xFAFF, 0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }
}
