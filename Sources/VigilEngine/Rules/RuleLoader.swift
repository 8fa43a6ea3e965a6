// Reads rule files (docs/rules.md) with Yams into the rule model, keeping the file, line and
// column of every node. It reports every structural problem it sees (unknown keys,
// missing ids, zero or two matchers, bad severity or weight) and goes on, so one lint
// run shows them all; checks that need every pack (references, cycles, regexes) live in
// RuleCompiler, and the warnings of `rules lint` in RuleLinter (Authoring).
import Yams

/// Turns rule files into a `RuleSet` plus the problems found on the way.
public struct RuleLoader {
    static let packKeys: Set<String> = ["pack", "description", "defaults", "rules", "disable", "override", "allow", "unless"]
    static let defaultKeys: Set<String> = ["category", "severity", "weight", "word", "normalize", "case", "signal", "basis", "suggest", "repeats", "variants", "unless"]
    static let matcherKeys = ["keywords", "keywords_file", "regex", "detector", "all", "any", "none", "near", "count", "classifier"]
    static let ruleKeys: Set<String> = defaultKeys.union(matcherKeys).union(
        ["id", "message", "unless", "internal", "examples"])

    let source: RuleSource
    var diagnostics: [RuleDiagnostic] = []

    public init(source: RuleSource) { self.source = source }

    /// Loads every pack file of the source.
    /// Each file is parsed on its own loader on another thread (ConcurrentResult): the YAML
    /// parse is the largest single-threaded part of start-up. The packs and their problems are
    /// taken in file order, as if read one after the other.
    public mutating func load() -> RuleSet {
        let parsed = source.packFiles.map { [source] file in
            ConcurrentResult { () -> (pack: RulePack?, problems: [RuleDiagnostic]) in
                var loader = RuleLoader(source: source)
                let pack = loader.loadPack(file)
                return (pack, loader.diagnostics)
            }
        }
        var packs: [RulePack] = []
        // Built-in or not is the file's own mark: a pack given as `rules/x.yaml` from the
        // source tree has the same path as the built-in copy it replaces.
        for (file, result) in zip(source.packFiles, parsed) {
            let (pack, problems) = result.value()
            diagnostics += problems
            if var pack {
                pack.isBuiltin = file.isBuiltin
                packs.append(pack)
            }
        }
        return RuleSet(packs: packs)
    }

    /// The problems found so far.
    public var problems: [RuleDiagnostic] { diagnostics }

    // MARK: - Files and packs

    mutating func loadPack(_ file: RuleFile) -> RulePack? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: file.contents, .ruleFiles)
        } catch {
            let (message, line, column) = RuleLoader.describe(error)
            self.error(message, FileLocation(file: file.path, line: line, column: column))
            return nil
        }
        let fileStart = FileLocation(file: file.path, line: 1, column: 1)
        guard let root, let mapping = root.mapping else {
            error("a rule file must be a mapping with `pack` and `rules`", fileStart)
            return nil
        }
        checkKeys(mapping, allowed: RuleLoader.packKeys, what: "pack", file: file.path)
        guard let packNode = mapping[field: "pack"] else {
            error("missing required key `pack`", location(root, file.path))
            return nil
        }
        let packName = string(packNode, "pack", file.path) ?? ""
        if !RuleLoader.isValidName(packName) {
            error("pack name `\(packName)` must match [a-z0-9-]+", location(packNode, file.path))
        }
        let description = mapping[field: "description"].flatMap { string($0, "description", file.path) } ?? ""
        var defaults = RuleDefaults()
        if let node = mapping[field: "defaults"] {
            if let map = node.mapping {
                checkKeys(map, allowed: RuleLoader.defaultKeys, what: "defaults", file: file.path)
                defaults = readDefaults(map, file: file.path)
            } else {
                error("`defaults` must be a mapping", location(node, file.path))
            }
        }
        // `unless` in `defaults` or at pack level applies to every rule of the pack.
        if let node = mapping[field: "unless"] { defaults.unless += locatedStrings(node, "unless", file.path) ?? [] }
        let settings = readPackSettings(mapping, file: file.path)
        var rules: [Rule] = []
        var seen: [String: FileLocation] = [:]
        if let node = mapping[field: "rules"] {
            guard let sequence = node.sequence else {
                error("`rules` must be a list", location(node, file.path))
                return RulePack(name: packName, description: description, file: file.path, rules: [], settings: settings)
            }
            for ruleNode in sequence {
                guard let rule = loadRule(ruleNode, pack: packName, defaults: defaults, file: file.path) else { continue }
                if let first = seen[rule.id] {
                    error("duplicate rule id `\(rule.id)` (first defined at \(first))", rule.location)
                    continue
                }
                seen[rule.id] = rule.location
                rules.append(rule)
            }
        } else {
            error("missing required key `rules`", location(root, file.path))
        }
        return RulePack(name: packName, description: description, file: file.path, rules: rules, settings: settings)
    }

    struct RuleDefaults {
        var category: String?
        var severity: Severity?
        var weight: Double?
        var word: Bool?
        var normalization: NormalizationSteps?
        var collapseRepeats: Bool?
        var variants: KeywordVariants?
        var caseSensitive: Bool?
        var signal: String?
        var basis: String?
        var suggest: [String]?
        /// Exception phrases of every rule of the pack (`defaults.unless`, pack-level `unless`).
        var unless: [Located<String>] = []
    }

    mutating func readDefaults(_ map: Node.Mapping, file: String) -> RuleDefaults {
        var defaults = RuleDefaults()
        defaults.category = map[field: "category"].flatMap { string($0, "category", file) }
        defaults.severity = map[field: "severity"].flatMap { severity($0, file) }
        defaults.weight = map[field: "weight"].flatMap { weight($0, file) }
        defaults.word = map[field: "word"].flatMap { bool($0, "word", file) }
        defaults.normalization = map[field: "normalize"].flatMap { normalizationSetting($0, file) }
        defaults.collapseRepeats = map[field: "repeats"].flatMap { repeatsSetting($0, file) }
        defaults.variants = map[field: "variants"].flatMap { variantsSetting($0, file) }
        defaults.caseSensitive = map[field: "case"].flatMap { caseSetting($0, file) }
        defaults.signal = map[field: "signal"].flatMap { string($0, "signal", file) }
        defaults.basis = map[field: "basis"].flatMap { string($0, "basis", file) }
        defaults.suggest = map[field: "suggest"].flatMap { stringList($0, "suggest", file) }
        defaults.unless = map[field: "unless"].flatMap { locatedStrings($0, "unless", file) } ?? []
        return defaults
    }

    // MARK: - Rules

    mutating func loadRule(_ node: Node, pack: String, defaults: RuleDefaults, file: String) -> Rule? {
        let at = location(node, file)
        guard let mapping = node.mapping else {
            error("a rule must be a mapping", at)
            return nil
        }
        checkKeys(mapping, allowed: RuleLoader.ruleKeys, what: "rule", file: file)
        let map = MappingFields(mapping)   // a rule reads some 30 fields: index its keys once
        guard let idNode = map[field: "id"], let id = string(idNode, "id", file) else {
            error("rule has no `id`", at)
            return nil
        }
        if !RuleLoader.isValidName(id) {
            error("rule id `\(id)` must match [a-z0-9-]+", location(idNode, file))
        }
        let present = RuleLoader.matcherKeys.filter { map[field: $0] != nil }
        if present.isEmpty {
            error("rule `\(id)` has no matcher: give one of \(RuleLoader.matcherKeys.joined(separator: ", "))", at)
            return nil
        }
        if present.count > 1 {
            let second = map[field: present[1]]!
            error("rule `\(id)` has more than one matcher (\(present.joined(separator: ", "))): give exactly one", location(second, file))
            return nil
        }
        // A matcher that cannot be read has had its error; the rule is kept with an empty
        // one so that rules referring to it get no second error about the same mistake.
        let matcher = readMatcher(present[0], map[field: present[0]]!, file: file, pack: pack) ?? .keywords([])

        let category = map[field: "category"].flatMap { string($0, "category", file) } ?? defaults.category
        if category == nil || category!.isEmpty {
            error("rule `\(id)` has no `category` (set it on the rule or in `defaults`)", at)
        }
        let ruleSeverity = map[field: "severity"].flatMap { severity($0, file) } ?? defaults.severity ?? .medium
        let ruleWeight = map[field: "weight"].flatMap { weight($0, file) } ?? defaults.weight ?? ruleSeverity.defaultWeight
        var examples = RuleExamples()
        if let node = map[field: "examples"] {
            if let exampleMap = node.mapping {
                checkKeys(exampleMap, allowed: ["match", "no_match"], what: "examples", file: file)
                examples.match = exampleMap[field: "match"].flatMap { locatedStrings($0, "examples.match", file) } ?? []
                examples.noMatch = exampleMap[field: "no_match"].flatMap { locatedStrings($0, "examples.no_match", file) } ?? []
            } else {
                error("`examples` must be a mapping with `match` and `no_match` lists", location(node, file))
            }
        }
        let caseSensitive = map[field: "case"].flatMap { caseSetting($0, file) } ?? defaults.caseSensitive ?? false
        let normalization = map[field: "normalize"].flatMap { normalizationSetting($0, file) } ?? defaults.normalization ?? .all
        let collapseRepeats = map[field: "repeats"].flatMap { repeatsSetting($0, file) } ?? defaults.collapseRepeats ?? false
        let keywordVariants = map[field: "variants"].flatMap { variantsSetting($0, file) } ?? defaults.variants ?? []
        checkNormalizationOptions(map, matcher: matcher, normalization: normalization, caseSensitive: caseSensitive,
                                  collapseRepeats: collapseRepeats, variants: keywordVariants, file: file)
        var rule = Rule(
            qualifiedID: "\(pack)/\(id)", id: id, pack: pack, location: at,
            category: category ?? "",
            severity: ruleSeverity, weight: ruleWeight, matcher: matcher,
            message: map[field: "message"].flatMap { string($0, "message", file) } ?? "\(pack)/\(id)",
            basis: map[field: "basis"].flatMap { string($0, "basis", file) } ?? defaults.basis,
            suggest: map[field: "suggest"].flatMap { stringList($0, "suggest", file) } ?? defaults.suggest ?? [],
            unless: defaults.unless + (map[field: "unless"].flatMap { locatedStrings($0, "unless", file) } ?? []),
            word: map[field: "word"].flatMap { bool($0, "word", file) } ?? defaults.word,
            normalization: normalization,
            caseSensitive: caseSensitive,
            isInternal: map[field: "internal"].flatMap { bool($0, "internal", file) } ?? false,
            signal: map[field: "signal"].flatMap { string($0, "signal", file) } ?? defaults.signal ?? category ?? "",
            examples: examples)
        rule.collapseRepeats = collapseRepeats
        rule.variants = keywordVariants
        rule.inheritedUnlessCount = defaults.unless.count
        rule.hasMessage = map[field: "message"] != nil
        return rule
    }

    /// Lint for `normalize` lists, `repeats` and `variants` that cannot apply to the rule.
    mutating func checkNormalizationOptions(_ map: MappingFields, matcher: RuleMatcher, normalization: NormalizationSteps,
                                            caseSensitive: Bool, collapseRepeats: Bool, variants: KeywordVariants, file: String) {
        var isKeywords = false
        if case .keywords = matcher { isKeywords = true }
        if caseSensitive && normalization != .all && !normalization.isEmpty, let node = map[field: "normalize"] ?? map[field: "case"] {
            error("`case: sensitive` matches the original text and cannot be combined with a `normalize` step list; leave `case` out of the list instead", location(node, file))
        }
        for (key, used) in [("repeats", collapseRepeats), ("variants", !variants.isEmpty)] where used {
            guard let node = map[field: key] else { continue }
            if !isKeywords {
                error("`\(key)` applies to keyword rules only", location(node, file))
            } else if normalization.isEmpty || caseSensitive {
                error("`\(key)` needs normalized matching; it cannot be combined with `normalize: false` or `case: sensitive`", location(node, file))
            }
        }
    }

    /// The keywords of a `keywords_file`: one a line, blanks around it dropped, blank lines
    /// and `#` comments skipped, each located at its line. Split as bytes, in one pass over
    /// the text: a list has thousands of lines, and splitting a String by Character would
    /// walk grapheme boundaries (and keep "\r\n" lines together).
    static func keywordLines(of text: String, path: String) -> [Located<String>] {
        func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") }
        var list: [Located<String>] = []
        var copy = text
        copy.withUTF8 { bytes in
            var lineStart = 0, number = 0
            while lineStart <= bytes.count {   // a text ending in "\n" ends with an empty line
                number += 1
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                var first = lineStart, last = lineEnd
                while first < last && isSpace(bytes[first]) { first += 1 }
                while last > first && isSpace(bytes[last - 1]) { last -= 1 }
                if first < last && bytes[first] != UInt8(ascii: "#") {
                    let line = UnsafeBufferPointer(rebasing: bytes[first..<last])
                    list.append(Located(String(decoding: line, as: UTF8.self), at: FileLocation(file: path, line: number, column: 1)))
                }
                lineStart = lineEnd + 1
            }
        }
        return list
    }

    mutating func readMatcher(_ key: String, _ node: Node, file: String, pack: String) -> RuleMatcher? {
        switch key {
        case "keywords":
            guard let list = locatedStrings(node, key, file) else { return nil }
            if list.isEmpty { error("`keywords` is empty", location(node, file)); return nil }
            return .keywords(list)
        case "keywords_file":
            guard let relative = string(node, key, file) else { return nil }
            let path = RuleSource.resolve(relative, against: file)
            guard let text = source.readCompanion(path) else {
                error("cannot read keywords_file `\(relative)` (looked for \(path))", location(node, file))
                return nil
            }
            let list = RuleLoader.keywordLines(of: text, path: path)
            if list.isEmpty { error("keywords_file `\(relative)` holds no keywords", location(node, file)); return nil }
            return .keywords(list)
        case "regex":
            guard let pattern = string(node, key, file) else { return nil }
            return .regex(Located(pattern, at: regexLocation(node, file)))
        case "detector":
            guard let name = string(node, key, file) else { return nil }
            return .detector(Located(name, at: location(node, file)))
        case "all", "any", "none":
            guard let refs = references(node, key, file) else { return nil }
            if refs.isEmpty { error("`\(key)` needs at least one rule reference", location(node, file)); return nil }
            return key == "all" ? .all(refs) : key == "any" ? .any(refs) : .none(refs)
        case "near":
            guard let map = node.mapping else { error("`near` must be a mapping with `all` and `within`", location(node, file)); return nil }
            checkKeys(map, allowed: ["all", "within"], what: "near", file: file)
            guard let allNode = map[field: "all"], let refs = references(allNode, "near.all", file), refs.count >= 2 else {
                error("`near.all` must list at least two rule references", location(node, file)); return nil
            }
            guard let withinNode = map[field: "within"], let within = withinNode.int, within >= 0 else {
                error("`near.within` must be a non-negative number of code points", location(map[field: "within"] ?? node, file)); return nil
            }
            return .near(refs, within: within)
        case "count":
            guard let map = node.mapping else { error("`count` must be a mapping with `of` and `at_least`", location(node, file)); return nil }
            checkKeys(map, allowed: ["of", "at_least"], what: "count", file: file)
            guard let ofNode = map[field: "of"], let name = string(ofNode, "count.of", file) else {
                error("`count.of` must name a rule", location(node, file)); return nil
            }
            guard let atLeastNode = map[field: "at_least"], let atLeast = atLeastNode.int, atLeast >= 1 else {
                error("`count.at_least` must be a positive integer", location(map[field: "at_least"] ?? node, file)); return nil
            }
            return .count(RuleReference(name: name, location: location(ofNode, file)), atLeast: atLeast)
        case "classifier":
            return readClassifier(node, file: file)
        default:
            return nil
        }
    }

    // MARK: - Scalars

    mutating func checkKeys(_ map: Node.Mapping, allowed: Set<String>, what: String, file: String) {
        var seen: Set<String> = []
        for (key, _) in map {
            let name = key.string ?? "?"
            if !allowed.contains(name) {
                error(YAMLFields.unknownKey(name, in: what, allowed: allowed), location(key, file))
            } else if !seen.insert(name).inserted {
                error(YAMLFields.duplicateKey(name, in: what), location(key, file))
            }
        }
    }

    mutating func string(_ node: Node, _ key: String, _ file: String) -> String? {
        guard let scalar = node.scalar else {
            error("`\(key)` must be a single value", location(node, file))
            return nil
        }
        return scalar.string
    }

    mutating func bool(_ node: Node, _ key: String, _ file: String) -> Bool? {
        guard let value = node.bool else {
            error("`\(key)` must be true or false", location(node, file))
            return nil
        }
        return value
    }

    mutating func severity(_ node: Node, _ file: String) -> Severity? {
        guard let text = node.string, let value = Severity(rawValue: text) else {
            error("severity must be one of low, medium, high, critical (got `\(node.string ?? "a non-scalar")`)", location(node, file))
            return nil
        }
        return value
    }

    mutating func weight(_ node: Node, _ file: String) -> Double? {
        guard let value = node.float, value >= 0, value <= 100 else {
            error("weight must be a number from 0 to 100 (got `\(node.string ?? "a non-scalar")`)", location(node, file))
            return nil
        }
        return value
    }

    /// `normalize`: true (every step), false (none: the raw text) or a list of step names.
    mutating func normalizationSetting(_ node: Node, _ file: String) -> NormalizationSteps? {
        if node.scalar != nil {
            guard let value = node.bool else {
                error("`normalize` must be true, false or a list of steps (\(NormalizationSteps.named.map(\.name).joined(separator: ", ")))", location(node, file))
                return nil
            }
            return value ? .all : []
        }
        guard let items = locatedStrings(node, "normalize", file) else { return nil }
        if items.isEmpty {
            error("`normalize` lists no step; write `normalize: false` to match the raw text", location(node, file))
            return nil
        }
        var steps: NormalizationSteps = []
        for item in items {
            if let step = NormalizationSteps(name: item.value) {
                steps.insert(step)
            } else {
                let known = Set(NormalizationSteps.named.map(\.name))
                let hint = YAMLFields.closest(to: item.value, in: known).map { "did you mean `\($0)`? " } ?? ""
                error("unknown normalization step `\(item.value)` (\(hint)known: \(NormalizationSteps.named.map(\.name).joined(separator: ", ")))", item.location)
            }
        }
        return steps
    }

    /// `repeats`: `collapse` or `keep` (the default).
    mutating func repeatsSetting(_ node: Node, _ file: String) -> Bool? {
        switch node.string {
        case "collapse": return true
        case "keep": return false
        default:
            error("`repeats` must be `collapse` or `keep`", location(node, file))
            return nil
        }
    }

    /// `variants`: a list of `pinyin`, `initials`.
    mutating func variantsSetting(_ node: Node, _ file: String) -> KeywordVariants? {
        guard let items = locatedStrings(node, "variants", file) else { return nil }
        var result: KeywordVariants = []
        for item in items {
            if let variant = KeywordVariants(name: item.value) {
                result.insert(variant)
            } else {
                error("unknown keyword variant `\(item.value)` (known: \(KeywordVariants.named.map(\.name).joined(separator: ", ")))", item.location)
            }
        }
        return result
    }

    mutating func caseSetting(_ node: Node, _ file: String) -> Bool? {
        switch node.string {
        case "sensitive": return true
        case "insensitive": return false
        default:
            error("`case` must be `sensitive` or `insensitive`", location(node, file))
            return nil
        }
    }

    mutating func stringList(_ node: Node, _ key: String, _ file: String) -> [String]? {
        if node.scalar != nil { return string(node, key, file).map { [$0] } }
        return locatedStrings(node, key, file)?.map(\.value)
    }

    mutating func locatedStrings(_ node: Node, _ key: String, _ file: String) -> [Located<String>]? {
        guard let sequence = node.sequence else {
            error("`\(key)` must be a list", location(node, file))
            return nil
        }
        var values: [Located<String>] = []
        for item in sequence {
            guard let text = string(item, key, file) else { continue }
            values.append(Located(text, at: location(item, file)))
        }
        return values
    }

    mutating func references(_ node: Node, _ key: String, _ file: String) -> [RuleReference]? {
        locatedStrings(node, key, file)?.map { RuleReference(name: $0.value, location: $0.location) }
    }

    mutating func error(_ message: String, _ location: FileLocation) {
        diagnostics.append(RuleDiagnostic(.error, message, at: location))
    }

    func location(_ node: Node, _ file: String) -> FileLocation {
        YAMLFields.location(node, file: file)
    }

    /// Where a regex's first character is: after the opening quote of a quoted scalar.
    func regexLocation(_ node: Node, _ file: String) -> FileLocation {
        var at = location(node, file)
        if let style = node.scalar?.style, style == .singleQuoted || style == .doubleQuoted { at.column += 1 }
        return at
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    static func describe(_ error: Error) -> (String, Int, Int) {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                return ("invalid YAML: \(problem)", mark.line, mark.column)
            case .reader(let problem, _, _, _):
                return ("invalid YAML: \(problem)", 1, 1)
            case .duplicatedKeysInMapping(let duplicates, let context):
                return ("duplicate key \(duplicates.map { "`\($0)`" }.joined(separator: ", "))", context.mark.line, context.mark.column)
            default:
                break
            }
        }
        return ("invalid YAML: \(error)", 1, 1)
    }

}

/// The fields of one mapping, with the text of each scalar key read once. Yams copies a
/// whole key and value (several reference counts) for every pair a lookup walks past,
/// so looking fields up in the `Node.Mapping` itself cost rule loading about 40M
/// instructions; here a lookup compares strings. Same answer as `Node.Mapping[field:]`:
/// the value of the first key spelled `key`.
struct MappingFields {
    private let names: [String?]
    private let values: [Node]

    init(_ mapping: Node.Mapping) {
        var names: [String?] = [], values: [Node] = []
        names.reserveCapacity(mapping.count)
        values.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            names.append(key.scalar?.string)
            values.append(value)
        }
        self.names = names
        self.values = values
    }

    subscript(field key: String) -> Node? {
        names.firstIndex { $0 == key }.map { values[$0] }
    }
}

extension Node.Mapping {
    /// The value of the key spelled `key`. Yams' own `mapping["key"]` compares whole
    /// nodes, resolving every key's tag with regular expressions at each comparison;
    /// the keys of rule files are plain names, so comparing their text is enough.
    subscript(field key: String) -> Node? {
        first { $0.key.scalar?.string == key }?.value
    }
}
