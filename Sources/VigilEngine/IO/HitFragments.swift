// Why this file exists: most of a hit's JSON depends only on its rule (id, category,
// severity, message, basis, suggestions), yet writing it field by field escaped every
// string of every hit again. A screener keeps each rule's fixed parts pre-encoded,
// so writing a hit is two copies plus its offsets and matched text.

/// Pre-encoded JSON of each rule's fixed hit fields, for one compiled rule set.
/// Per thread (owned by a `RecordScreener`); built lazily, one rule at a time.
final class HitFragments {
    /// `{"rule":…,"category":…,"severity":…,"start":` per rule, empty until first used.
    private(set) var heads: [[UInt8]] = []
    /// `,"message":…[,"basis":…][,"suggest":[…]]}` per rule.
    private(set) var tails: [[UInt8]] = []
    /// `"category":` per category (the key of its score in a verdict), empty until first used.
    private(set) var categoryKeys: [[UInt8]] = []
    private var preparedFor: ObjectIdentifier?
    private var rules: CompiledRules?

    /// Makes the fragments describe `rules` (a no-op when they already do).
    func prepare(for rules: CompiledRules) {
        let identity = ObjectIdentifier(rules)
        if preparedFor == identity { return }
        preparedFor = identity
        self.rules = rules
        heads = [[UInt8]](repeating: [], count: rules.rules.count)
        tails = [[UInt8]](repeating: [], count: rules.rules.count)
        categoryKeys = [[UInt8]](repeating: [], count: rules.categories.count)
    }

    /// Ensures category `index`'s key exists.
    func ensureCategory(_ index: Int) {
        guard categoryKeys[index].isEmpty, let rules else { return }
        var writer = JSONWriter(capacity: 32)
        writer.writeString(rules.categories[index])
        writer.bytes.append(UInt8(ascii: ":"))
        categoryKeys[index] = writer.bytes
    }

    /// Ensures rule `index`'s fragments exist.
    func ensure(_ index: Int) {
        guard heads[index].isEmpty, let rules else { return }
        let rule = rules.rules[index]
        var writer = JSONWriter(capacity: 128)
        writer.literal(#"{"rule":"#); writer.writeString(rule.qualifiedID)
        writer.literal(#","category":"#); writer.writeString(rule.category)
        writer.literal(#","severity":"#); writer.writeString(rule.severity.rawValue)
        writer.literal(#","start":"#)
        heads[index] = writer.bytes
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
        tails[index] = writer.bytes
    }
}
