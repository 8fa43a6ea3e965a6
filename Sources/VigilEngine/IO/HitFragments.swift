// Why this file exists: most of a hit's JSON depends only on its rule (id, category,
// severity, message, basis, suggestions), yet writing it field by field escaped every
// string of every hit again. A screener keeps each rule's fixed parts pre-encoded,
// so writing a hit is two copies plus its offsets and matched text. The fragments
// live one after another in one array, so a writer reaches them all through a
// single buffer pointer.

/// Pre-encoded JSON of each rule's fixed hit fields, for one compiled rule set.
/// Per thread (owned by a `RecordScreener`); built lazily, one rule at a time.
final class HitFragments {
    // Held as `ScratchList`s: the record writer reads them for every hit, and reading
    // arrays stored in a class retains and releases them each time.
    /// Every fragment built so far, one after another.
    private(set) var storage = ScratchList<UInt8>(capacity: 4096)
    /// Per rule: where `{"rule":…,"category":…,"severity":…,"start":` is in `storage`;
    /// empty until first used.
    private(set) var headRanges = ScratchList<Range<Int>>()
    /// Per rule: where `,"message":…[,"basis":…][,"suggest":[…]]}` is in `storage`.
    private(set) var tailRanges = ScratchList<Range<Int>>()
    /// Per category: where `"category":` (the key of its score in a verdict) is in
    /// `storage`; empty until first used.
    private(set) var categoryKeyRanges = ScratchList<Range<Int>>()
    private var preparedFor: ObjectIdentifier?
    private var rules: CompiledRules?

    deinit {
        storage.deallocate(); headRanges.deallocate(); tailRanges.deallocate(); categoryKeyRanges.deallocate()
    }

    /// Makes the fragments describe `rules` (a no-op when they already do).
    @inline(__always)
    func prepare(for rules: CompiledRules) {
        if preparedFor != ObjectIdentifier(rules) { reset(for: rules) }
    }

    /// `prepare(for:)`'s work, once per rule set (kept out of line: the check runs per post).
    @inline(never)
    private func reset(for rules: CompiledRules) {
        preparedFor = ObjectIdentifier(rules)
        self.rules = rules
        storage.removeAll()
        headRanges.deallocate(); tailRanges.deallocate(); categoryKeyRanges.deallocate()
        headRanges = ScratchList(repeating: 0..<0, count: rules.rules.count)
        tailRanges = ScratchList(repeating: 0..<0, count: rules.rules.count)
        categoryKeyRanges = ScratchList(repeating: 0..<0, count: rules.categories.count)
    }

    /// Rule `index`'s head fragment (after `ensure(index)`; valid until the next `ensure`).
    func head(_ index: Int) -> UnsafeBufferPointer<UInt8> { fragment(headRanges[index]) }
    /// Rule `index`'s tail fragment (after `ensure(index)`; valid until the next `ensure`).
    func tail(_ index: Int) -> UnsafeBufferPointer<UInt8> { fragment(tailRanges[index]) }
    /// Category `index`'s key (after `ensureCategory(index)`; valid until the next `ensure`).
    func categoryKey(_ index: Int) -> UnsafeBufferPointer<UInt8> { fragment(categoryKeyRanges[index]) }

    @inline(__always)
    private func fragment(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage.base + range.lowerBound, count: range.count)
    }

    /// Appends `bytes` to the storage and returns where they are.
    private func store(_ bytes: [UInt8]) -> Range<Int> {
        let start = storage.count
        bytes.withUnsafeBufferPointer { storage.append(contentsOf: $0) }
        return start..<storage.count
    }

    /// Ensures category `index`'s key exists.
    func ensureCategory(_ index: Int) {
        guard categoryKeyRanges[index].isEmpty, let rules else { return }
        var writer = JSONWriter(capacity: 32)
        writer.writeString(rules.categories[index])
        writer.bytes.append(UInt8(ascii: ":"))
        categoryKeyRanges[index] = store(writer.bytes)
    }

    /// Ensures rule `index`'s fragments exist.
    func ensure(_ index: Int) {
        guard headRanges[index].isEmpty, let rules else { return }
        let rule = rules.rules[index]
        var writer = JSONWriter(capacity: 128)
        writer.literal(#"{"rule":"#); writer.writeString(rule.qualifiedID)
        writer.literal(#","category":"#); writer.writeString(rule.category)
        writer.literal(#","severity":"#); writer.writeString(rule.severity.rawValue)
        writer.literal(#","start":"#)
        headRanges[index] = store(writer.bytes)
        writer.reset()
        writer.literal(#","message":"#); writer.writeString(rule.message)
        if let basis = rule.basis { writer.literal(#","basis":"#); writer.writeString(basis) }
        if !rule.suggest.isEmpty {
            writer.literal(#","suggest":["#)
            for (position, suggestion) in rule.suggest.enumerated() {
                if position > 0 { writer.bytes.append(UInt8(ascii: ",")) }
                writer.writeString(suggestion)
            }
            writer.literal("]")
        }
        writer.literal("}")
        tailRanges[index] = store(writer.bytes)
    }
}
