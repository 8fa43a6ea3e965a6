// Finding the allowed stretches of one post (AllowList) and dropping the hits inside
// them. Runs only for rule sets with `allow:` entries: `ScanScratch.addHit` tests the
// spans only when a post has some, so rule sets without entries pay one empty-list test
// per hit.

extension PostMatcher {
    /// Fills `scratch.allowSpans` with the original byte spans of the allowed text
    /// (`rule` holds the entry's index). Call after normalizing the post.
    func findAllowSpans(_ allow: AllowList) {
        let folded = scratch.normalized.folded
        let bytes = folded.bytes
        var triggered: UInt64 = 0   // bit i: a literal of regex i was seen
        if let automaton = allow.exact {
            scratch.keywordMatches.removeAll(keepingCapacity: true)
            automaton.findOverlapping(in: bytes, into: &scratch.keywordMatches)
            for match in scratch.keywordMatches {
                guard Int(match.pattern) < allow.exactEntries.count else {
                    triggered |= 1 << UInt64(allow.literalRegex[Int(match.pattern) - allow.exactEntries.count])
                    continue
                }
                let (entry, wordStart, wordEnd) = allow.exactEntries[Int(match.pattern)]
                let start = Int(match.start), end = Int(match.end)
                if wordStart && start > 0 && ASCII.isAlnum(bytes[start - 1]) { continue }
                if wordEnd && end < bytes.count && ASCII.isAlnum(bytes[end]) { continue }
                scratch.allowSpans.append(span(rule: entry, start: start, end: end, origins: folded.origins))
            }
            scratch.keywordMatches.removeAll(keepingCapacity: true)
        }
        for (index, (entry, regex, gated)) in allow.regexes.enumerated() where !gated || triggered & (1 << UInt64(index)) != 0 {
            _ = regex.forEachMatch(in: bytes, scratch: scratch.regexScratch) { start, end in
                if end > start { scratch.allowSpans.append(span(rule: entry, start: start, end: end, origins: folded.origins)) }
                return true
            }
        }
    }
}

extension ScanScratch {
    /// Whether `hit` lies wholly inside an allowed span; records it for `rules explain`
    /// when asked to (`recordsSuppressed`).
    @inline(never)
    func isAllowed(_ hit: SpanHit) -> Bool {
        guard hit.byteEnd > hit.byteStart else { return false }
        for position in 0..<allowSpans.count {
            let allowed = allowSpans[position]
            if allowed.byteStart <= hit.byteStart && allowed.byteEnd >= hit.byteEnd {
                if recordsSuppressed { suppressed.append((hit, allowed.rule)) }
                return true
            }
        }
        return false
    }
}
