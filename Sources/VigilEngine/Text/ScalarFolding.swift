// What normalization does to each Unicode scalar, composed once into flat tables so the
// per-post loop is one load per character: the folded replacement and the scalar's role
// (ignorable, separator, line break, word character).
//
// The steps' data comes from generated tables (UnicodeTables.swift, Tables/*.swift). A
// `ScalarFolding` is built for a set of steps: it applies the mapping steps in pipeline
// order (width, accents, confusables, case, traditional) until nothing changes, so the
// result is stable under folding again (`ｆ` → `f`, `Ｍ` → `M` → `m`, `ǅ` → `Dž` → `dz`).
// A replacement of more than one scalar (`ß` → `ss`, `ﬁ` → `fi`) is an *expansion*:
// the table entry points into a side array.
//
// Layout: the Basic Multilingual Plane is a flat table of 65,536 `UInt32` (256 KB), entry
// = folded scalar (low 21 bits) | role bits. Other planes go through a page table of
// 256-scalar pages shared when equal; there a scalar field of 0 means "unchanged", so the
// pages of emoji or of CJK Extension B are one page each.

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
    /// The scalar folds to several scalars: the entry's scalar field is an offset into
    /// `ScalarFolding.expansions` (see `expansion(at:)`).
    public static let expansion = ScalarRole(rawValue: 1 << 28)
}

/// Per-scalar folding for one set of normalization steps. Immutable and shareable.
public struct ScalarFolding: Sendable {
    /// The steps this table applies.
    public let steps: NormalizationSteps
    /// For each BMP scalar: low 21 bits the folded scalar (or an expansion offset), high
    /// bits a `ScalarRole`. Held in `storage` so the hot loop reads it through a plain pointer.
    @usableFromInline let storage: TableStorage
    @usableFromInline var table: UnsafePointer<UInt32> { UnsafePointer(storage.table) }
    /// One bit per three-byte scalar (U+0800–U+FFFF), set when it is plain content that
    /// folding leaves alone (most Han characters), laid out for the UTF-8 bytes: entry
    /// `lead | (second & 0x3F) << 8` (the low 14 bits of a little-endian load of the
    /// sequence) holds the bits of the 64 scalars that differ in the third byte's low six
    /// bits, and entries of other lead bytes are zero, so one load and one bit test say
    /// "three-byte and plain" (`isPlainThreeByte`). 128 KB, of which the 8 KB of the lead
    /// bytes E0–EF are read; they stay in the L1 cache, where the table would not.
    @usableFromInline var plainBits: UnsafePointer<UInt64> { UnsafePointer(storage.plainBits) }
    /// For planes 1–16, page (value >> 8) - 0x100 → index of its 256-entry page in `pages`.
    @usableFromInline let pageIndex: [UInt16]
    /// Supplementary pages; a scalar field of 0 (without `.expansion`) means the scalar itself.
    @usableFromInline let pages: [UInt32]
    /// Expansions: at offset k, a count n and then n scalars. Offset 0 is unused.
    @usableFromInline let expansions: [UInt32]
    /// The most UTF-8 bytes a single-scalar folding writes per byte of original text
    /// (at most 2); expansions may write more and make room for themselves.
    public let maximumGrowth: Int
    /// The most UTF-8 bytes any folding, expansions included, writes per original byte.
    public let maximumExpansionGrowth: Int

    @usableFromInline static let scalarMask: UInt32 = 0x1F_FFFF

    /// The full normalization, built on first use (thread-safe lazy global initialisation).
    public static let shared = ScalarFolding(steps: .all)

    /// Builds the table for `steps` from the generated data (a few milliseconds).
    public init(steps: NormalizationSteps) {
        self.init(steps: steps, tables: .shared)
    }

    init(steps: NormalizationSteps, tables: UnicodeTables) {
        self.steps = steps
        var composer = Composer(steps: steps, tables: tables)
        var table = [UInt32](repeating: 0, count: 0x10000)
        for value in 0..<0x10000 {
            table[value] = UInt32(value) | composer.identityRole(ScalarClass(rawValue: tables.bmpClasses[value])!).rawValue
        }
        var supplementary: [UInt32: UInt32] = [:]
        for key in composer.keys.sorted() {
            let raw = composer.entry(key)
            if key < 0x10000 {
                table[Int(key)] = raw
            } else {
                supplementary[key] = raw & ScalarFolding.scalarMask == key ? raw & ~ScalarFolding.scalarMask : raw
            }
        }
        // Supplementary pages: a page inside one class run without overrides is uniform.
        var pageIndex = [UInt16](repeating: 0, count: 0x1000)
        var pages: [UInt32] = []
        var pageNumber: [[UInt32]: UInt16] = [:]
        var uniformPageNumber: [UInt32: UInt16] = [:]   // by role: pages with one role throughout
        let overriddenPages = Set(supplementary.keys.map { $0 >> 8 })
        var run = 0
        for page in UInt32(0x100)..<UInt32(0x1100) {
            let base = page << 8
            while run + 1 < tables.runStarts.count && tables.runStarts[run + 1] <= base { run += 1 }
            let uniform = !overriddenPages.contains(page)
                && (run + 1 == tables.runStarts.count || tables.runStarts[run + 1] > base + 255)
            if uniform {
                let role = composer.identityRole(ScalarClass(rawValue: tables.runClasses[run])!).rawValue
                if let number = uniformPageNumber[role] {
                    pageIndex[Int(page - 0x100)] = number
                    continue
                }
                let number = UInt16(pages.count / 256)
                uniformPageNumber[role] = number
                pageIndex[Int(page - 0x100)] = number
                pages.append(contentsOf: repeatElement(role, count: 256))
                continue
            }
            var entries = [UInt32](repeating: 0, count: 256)
            let overridden = overriddenPages.contains(page)
            for offset in 0..<256 {
                let value = base + UInt32(offset)
                entries[offset] = (overridden ? supplementary[value] : nil) ?? composer.identityRole(tables.scalarClass(value)).rawValue
            }
            if let number = pageNumber[entries] {
                pageIndex[Int(page - 0x100)] = number
            } else {
                let number = UInt16(pages.count / 256)
                pageNumber[entries] = number
                pageIndex[Int(page - 0x100)] = number
                pages.append(contentsOf: entries)
            }
        }
        self.storage = TableStorage(table)
        self.pageIndex = pageIndex
        self.pages = pages
        self.expansions = composer.expansions
        self.maximumGrowth = composer.maximumGrowth
        self.maximumExpansionGrowth = composer.maximumExpansionGrowth
    }

    /// Folded scalar and role of `value` (any scalar, BMP or not). With `.expansion` in
    /// the role, `scalar` is an offset for `expansion(at:)`.
    @inlinable @inline(__always)
    public func entry(_ value: UInt32) -> (scalar: UInt32, role: ScalarRole) {
        let raw = value < 0x10000 ? table[Int(value)] : supplementaryEntry(value)
        return (raw & ScalarFolding.scalarMask, ScalarRole(rawValue: raw & ~ScalarFolding.scalarMask))
    }

    /// The raw entry of a scalar outside the BMP, with "unchanged" resolved.
    @inlinable
    func supplementaryEntry(_ value: UInt32) -> UInt32 {
        guard value < 0x110000 else { return value | ScalarRole.separator.rawValue }
        let page = Int(pageIndex[Int(value >> 8) - 0x100])
        let raw = pages[page << 8 | Int(value & 0xFF)]
        return raw & ScalarFolding.scalarMask == 0 ? raw | value : raw
    }

    /// The scalars of an expansion entry.
    public func expansion(at offset: UInt32) -> ArraySlice<UInt32> {
        let start = Int(offset) + 1
        return expansions[start..<start + Int(expansions[Int(offset)])]
    }

    /// The scalars `value` folds to (none when it is dropped), for tools and explanations.
    public func folded(_ value: UInt32) -> [UInt32] {
        let (scalar, role) = entry(value)
        if role.contains(.ignorable) { return [] }
        if role.contains(.expansion) { return Array(expansion(at: scalar)) }
        return [scalar]
    }

    /// Applies the mapping steps to scalars until they are stable, and encodes entries.
    struct Composer {
        let steps: NormalizationSteps
        let tables: UnicodeTables
        let maps: [[UInt32: [UInt32]]]
        /// `maps` again for BMP scalars, flat, because `fold` looks up every mapped scalar
        /// in every map, several times (a dictionary lookup cost about as much as the rest
        /// of building the table): entry `k << 16 | scalar` is the one scalar that map k
        /// replaces `scalar` with, `unmapped`, or `expands` (more than one scalar).
        let bmpTargets: [UInt32]
        static let unmapped = UInt32.max, expands = UInt32.max - 1
        var keys: Set<UInt32> = []
        var expansions: [UInt32] = [0]
        var maximumGrowth = 1
        var maximumExpansionGrowth = 2

        init(steps: NormalizationSteps, tables: UnicodeTables) {
            self.steps = steps
            self.tables = tables
            maps = NormalizationSteps.mappingSteps.filter { steps.contains($0) }.map { tables.map(for: $0) }
            for map in maps { keys.formUnion(map.keys) }
            var targets = [UInt32](repeating: Composer.unmapped, count: maps.count << 16)
            for (index, map) in maps.enumerated() {
                for (key, mapped) in map where key < 0x10000 {
                    targets[index << 16 | Int(key)] = mapped.count == 1 ? mapped[0] : Composer.expands
                }
            }
            bmpTargets = targets
        }

        /// Whether a scalar of this class disappears under the steps.
        func drops(_ kind: ScalarClass) -> Bool {
            (kind == .ignorable && steps.contains(.ignorables)) || (kind == .mark && steps.contains(.accents))
        }

        /// Role of an unchanged scalar of class `kind`.
        func identityRole(_ kind: ScalarClass) -> ScalarRole {
            if drops(kind) { return .ignorable }
            switch kind {
            case .word: return .word
            case .separator: return .separator
            case .lineBreak: return .lineBreak
            case .other, .ignorable, .mark: return []
            }
        }

        /// The stable folding of one scalar.
        func fold(_ value: UInt32) -> [UInt32] {
            // Fast path: while every step maps one scalar to one scalar.
            var scalar = value
            for _ in 0..<8 {
                if drops(tables.scalarClass(scalar)) { return [] }
                let before = scalar
                for index in maps.indices {
                    if scalar < 0x10000 {
                        let target = bmpTargets[index << 16 | Int(scalar)]
                        if target == Composer.unmapped { continue }
                        if target == Composer.expands { return foldSequence(value) }
                        scalar = target
                    } else {
                        guard let mapped = maps[index][scalar] else { continue }
                        guard mapped.count == 1 else { return foldSequence(value) }
                        scalar = mapped[0]
                    }
                }
                if scalar == before { return [scalar] }
            }
            return [scalar]
        }

        /// The general case, for expansions.
        func foldSequence(_ value: UInt32) -> [UInt32] {
            var current = [value]
            for _ in 0..<8 {
                var next: [UInt32] = []
                for scalar in current where !drops(tables.scalarClass(scalar)) {
                    var piece = [scalar]
                    for index in maps.indices {
                        var output: [UInt32] = []
                        output.reserveCapacity(piece.count)
                        for scalar in piece {
                            if scalar < 0x10000 {   // the flat table, unless the scalar expands
                                let target = bmpTargets[index << 16 | Int(scalar)]
                                if target == Composer.unmapped { output.append(scalar); continue }
                                if target != Composer.expands { output.append(target); continue }
                            }
                            output += maps[index][scalar] ?? [scalar]
                        }
                        piece = output
                    }
                    next += piece
                }
                if next == current { break }
                current = next
            }
            return current
        }

        /// The table entry of a scalar that some step maps.
        mutating func entry(_ value: UInt32) -> UInt32 {
            let kind = tables.scalarClass(value)
            if drops(kind) { return value | ScalarRole.ignorable.rawValue }
            let output = fold(value)
            guard let first = output.first else { return value | ScalarRole.ignorable.rawValue }
            // A line break folded to something else (… to ..., ， to ,) stays a break.
            let role = kind == .lineBreak ? ScalarRole.lineBreak : identityRole(tables.scalarClass(first)).subtracting(.ignorable)
            if output.count == 1 {
                maximumGrowth = max(maximumGrowth, (utf8Length(first) + utf8Length(value) - 1) / utf8Length(value))
                return first | role.rawValue
            }
            let bytes = output.reduce(0) { $0 + utf8Length($1) }
            maximumExpansionGrowth = max(maximumExpansionGrowth, (bytes + utf8Length(value) - 1) / utf8Length(value))
            let offset = UInt32(expansions.count)
            expansions.append(UInt32(output.count))
            expansions.append(contentsOf: output)
            return offset | role.union(.expansion).rawValue
        }
    }
}

/// An immutable table in memory that lives as long as the foldings that share it.
@usableFromInline
final class TableStorage: @unchecked Sendable {   // written once in init, then only read
    @usableFromInline let table: UnsafeMutablePointer<UInt32>
    let count: Int

    @usableFromInline let plainBits: UnsafeMutablePointer<UInt64>

    init(_ values: [UInt32]) {
        count = values.count
        table = .allocate(capacity: values.count)
        table.initialize(from: values, count: values.count)
        plainBits = .allocate(capacity: 0x4000)
        plainBits.initialize(repeating: 0, count: 0x4000)
        for (value, raw) in values.enumerated() where raw == UInt32(value) {   // below U+0800: overlong, as decoded
            let lead = 0xE0 | value >> 12, second = (value >> 6) & 0x3F
            plainBits[lead | second << 8] |= 1 << UInt64(value & 63)
        }
    }

    deinit {
        table.deallocate()
        plainBits.deallocate()
    }
}

@inline(__always) func utf8Length(_ scalar: UInt32) -> Int {
    scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4
}
