// Compiles a RuleSet into CompiledRules, checking on the way everything that needs
// all packs at once (docs/rules.md): references and cycles, regexes (PCRE2's own message,
// mapped into the file), detectors, keywords that normalize to nothing. `rules lint`
// is this compiler with its output thrown away, so lint and load never disagree.

/// The result of compiling: the rules, or every problem that stops them.
public struct RuleCompilation {
    public var rules: CompiledRules?
    /// Errors and warnings, in file order.
    public var diagnostics: [RuleDiagnostic]
    public var errors: [RuleDiagnostic] { diagnostics.filter { $0.level == .error } }
    public var warnings: [RuleDiagnostic] { diagnostics.filter { $0.level == .warning } }
}

public struct RuleCompiler: Sendable {
    public var normalizer = Normalizer()
    public init() {}

    /// Loads and compiles every pack of `source`.
    public func compile(_ source: RuleSource) -> RuleCompilation {
        var loader = RuleLoader(source: source)
        let ruleSet = loader.load()
        return compile(ruleSet, diagnostics: loader.problems)
    }

    /// Compiles loaded packs; `diagnostics` carries problems found while loading.
    public func compile(_ ruleSet: RuleSet, diagnostics initial: [RuleDiagnostic]) -> RuleCompilation {
        var (ruleSet, initial) = (ruleSet, initial)
        PackAssembly.apply(to: &ruleSet, diagnostics: &initial)
        var state = CompilerState(normalizer: normalizer, diagnostics: initial)
        let rules = ruleSet.rules
        state.startKeywordForms(rules)
        state.startRegexPreparations(rules)
        state.checkPackNames(ruleSet)
        state.indexRules(rules)
        let references = rules.map { state.resolveReferences(of: $0) }
        let order = state.dependencyOrder(rules, references: references)
        compileMatchers(rules, references: references, into: &state)
        let allowList = compileAllowList(ruleSet.packs, into: &state)
        let diagnostics = state.diagnostics.sorted { ($0.location.file, $0.location.line, $0.location.column) < ($1.location.file, $1.location.line, $1.location.column) }
        guard !diagnostics.contains(where: { $0.level == .error }) else {
            return RuleCompilation(rules: nil, diagnostics: diagnostics)
        }
        let compiled = assemble(ruleSet, rules: rules, order: order, allowList: allowList, state: &state)
        return RuleCompilation(rules: compiled, diagnostics: diagnostics)
    }

    /// Every rule's matcher and exception phrases, in rule order.
    private func compileMatchers(_ rules: [Rule], references: [[Int32]], into state: inout CompilerState) {
        // Nearly every keyword becomes a normalized pattern: size that table once instead
        // of rehashing every pattern each time it grows (about 12M instructions at startup).
        let keywordCount = rules.reduce(0) { count, rule in
            if case .keywords(let list) = rule.matcher { return count + list.count }
            return count
        }
        state.normalizedPatterns.reserveCapacity(keywordCount)
        for (index, rule) in rules.enumerated() {
            state.compileMatcher(rule, index: Int32(index), references: references[index])
            for phrase in rule.unless {
                state.addPhrase(phrase, role: .exception(rule: Int32(index)), wholeWord: false)
            }
        }
    }

    /// The packs' `allow` entries; each gate phrase joins the main automaton's patterns.
    private func compileAllowList(_ packs: [RulePack], into state: inout CompilerState) -> AllowList? {
        let gateScratch = NormalizedText()
        let allowList = AllowList.compile(packs, normalizer: normalizer, gate: { [normalizer] text in
            let stream = KeywordForm.keywordStream(of: text, normalizer: normalizer, scratch: gateScratch)
            let bytes = stream.filter { $0 != keywordGapByte }
            return bytes.count >= 2 && !bytes.contains(keywordBreakByte) ? bytes : nil
        }, diagnostics: &state.diagnostics)
        for gate in allowList?.gates ?? [] {
            _ = state.normalizedPatterns.add(gate, KeywordEntry(role: .allowGate, wholeWord: false, writtenGaps: []))
        }
        return allowList
    }

    /// Each rule's static facts, with its category numbered in order of first use.
    private func compiledRuleTable(_ rules: [Rule]) -> (rules: [CompiledRule], categories: [String]) {
        var categories: [String] = []
        var categoryIndex: [String: Int32] = [:]
        let compiledRules = rules.enumerated().map { index, rule -> CompiledRule in
            if categoryIndex[rule.category] == nil {
                categoryIndex[rule.category] = Int32(categories.count)
                categories.append(rule.category)
            }
            return CompiledRule(
                qualifiedID: rule.qualifiedID, category: rule.category, categoryIndex: categoryIndex[rule.category]!,
                severity: rule.severity, weight: rule.weight, message: rule.message, basis: rule.basis,
                suggest: rule.suggest, isInternal: rule.isInternal, signal: rule.signal,
                hasExceptions: !rule.unless.isEmpty)
        }
        return (compiledRules, categories)
    }

    /// The finished rule set: the three keyword automata and everything the compiler state
    /// gathered, for a rule set without errors.
    private func assemble(_ ruleSet: RuleSet, rules: [Rule], order: [Int], allowList: AllowList?, state: inout CompilerState) -> CompiledRules {
        let conditions = order.compactMap { state.conditionByRule[$0] }
        let (compiledRules, categories) = compiledRuleTable(rules)
        let collapsed = state.collapsedPatterns.table()
        // The main scan reports the collapsed keywords' character pairs, so that the
        // collapsed pass runs only on posts where it can match.
        let collapseGate = CollapseGate(collapsedPatterns: collapsed.patterns)
        for (bit, pair) in (collapseGate?.pairs ?? []).enumerated() {
            _ = state.normalizedPatterns.add(pair, KeywordEntry(role: .collapsePair(bit: Int32(bit)), wholeWord: false, writtenGaps: []))
        }
        let normalized = state.normalizedPatterns.table()
        // The main automaton, the largest piece of start-up, is built on another thread
        // while this one builds the other two.
        let keywordAutomaton = ConcurrentResult { [patterns = normalized.patterns] in
            KeywordAutomaton(patterns: patterns, transparentByte: keywordGapByte)
        }
        let original = state.originalPatterns.table()
        let originalAutomaton = original.patterns.isEmpty ? nil : KeywordAutomaton(patterns: original.patterns, asciiCaseInsensitive: true)
        let originalPrefilter = StartPairFilter(patterns: original.patterns, asciiCaseInsensitive: true)
        let collapsedAutomaton = collapsed.patterns.isEmpty ? nil : KeywordAutomaton(patterns: collapsed.patterns, transparentByte: keywordGapByte)
        return CompiledRules(
            rules: compiledRules, categories: categories, normalizer: normalizer,
            keywordAutomaton: keywordAutomaton.value(),
            keywordPatterns: normalized.patterns,
            keywordEntries: normalized.entries, entryStart: normalized.entryStart,
            originalAutomaton: originalAutomaton, originalPrefilter: originalPrefilter,
            originalEntries: original.entries, originalEntryStart: original.entryStart,
            originalExactBytes: state.originalExactBytes(original.patterns.count),
            collapsedAutomaton: collapsedAutomaton,
            collapsedEntries: collapsed.entries, collapsedEntryStart: collapsed.entryStart, collapseGate: collapseGate,
            subsetNormalizers: state.subsetNormalizers, keywordChecks: state.keywordChecks,
            regexes: state.regexes, detectors: state.detectors, conditions: conditions,
            classifierModels: state.classifierModels, classifiers: state.classifiers, ruleSet: ruleSet, allowList: allowList)
    }
}

/// Patterns collected for one automaton, deduplicated, each with its entries.
struct PatternTable {
    var indexByBytes: [[UInt8]: Int] = [:]
    var patterns: [[UInt8]] = []
    var entries: [[KeywordEntry]] = []

    mutating func add(_ bytes: [UInt8], _ entry: KeywordEntry) -> Int {
        // One hash of the pattern: the slot is found (or made, holding `patterns.count`) once.
        let index = Self.slot(&indexByBytes[bytes, default: patterns.count])
        if index < patterns.count {
            entries[index].append(entry)
        } else {
            patterns.append(bytes)
            entries.append([entry])
        }
        return index
    }

    private static func slot(_ value: inout Int) -> Int { value }

    mutating func reserveCapacity(_ count: Int) {
        indexByBytes.reserveCapacity(count)
        patterns.reserveCapacity(count)
        entries.reserveCapacity(count)
    }

    /// Flattened entries with start offsets per pattern.
    func table() -> (patterns: [[UInt8]], entries: [KeywordEntry], entryStart: [Int32]) {
        var flat: [KeywordEntry] = []
        var start: [Int32] = [0]
        for list in entries {
            flat.append(contentsOf: list)
            start.append(Int32(flat.count))
        }
        return (patterns, flat, start)
    }
}

/// Mutable state of one compilation.
struct CompilerState {
    let normalizer: Normalizer
    var diagnostics: [RuleDiagnostic]
    var indexByID: [String: Int32] = [:]
    var normalizedPatterns = PatternTable()
    var originalPatterns = PatternTable()
    /// Keywords of `repeats: collapse` rules, collapsed.
    var collapsedPatterns = PatternTable()
    var subsetIndex: [NormalizationSteps: Int32] = [:]
    var subsetNormalizers: [Normalizer] = []
    var keywordChecks: [KeywordCheck] = []
    var variantCount = 0
    var caseSensitiveOriginal: Set<Int> = []
    var regexes: [RegexMatcher] = []
    var detectors: [DetectorMatcher] = []
    var detectorScanIndex: [String: Int32] = [:]
    var conditionByRule: [Int: ConditionMatcher] = [:]
    var classifierModels: [TextClassifierModel] = []
    var classifierModelIndex: [String: Int32] = [:]
    var classifiers: [ClassifierMatcher] = []
    /// By rule index, the pattern-only work of each regex rule, started on other threads
    /// (`startRegexPreparations`) and taken in rule order.
    var regexPreparations: [Int: ConcurrentResult<RegexPreparation>] = [:]
    /// The forms of the keywords `addKeyword` normalizes, in chunks worked out on other
    /// threads (`startKeywordForms`), and how many of them were taken.
    var keywordFormChunks: [ConcurrentResult<[(keyword: String, form: KeywordForm)]>] = []
    var keywordFormsTaken = 0
    var keywordFormsOfChunk: [(keyword: String, form: KeywordForm)] = []
    /// Scratch for normalizing keywords: one for the whole compilation, not one per keyword.
    let keywordScratch = NormalizedText()

    init(normalizer: Normalizer, diagnostics: [RuleDiagnostic]) {
        self.normalizer = normalizer
        self.diagnostics = diagnostics
    }

    mutating func error(_ message: String, _ at: FileLocation) { diagnostics.append(RuleDiagnostic(.error, message, at: at)) }
    mutating func warning(_ message: String, _ at: FileLocation) { diagnostics.append(RuleDiagnostic(.warning, message, at: at)) }

    mutating func checkPackNames(_ ruleSet: RuleSet) {
        var seen: [String: String] = [:]
        for pack in ruleSet.packs {
            if let first = seen[pack.name] {
                error("duplicate pack name `\(pack.name)` (also in \(first))", FileLocation(file: pack.file, line: 1, column: 1))
            }
            seen[pack.name] = pack.file
        }
    }

    mutating func indexRules(_ rules: [Rule]) {
        for (index, rule) in rules.enumerated() where indexByID[rule.qualifiedID] == nil {
            indexByID[rule.qualifiedID] = Int32(index)
        }
    }

    /// Resolves `id` (same pack) or `pack/id`; reports unknown names. Unresolved entries are dropped.
    mutating func resolveReferences(of rule: Rule) -> [Int32] {
        var resolved: [Int32] = []
        for reference in rule.matcher.references {
            let name = reference.name.contains("/") ? reference.name : "\(rule.pack)/\(reference.name)"
            if let index = indexByID[name] {
                resolved.append(index)
            } else {
                error("unknown rule reference `\(reference.name)` in rule `\(rule.qualifiedID)`", reference.location)
            }
        }
        return resolved
    }

    /// Depth-first order of rules so that every rule comes after the rules it references;
    /// reports each reference cycle once.
    mutating func dependencyOrder(_ rules: [Rule], references: [[Int32]]) -> [Int] {
        var mark = [UInt8](repeating: 0, count: rules.count)   // 0 new, 1 on stack, 2 done
        var order: [Int] = []
        var stack: [Int] = []
        func visit(_ node: Int, _ state: inout CompilerState) {
            if mark[node] == 2 { return }
            if mark[node] == 1 {
                let cycle = stack[stack.lastIndex(of: node)!...].map { rules[$0].qualifiedID } + [rules[node].qualifiedID]
                state.error("reference cycle: \(cycle.joined(separator: " → "))", rules[node].location)
                return
            }
            mark[node] = 1
            stack.append(node)
            for next in references[node] { visit(Int(next), &state) }
            stack.removeLast()
            mark[node] = 2
            order.append(node)
        }
        for node in rules.indices { visit(node, &self) }
        return order
    }

    /// Starts each regex rule's `RegexPreparation` on another thread: parsing, analysing and
    /// JIT-compiling the regexes overlaps with normalizing the keywords.
    mutating func startRegexPreparations(_ rules: [Rule]) {
        for (index, rule) in rules.enumerated() {
            guard case .regex(let pattern) = rule.matcher else { continue }
            let (text, caseSensitive, folded) = (pattern.value, rule.caseSensitive, rule.regexSubjectIsCaseFolded)
            let wholeWord = rule.word == true
            regexPreparations[index] = ConcurrentResult {
                RegexPreparation(pattern: text, caseSensitive: caseSensitive, foldedSubject: folded, wholeWordAtoms: wholeWord)
            }
        }
    }

    mutating func compileMatcher(_ rule: Rule, index: Int32, references: [Int32]) {
        switch rule.matcher {
        case .keywords(let keywords):
            let variantsBefore = variantCount
            for keyword in keywords { addKeyword(keyword, rule: rule, index: index) }
            if !rule.variants.isEmpty && rule.matchesNormalizedText && variantCount == variantsBefore {
                warning("rule `\(rule.qualifiedID)` asks for `variants`, but none of its keywords is Chinese with a known pinyin reading, so none is added", rule.location)
            }
        case .regex(let pattern):
            compileRegex(pattern, rule: rule, index: index,
                         prepared: regexPreparations[Int(index)]?.value()
                             ?? RegexPreparation(pattern: pattern.value, caseSensitive: rule.caseSensitive,
                                                 foldedSubject: rule.regexSubjectIsCaseFolded, wholeWordAtoms: rule.word == true))
        case .detector(let name):
            guard let detector = DetectorCatalog.detector(named: name.value) else {
                error("unknown detector `\(name.value)` (known: \(DetectorCatalog.names.joined(separator: ", ")))", name.location)
                return
            }
            let view: Int32 = !rule.normalize ? -2 : rule.normalization == .all ? -1 : subsetNormalizer(rule.normalization)
            let scanKey = "\(name.value)#\(view)"
            let shared = detectorScanIndex[scanKey] ?? Int32(detectors.count)
            detectorScanIndex[scanKey] = shared
            detectors.append(DetectorMatcher(rule: index, detector: detector, sharedScan: shared, subsetView: view))
        case .all:
            conditionByRule[Int(index)] = ConditionMatcher(rule: index, kind: .all, references: references)
        case .any:
            conditionByRule[Int(index)] = ConditionMatcher(rule: index, kind: .any, references: references)
        case .none:
            conditionByRule[Int(index)] = ConditionMatcher(rule: index, kind: .none, references: references)
        case .near(_, let within):
            conditionByRule[Int(index)] = ConditionMatcher(rule: index, kind: .near(within: Int32(clamping: within)), references: references)
        case .count(_, let atLeast):
            conditionByRule[Int(index)] = ConditionMatcher(rule: index, kind: .count(atLeast: Int32(clamping: atLeast)), references: references)
        case .classifier(let spec):
            addClassifier(spec, rule: index)
        }
    }

    mutating func addKeyword(_ keyword: Located<String>, rule: Rule, index: Int32) {
        if !rule.matchesNormalizedText {
            let bytes = Array(keyword.value.utf8)
            if bytes.isEmpty { error("empty keyword", keyword.location); return }
            let wholeWord = rule.word ?? bytes.allSatisfy(ASCII.isAlnum)
            let pattern = originalPatterns.add(rule.caseSensitive ? bytes : bytes.map(ASCII.lower),
                                               KeywordEntry(role: .keyword(rule: index), wholeWord: wholeWord, writtenGaps: []))
            if rule.caseSensitive { caseSensitiveOriginal.insert(pattern) }
            return
        }
        guard let (bytes, gaps) = keywordPattern(keyword, form: nextKeywordForm(keyword.value)) else { return }
        let wholeWord = rule.word ?? bytes.allSatisfy(ASCII.isAlnum)
        addPattern(bytes, gaps, rule: rule, index: index, wholeWord: wholeWord, comparing: keyword.value)
        guard !rule.variants.isEmpty else { return }
        for variant in PinyinVariants.variants(of: bytes, kinds: rule.variants) {
            variantCount += 1
            let text = String(decoding: variant.bytes, as: UTF8.self)
            addPattern(variant.bytes, variant.gaps, rule: rule, index: index, wholeWord: rule.word ?? true, comparing: text)
        }
    }

    /// Adds one keyword pattern of a normalized rule: to the collapsed automaton for
    /// `repeats: collapse` rules, else to the main one; with a subset check when the rule
    /// names its steps.
    mutating func addPattern(_ bytes: [UInt8], _ gaps: [Int32], rule: Rule, index: Int32, wholeWord: Bool, comparing text: String) {
        var entry = KeywordEntry(role: .keyword(rule: index), wholeWord: wholeWord, writtenGaps: gaps)
        // Building blocks (`internal`) keep matching as written: conditions built on them
        // (a group word near a slur) lost more true hits than false ones on COLD.
        entry.segmented = !wholeWord && !rule.isInternal && !rule.collapseRepeats && rule.normalization.contains(.separators) && containsHan(bytes)
        if rule.normalization != .all {
            let normalizer = subsetNormalizer(rule.normalization)
            var expected: [UInt8] = []
            var copy = text
            copy.withUTF8 { subsetNormalizers[Int(normalizer)].appendComparisonForm($0, collapsingRepeats: rule.collapseRepeats, into: &expected) }
            entry.check = Int32(keywordChecks.count)
            keywordChecks.append(KeywordCheck(normalizer: normalizer, collapsesRepeats: rule.collapseRepeats, expected: expected))
        }
        if rule.collapseRepeats {
            let collapsed = RepeatCollapser.collapse(pattern: bytes, gaps: gaps)
            entry.writtenGaps = collapsed.gaps
            _ = collapsedPatterns.add(collapsed.bytes, entry)
        } else {
            _ = normalizedPatterns.add(bytes, entry)
        }
    }

    /// Whether UTF-8 `bytes` hold a character of U+3400–U+9FFF (three bytes led by E3–E9).
    func containsHan(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] >= 0xE3 && bytes[index] <= 0xE9 {
                let scalar = UInt32(bytes[index] & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                if scalar >= 0x3400 && scalar <= 0x9FFF { return true }
            }
            index += 1
        }
        return false
    }

    /// Index of the normalizer for a step subset, built once per compilation.
    mutating func subsetNormalizer(_ steps: NormalizationSteps) -> Int32 {
        if let index = subsetIndex[steps] { return index }
        let index = Int32(subsetNormalizers.count)
        subsetNormalizers.append(Normalizer(steps: steps))
        subsetIndex[steps] = index
        return index
    }

    /// Warns about the first non-ASCII literal of a regex that normalization changes: the
    /// regex runs on normalized text, where that character never occurs.
    mutating func checkRegexLiterals(_ pattern: Located<String>, rule: Rule) {
        guard rule.matchesNormalizedText else { return }
        let folding = rule.normalization == .all ? normalizer.folding : subsetNormalizers[Int(subsetNormalizer(rule.normalization))].folding
        let caseFolding = UnicodeTables.shared.caseFolding
        var escaped = false, inClass = false   // a folded character inside [...] is only dead weight
        for (column, scalar) in pattern.value.unicodeScalars.enumerated() {
            defer { escaped = !escaped && scalar == "\\" }
            if !escaped && scalar == "[" { inClass = true }
            if !escaped && scalar == "]" { inClass = false }
            guard !escaped, !inClass, scalar.value >= 0x80 else { continue }
            let folded = folding.folded(scalar.value)
            if folded == [scalar.value] || folded == caseFolding[scalar.value] { continue }
            var at = pattern.location
            at.column += column
            let replacement = String(String.UnicodeScalarView(folded.compactMap(Unicode.Scalar.init)))
            warning("regex literal `\(scalar)` never matches: regexes run on normalized text, where it is `\(replacement)`; write `\(replacement)`", at)
            return
        }
    }

    /// Adds a normalized phrase (keyword or exception) to the keyword automaton.
    /// `wholeWord` nil means the default: on when the phrase is ASCII letters and digits.
    mutating func addPhrase(_ phrase: Located<String>, role: KeywordEntry.Role, wholeWord: Bool?) {
        guard let (bytes, gaps) = keywordPattern(phrase) else { return }
        let word = wholeWord ?? bytes.allSatisfy(ASCII.isAlnum)
        _ = normalizedPatterns.add(bytes, KeywordEntry(role: role, wholeWord: word, writtenGaps: gaps))
    }

    /// The keyword-stream form of a phrase (`KeywordForm`), with its problems reported.
    mutating func keywordPattern(_ phrase: Located<String>, form: KeywordForm) -> ([UInt8], [Int32])? {
        switch form {
        case .pattern(let bytes, let gaps):
            return (bytes, gaps)
        case .spansBreak:
            error("keyword `\(phrase.value)` spans a line break or a long run of separators; split it", phrase.location)
        case .empty:
            error("keyword `\(phrase.value)` has nothing left to match after normalization (only spaces, punctuation or ignorable characters)", phrase.location)
        }
        return nil
    }

    /// `keywordPattern(_:form:)` with the form worked out here.
    mutating func keywordPattern(_ phrase: Located<String>) -> ([UInt8], [Int32])? {
        keywordPattern(phrase, form: KeywordForm(of: phrase.value, normalizer: normalizer, scratch: keywordScratch))
    }

    /// The keyword stream of `text` (`KeywordForm.keywordStream`).
    func keywordStream(of text: String) -> [UInt8] {
        KeywordForm.keywordStream(of: text, normalizer: normalizer, scratch: keywordScratch)
    }

    /// Keywords per chunk of `startKeywordForms`.
    static let keywordsPerChunk = 1024

    /// Starts working out, on other threads, the `KeywordForm` of every keyword that
    /// `addKeyword` normalizes (those of normalized, caseless keyword rules), in chunks in the
    /// order `addKeyword` meets them; `nextKeywordForm` takes them in that order.
    mutating func startKeywordForms(_ rules: [Rule]) {
        var texts: [String] = []
        for rule in rules where rule.matchesNormalizedText {
            if case .keywords(let keywords) = rule.matcher { texts += keywords.map(\.value) }
        }
        let normalizer = self.normalizer
        keywordFormChunks = stride(from: 0, to: texts.count, by: Self.keywordsPerChunk).map { start in
            let chunk = Array(texts[start..<min(start + Self.keywordsPerChunk, texts.count)])
            return ConcurrentResult {
                let scratch = NormalizedText()
                return chunk.map { (keyword: $0, form: KeywordForm(of: $0, normalizer: normalizer, scratch: scratch)) }
            }
        }
    }

    /// The form of the next keyword `addKeyword` normalizes (see `startKeywordForms`), or,
    /// when none were started, of `keyword` worked out here.
    mutating func nextKeywordForm(_ keyword: String) -> KeywordForm {
        let chunk = keywordFormsTaken / Self.keywordsPerChunk
        guard chunk < keywordFormChunks.count else {
            return KeywordForm(of: keyword, normalizer: normalizer, scratch: keywordScratch)
        }
        let offset = keywordFormsTaken % Self.keywordsPerChunk
        if offset == 0 { keywordFormsOfChunk = keywordFormChunks[chunk].value() }
        keywordFormsTaken += 1
        // The forms are taken by counting: a keyword skipped or added on one side only
        // would pair every later keyword with the wrong form.
        precondition(keywordFormsOfChunk[offset].keyword == keyword, "keyword forms out of step with addKeyword")
        return keywordFormsOfChunk[offset].form
    }

    mutating func compileRegex(_ pattern: Located<String>, rule: Rule, index: Int32, prepared: RegexPreparation) {
        let regex: CompiledRegex
        switch prepared.regex {
        case .success(let compiled):
            regex = compiled
        case .failure(let error):
            var at = pattern.location
            let prefix = pattern.value.utf8.prefix(error.offset)
            let characters = String(decoding: prefix, as: UTF8.self).unicodeScalars.count
            at.column += characters
            self.error("invalid regex: \(error.message) (at character \(characters) of the pattern)", at)
            return
        }
        checkRegexLiterals(pattern, rule: rule)
        let window = prepared.window
        let regexIndex = Int32(regexes.count)
        let onOriginal = !rule.matchesNormalizedText
        // A regex over the original text looks for its literals there (`+v`, `➕`), where
        // the separators the keyword stream drops are still present.
        let atoms = onOriginal ? originalAtoms(prepared.literals, caseSensitive: rule.caseSensitive).map { (bytes: $0, oneWord: false) }
                               : keywordAtoms(prepared.literals)
        for atom in atoms {
            // `word: true`: the regex bounds its literals by non-letters itself, so an atom
            // inside a longer word (`sb` in `has been`) need not run it.
            let entry = KeywordEntry(role: .atom(regex: regexIndex), wholeWord: rule.word == true && atom.oneWord, writtenGaps: [])
            _ = onOriginal ? originalPatterns.add(atom.bytes, entry) : normalizedPatterns.add(atom.bytes, entry)
        }
        if atoms.isEmpty {
            warning("regex in rule `\(rule.qualifiedID)` has no required literal of 2 or more bytes, so it runs on every post (costly); add a literal the regex must contain", pattern.location)
        }
        regexes.append(RegexMatcher(rule: index, regex: regex, alwaysRuns: atoms.isEmpty, onOriginal: onOriginal,
                                    subsetView: onOriginal || rule.normalization == .all ? -1 : subsetNormalizer(rule.normalization),
                                    window: window))
    }

    /// The atoms of a regex over the folded text, in keyword-stream form, and whether each
    /// is one word (no separator inside); empty when some literal has fewer than 2 bytes there.
    func keywordAtoms(_ literals: [String]?) -> [(bytes: [UInt8], oneWord: Bool)] {
        var atoms: [(bytes: [UInt8], oneWord: Bool)] = []
        for literal in literals ?? [] {
            let stream = keywordStream(of: literal)
            let bytes = stream.filter { $0 != keywordGapByte }
            if bytes.count < 2 || bytes.contains(keywordBreakByte) { return [] }
            atoms.append((bytes, bytes.count == stream.count))
        }
        return atoms
    }

    /// The atoms of a regex over the original text, as written (the original automaton is
    /// ASCII-caseless). Empty when some literal is shorter than 2 bytes, or when a caseless
    /// regex's literal has a non-ASCII letter with case (the text may hold the other case,
    /// which the ASCII-caseless automaton would not find).
    func originalAtoms(_ literals: [String]?, caseSensitive: Bool) -> [[UInt8]] {
        var atoms: [[UInt8]] = []
        for literal in literals ?? [] {
            if !caseSensitive && literal.unicodeScalars.contains(where: { !$0.isASCII && $0.properties.changesWhenCaseMapped }) { return [] }
            let bytes = caseSensitive ? Array(literal.utf8) : Array(literal.utf8).map(ASCII.lower)
            if bytes.count < 2 { return [] }
            atoms.append(bytes)
        }
        return atoms
    }

    /// A classifier rule; rules naming the same model file share one model (and one score per post).
    mutating func addClassifier(_ spec: ClassifierSpec, rule: Int32) {
        guard let model = spec.loaded else { return }   // the loader reported why
        let modelIndex = classifierModelIndex[spec.path] ?? Int32(classifierModels.count)
        if modelIndex == Int32(classifierModels.count) {
            classifierModelIndex[spec.path] = modelIndex
            classifierModels.append(model)
        }
        classifiers.append(ClassifierMatcher(rule: rule, model: modelIndex, minimum: spec.minimum,
                                             minimumLogit: TextClassifierModel.logit(ofProbability: spec.minimum)))
    }

    func originalExactBytes(_ count: Int) -> [[UInt8]?] {
        (0..<count).map { caseSensitiveOriginal.contains($0) ? originalPatterns.patterns[$0] : nil }
    }
}
