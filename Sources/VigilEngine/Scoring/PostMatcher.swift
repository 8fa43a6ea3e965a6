// Runs the primitive matchers of a compiled rule set over one normalized post —
// keywords (with whole-word, gap and step-subset checks; collapsed repeats for the rules
// that ask), regexes gated by their atoms, detectors — maps every match back to the
// original text, and drops hits covered by an `unless` exception. Condition rules and
// scoring come after (ConditionEvaluator, Engine).

struct PostMatcher {
    let rules: CompiledRules
    let scratch: ScanScratch
    let original: UnsafeBufferPointer<UInt8>

    /// Fills `scratch.hitsByRule` with the primitive hits of the post.
    func run() {
        let normalized = scratch.normalized
        rules.normalizer.normalize(original, into: normalized)
        scratch.collapsePairsSeen = 0
        scratch.allowGateSeen = false
        matchKeywords(rules.keywordAutomaton, in: normalized.keywordStream, entries: rules.keywordEntries, entryStart: rules.entryStart, collapsed: false)
        if let collapsed = rules.collapsedAutomaton, collapsedPassCanMatch(collapsed) {
            RepeatCollapser.collapse(normalized.keywordStream, into: normalized.collapsedStream)
            scratch.keywordMatches.removeAll(keepingCapacity: true)
            matchKeywords(collapsed, in: normalized.collapsedStream, entries: rules.collapsedEntries, entryStart: rules.collapsedEntryStart, collapsed: true)
        }
        matchOriginalKeywords()
        matchRegexes()
        matchDetectors()
        matchClassifiers()
        if rules.hasAllowList && (scratch.allowGateSeen || rules.allowList!.alwaysRuns) { findAllowSpans(rules.allowList!) }
        assignCodePoints()
        applyExceptionsAndBucket()
    }

    /// Whether the collapsed keywords can occur in the post, decided without the pass.
    func collapsedPassCanMatch(_ collapsed: KeywordAutomaton) -> Bool {
        // The main scan has reported which character pairs of the collapsed keywords the
        // keyword stream holds: without all of some keyword's pairs, there is no match
        // (CollapseGate). When the gate admits, some keyword's first byte is in the stream,
        // so the tests below would say yes too.
        if let gate = rules.collapseGate { return gate.admits(scratch.collapsePairsSeen) }
        // Without a gate (a one-character collapsed keyword): the collapsed stream has no
        // byte the keyword stream lacks, so a keyword must start with a byte of the stream.
        // When every collapsed keyword starts with a byte in 0x40…0x7F and the normalizer
        // saw no such byte, `mayMatch` would scan the whole stream to say false: the
        // summary says it without the scan.
        let normalized = scratch.normalized
        if !normalized.summary.keywordStreamHasHighASCII && collapsed.asciiStarts && collapsed.lowestStart >= 0x40 { return false }
        return collapsed.mayMatch(in: normalized.keywordStream.bytes)
    }

    // MARK: Keywords over the keyword stream

    func matchKeywords(_ automaton: KeywordAutomaton, in stream: MappedByteBuffer, entries: [KeywordEntry], entryStart: [Int32], collapsed: Bool) {
        let bytes = stream.bytes, origins = stream.origins
        automaton.findOverlapping(in: bytes, into: &scratch.keywordMatches)
        let folding = ScalarFolding.shared   // word characters, for whole-word checks
        // Entries are read in place: copying one retains and releases its gap list.
        entries.withUnsafeBufferPointer { entries in
            for match in scratch.keywordMatches {
                let first = Int(entryStart[Int(match.pattern)]), last = Int(entryStart[Int(match.pattern) + 1])
                for entryIndex in first..<last {
                    switch entries[entryIndex].role {
                    case .atom(let regex):
                        if entries[entryIndex].wholeWord && !KeywordBoundaries.acceptsWholeWord(
                            bytes, start: Int(match.start), end: Int(match.end),
                            entry: entries.baseAddress! + entryIndex, folding: folding) { continue }
                        if !scratch.regexTriggered[Int(regex)] {
                            scratch.regexTriggered[Int(regex)] = true
                            scratch.triggeredList.append(regex)
                        }
                    case .keyword(let rule):
                        if entries[entryIndex].wholeWord && !KeywordBoundaries.acceptsWholeWord(
                            bytes, start: Int(match.start), end: Int(match.end),
                            entry: entries.baseAddress! + entryIndex, folding: folding) { continue }
                        if entries[entryIndex].segmented && !ChineseWordBoundaries.accepts(
                            bytes, start: Int(match.start), end: Int(match.end)) { continue }
                        var hit = span(rule: rule, start: Int(match.start), end: Int(match.end), origins: origins)
                        if collapsed { extendOverRepeats(&hit, lastOrigin: Int(origins[Int(match.end) - 1])) }
                        let check = entries[entryIndex].check
                        if check >= 0 && !passesSubsetCheck(check, hit) { continue }
                        scratch.primitive.append(hit)
                    case .exception(let rule):
                        scratch.exceptions.append(span(rule: rule, start: Int(match.start), end: Int(match.end), origins: origins))
                    case .collapsePair(let bit):
                        scratch.collapsePairsSeen |= 1 << UInt64(bit)
                    case .allowGate:
                        scratch.allowGateSeen = true
                    }
                }
            }
        }
    }

    /// Keywords of `normalize: false` and `case: sensitive` rules, on the original bytes.
    func matchOriginalKeywords() {
        guard let automaton = rules.originalAutomaton else { return }
        if let prefilter = rules.originalPrefilter {
            guard prefilter.mayMatch(in: original) else { return }
        } else if !automaton.mayMatch(in: original) { return }
        scratch.keywordMatches.removeAll(keepingCapacity: true)
        automaton.findOverlapping(in: original, into: &scratch.keywordMatches)
        for match in scratch.keywordMatches {
            let start = Int(match.start), end = Int(match.end)
            // Case-sensitive keywords compare exactly; atoms only ask the regex to run.
            let differs = rules.originalExactBytes[Int(match.pattern)].map { !original[start..<end].elementsEqual($0) } ?? false
            let first = Int(rules.originalEntryStart[Int(match.pattern)]), last = Int(rules.originalEntryStart[Int(match.pattern) + 1])
            for entryIndex in first..<last {
                let entry = rules.originalEntries[entryIndex]
                if case .atom(let regex) = entry.role, !scratch.regexTriggered[Int(regex)] {
                    scratch.regexTriggered[Int(regex)] = true
                    scratch.triggeredList.append(regex)
                }
                guard case .keyword(let rule) = entry.role, !differs else { continue }
                if entry.wholeWord && !KeywordBoundaries.isWordEdge(original, start: start, end: end, folding: ScalarFolding.shared) { continue }
                scratch.primitive.append(SpanHit(rule: rule, byteStart: Int32(start), byteEnd: Int32(end)))
            }
        }
    }

    /// A hit in the collapsed stream ends at the first of a run of repeats (`fuckkk`):
    /// extends it over the rest of the run, so the span covers what the user wrote.
    func extendOverRepeats(_ hit: inout SpanHit, lastOrigin: Int) {
        let folding = rules.normalizer.folding, base = original.baseAddress!, count = original.count
        let (last, lastRole) = folding.entry(decodeScalarChecked(base, at: lastOrigin, end: count).scalar)
        guard !lastRole.contains(.expansion) else { return }
        var index = Int(hit.byteEnd)
        while index < count {
            let (value, length) = decodeScalarChecked(base, at: index, end: count)
            let (scalar, role) = folding.entry(value)
            index += length
            if role.contains(.ignorable) { continue }
            guard scalar == last && role.isDisjoint(with: [.expansion, .separator, .lineBreak]) else { break }
            hit.byteEnd = Int32(index)
        }
    }

    /// Whether a keyword hit of a rule with a step subset is equal to its keyword under
    /// those steps alone (the automaton found it under all of them).
    func passesSubsetCheck(_ index: Int32, _ hit: SpanHit) -> Bool {
        let check = rules.keywordChecks[Int(index)]
        let normalized = scratch.normalized
        normalized.comparison.removeAll(keepingCapacity: true)
        rules.subsetNormalizers[Int(check.normalizer)].appendComparisonForm(
            UnsafeBufferPointer(rebasing: original[Int(hit.byteStart)..<Int(hit.byteEnd)]),
            collapsingRepeats: check.collapsesRepeats, into: &normalized.comparison)
        return normalized.comparison == check.expected
    }

    // MARK: Regexes and detectors over the folded text

    /// The folded text under the step subset `index`, computed at most once per post.
    func subsetFolded(_ index: Int32) -> MappedByteBuffer {
        let normalized = scratch.normalized, view = Int(index)
        while normalized.subsetViews.count < rules.subsetNormalizers.count {
            normalized.subsetViews.append(MappedByteBuffer())
            normalized.subsetViewReady.append(false)
        }
        if !normalized.subsetViewReady[view] {
            rules.subsetNormalizers[view].normalizeFolded(original, into: normalized.subsetViews[view])
            normalized.subsetViewReady[view] = true
        }
        return normalized.subsetViews[view]
    }

    func matchRegexes() {
        // Usually no regex runs: walk the triggered ones, in index order (as the full walk
        // would, so warnings come out in the same order), unless some regex always runs.
        if !rules.someRegexAlwaysRuns {
            if scratch.triggeredList.isEmpty { return }
            if scratch.triggeredList.count > 1 { scratch.triggeredList.sort() }
            for regex in scratch.triggeredList { matchRegex(Int(regex)) }
            return
        }
        for index in rules.regexes.indices where rules.regexes[index].alwaysRuns || scratch.regexTriggered[index] {
            matchRegex(index)
        }
    }

    /// Runs regex `index` and records its hits.
    func matchRegex(_ index: Int) {
        // The matcher is read in place and borrowed: a copy would retain its regex and window.
        rules.regexes.withUnsafeBufferPointer { matchers in matchRegex(matchers[index]) }
    }

    /// `matchRegex(_:)` for the borrowed `matcher`. The views' bytes and
    /// origins are taken out as plain buffers, so the match callback captures no object.
    func matchRegex(_ matcher: borrowing RegexMatcher) {
        let rule = matcher.rule, onOriginal = matcher.onOriginal
        let view = onOriginal ? (bytes: original, origins: UnsafeBufferPointer<Int32>(start: nil, count: 0))
            : matcher.subsetView >= 0 ? subsetViewBuffers(matcher.subsetView)
            : (bytes: scratch.normalized.folded.bytes, origins: scratch.normalized.folded.origins)
        let subject = view.bytes, origins = view.origins
        let outcome: RegexScanOutcome
        // A regex whose matches begin near its atoms tries only those start positions (RegexWindow).
        if let window = matcher.window, window.attemptWorkBound <= scratch.regexScratch.zoneWorkLimit,
           window.findZones(in: subject, into: &scratch.regexScratch.zones) {
            outcome = matcher.regex.forEachMatch(in: subject, zones: scratch.regexScratch.zones, scratch: scratch.regexScratch) { start, end in
                reportRegexMatch(rule: rule, start: start, end: end, onOriginal: onOriginal, origins: origins)
            }
        } else {
            outcome = matcher.regex.forEachMatch(in: subject, scratch: scratch.regexScratch) { start, end in
                reportRegexMatch(rule: rule, start: start, end: end, onOriginal: onOriginal, origins: origins)
            }
        }
        if outcome == .limitExceeded {
            scratch.warnings.append("regex of rule \(rules.rules[Int(rule)].qualifiedID) stopped at its match limit; later matches in this post may be missed")
        }
    }

    /// The bytes and origins of the folded text under step subset `index`.
    func subsetViewBuffers(_ index: Int32) -> (bytes: UnsafeBufferPointer<UInt8>, origins: UnsafeBufferPointer<Int32>) {
        let view = subsetFolded(index)
        return (view.bytes, view.origins)
    }

    /// Files one regex match as a hit: on the original text as it is, on a folded view
    /// mapped back through `origins` (an empty match there has no span).
    @inline(__always)
    func reportRegexMatch(rule: Int32, start: Int, end: Int, onOriginal: Bool, origins: UnsafeBufferPointer<Int32>) -> Bool {
        if onOriginal {
            scratch.primitive.append(SpanHit(rule: rule, byteStart: Int32(start), byteEnd: Int32(end)))
        } else if end > start {
            scratch.primitive.append(span(rule: rule, start: start, end: end, origins: origins))
        }
        return true
    }

    func matchDetectors() {
        guard !rules.detectors.isEmpty else { return }
        // One pass finds the shapes detectors key on (DetectorPrescan); a detector
        // whose shape is missing from the post is not run. Without a byte in 0x2E…0x40 in
        // the folded view (the normalizer's summary), the prescan would find nothing: the
        // empty prescan is the same answer without the pass.
        let prescan = scratch.normalized.summary.foldedHasPrescanByte ? DetectorPrescan(scratch.normalized.folded.bytes) : DetectorPrescan()
        guard scratch.detectorAlwaysRuns || !prescan.triggers.isDisjoint(with: scratch.detectorTriggerUnion) else { return }
        // Matchers are read in place: copying one copies its detector existential.
        rules.detectors.withUnsafeBufferPointer { matchers in
            scratch.detectorGates.withUnsafeBufferPointer { gates in
                var found = false   // whether `scratch.detectorRanges` holds the current scan's values
                for index in gates.indices {
                    if !gates[index].sharesPreviousScan {
                        found = false
                        guard gates[index].admits(prescan) else { continue }
                        found = scanDetector(matchers[index])
                    }
                    if found { reportDetectorValues(matchers[index]) }
                }
            }
        }
    }

    /// Runs `matcher`'s detector on its view of the post into `scratch.detectorRanges`;
    /// whether it found anything.
    func scanDetector(_ matcher: DetectorMatcher) -> Bool {
        let subsetView = matcher.subsetView
        if !scratch.detectorRanges.isEmpty { scratch.detectorRanges.removeAll(keepingCapacity: true) }
        let text = subsetView == -2 ? original : subsetView >= 0 ? subsetFolded(subsetView).bytes : scratch.normalized.folded.bytes
        matcher.detector.scan(text, into: &scratch.detectorRanges)
        return !scratch.detectorRanges.isEmpty
    }

    /// Files the values in `scratch.detectorRanges` as hits of `matcher`'s rule.
    func reportDetectorValues(_ matcher: DetectorMatcher) {
        let rule = matcher.rule, subsetView = matcher.subsetView
        let folded = subsetView >= 0 ? subsetFolded(subsetView) : scratch.normalized.folded
        for range in scratch.detectorRanges where range.end > range.start {
            if subsetView == -2 {
                scratch.primitive.append(SpanHit(rule: rule, byteStart: Int32(range.start), byteEnd: Int32(range.end)))
            } else {
                scratch.primitive.append(span(rule: rule, start: range.start, end: range.end, origins: folded.origins))
            }
        }
    }

    // MARK: Mapping back to the original

    /// The original byte span of normalized bytes [start, end): from the first byte's source
    /// character to the end of the last byte's source character, with the combining marks
    /// and variation selectors that decorate it (`k̶` is one character on screen).
    @inline(__always)
    func span(rule: Int32, start: Int, end: Int, origins: UnsafeBufferPointer<Int32>) -> SpanHit {
        let lastOrigin = Int(origins[end - 1])
        var byteEnd = min(lastOrigin + utf8SequenceLength(lead: original[lastOrigin]), original.count)
        while byteEnd < original.count && original[byteEnd] >= 0xC0 {
            let (value, length) = decodeScalarChecked(original.baseAddress!, at: byteEnd, end: original.count)
            guard isGraphemeExtender(value) else { break }
            byteEnd += length
        }
        return SpanHit(rule: rule, byteStart: origins[start], byteEnd: Int32(byteEnd))
    }

    /// Converts every hit's byte offsets to code-point offsets: the scalars before each
    /// 8-byte block of the original are counted once (up to the furthest hit end), and
    /// an offset's code point is its block's count plus the scalars ahead of it in the block.
    func assignCodePoints() {
        guard !scratch.primitive.isEmpty else { return }
        let base = original.baseAddress!, count = original.count
        let highs: UInt64 = 0x8080_8080_8080_8080
        /// Continuation bytes (10xxxxxx) of a word, as its bytes' high bits: every other byte starts a scalar.
        @inline(__always) func continuations(_ word: UInt64) -> UInt64 { word & ~(word << 1) & highs }
        scratch.primitive.withUnsafeMutableBufferPointer { hits in
            var furthest: Int32 = 0
            for hit in hits { furthest = max(furthest, hit.byteEnd) }
            let blocks = Int(furthest) / 8 + 1
            if scratch.scalarsBeforeBlock.count < blocks {
                scratch.scalarsBeforeBlock.append(contentsOf: repeatElement(0, count: blocks - scratch.scalarsBeforeBlock.count))
            }
            scratch.scalarsBeforeBlock.withUnsafeMutableBufferPointer { before in
                var scalars: Int32 = 0
                for block in 0..<blocks {
                    before[block] = scalars
                    let start = block * 8
                    guard start + 8 <= count else { break }   // the last block is never summed
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
                    scalars &+= Int32(8 - continuations(word).nonzeroBitCount)
                }
                @inline(__always) func codePoint(_ offset: Int32) -> Int32 {
                    let offset = Int(offset), start = offset & ~7, ahead = offset - start
                    if ahead == 0 { return before[offset >> 3] }
                    if start + 8 <= count {
                        let word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
                        let mask: UInt64 = (1 << UInt64(ahead * 8)) &- 1
                        return before[offset >> 3] &+ Int32(ahead - (continuations(word) & mask).nonzeroBitCount)
                    }
                    var scalars = before[offset >> 3]
                    for index in start..<offset where base[index] & 0xC0 != 0x80 { scalars &+= 1 }
                    return scalars
                }
                for index in hits.indices {
                    hits[index].start = codePoint(hits[index].byteStart)
                    hits[index].end = codePoint(hits[index].byteEnd)
                }
            }
        }
    }

    /// Drops hits inside one of their rule's exception matches, removes duplicates, and
    /// files the rest per rule in start order.
    func applyExceptionsAndBucket() {
        let order: (SpanHit, SpanHit) -> Bool = {
            ($0.rule, $0.byteStart, $0.byteEnd) < ($1.rule, $1.byteStart, $1.byteEnd)
        }
        guard !scratch.primitive.isEmpty else { return }
        if scratch.primitive.count > 1 { scratch.primitive.sort(by: order) }
        if scratch.exceptions.count > 1 { scratch.exceptions.sort(by: order) }
        var exceptionIndex = 0
        var coveredUntil: Int32 = -1     // furthest exception end seen for the current rule
        var currentRule: Int32 = -1
        var previous: SpanHit?
        for hit in scratch.primitive {
            if let previous, previous.rule == hit.rule, previous.byteStart == hit.byteStart, previous.byteEnd == hit.byteEnd { continue }
            previous = hit
            if hit.rule != currentRule {
                currentRule = hit.rule
                coveredUntil = -1
                while exceptionIndex < scratch.exceptions.count && scratch.exceptions[exceptionIndex].rule < hit.rule { exceptionIndex += 1 }
            }
            while exceptionIndex < scratch.exceptions.count,
                  scratch.exceptions[exceptionIndex].rule == hit.rule,
                  scratch.exceptions[exceptionIndex].byteStart <= hit.byteStart {
                coveredUntil = max(coveredUntil, scratch.exceptions[exceptionIndex].byteEnd)
                exceptionIndex += 1
            }
            if coveredUntil >= hit.byteEnd { continue }
            scratch.addHit(hit)
        }
    }
}
