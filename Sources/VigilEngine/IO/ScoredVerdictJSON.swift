// The verdict record (docs/reference/records.md) written straight from a scored post's scratch (its
// sorted hits and touched categories), without building a `Verdict` and its strings
// first: `vigil screen`'s hot path. Writes exactly what `JSONWriter.verdict(_:id:line:)`
// writes, assembled in a `RecordBuffer` with plain copies.

extension RecordBuffer {
    /// Appends the verdict record of the post last scored in `scratch` by `engine`
    /// (`Engine.score`); `original` is the post's text, `inputWarnings` (nil when none:
    /// passing an empty array retains it) come first.
    /// `idJSON` is the id as JSON; without one the line number is the id.
    func writeScoredVerdict(decision: Decision, score: Double, scratch: ScanScratch, engine: Engine,
                            original: UnsafeBufferPointer<UInt8>, inputWarnings: [String]?,
                            idJSON: UnsafeBufferPointer<UInt8>?, line: Int, fragments: HitFragments) {
        append(#"{"type":"verdict","id":"#)
        if let idJSON { append(idJSON) } else { appendInteger(line) }
        append(#","line":"#); appendInteger(line)
        let hasInputWarnings = !(inputWarnings?.isEmpty ?? true)
        if decision == .allow && score == 0 && scratch.reportCategories.isEmpty && scratch.reportHits.isEmpty
            && !hasInputWarnings && scratch.warnings.isEmpty {
            append(#","decision":"allow","score":0.0,"categories":{},"hits":[],"warnings":[]}"#)
            return
        }
        switch decision {
        case .allow: append(#","decision":"allow","score":"#)
        case .review: append(#","decision":"review","score":"#)
        case .block: append(#","decision":"block","score":"#)
        }
        appendDouble(score)
        append(#","categories":{"#)
        // Every fragment first (building one may move the storage), then the copies.
        let categories = scratch.reportCategories, hits = scratch.reportHits
        for category in categories { fragments.ensureCategory(Int(category.index)) }
        for span in hits { fragments.ensure(Int(span.rule)) }
        for position in categories.indices {
            if position > 0 { append(UInt8(ascii: ",")) }
            let category = categories[position]
            append(fragments.categoryKey(Int(category.index)))
            appendDouble(category.score)
        }
        append(#"},"hits":["#)
        for position in hits.indices {
            if position > 0 { append(UInt8(ascii: ",")) }
            let span = hits[position]
            let rule = Int(span.rule)
            append(fragments.head(rule))
            appendInteger(Int(span.start))
            append(#","end":"#); appendInteger(Int(span.end))
            append(#","match":"#)
            appendString(utf8: UnsafeBufferPointer(rebasing: original[Int(span.byteStart)..<Int(span.byteEnd)]))
            append(fragments.tail(rule))
        }
        append(#"],"warnings":["#)
        if hasInputWarnings || !scratch.warnings.isEmpty {
            var first = true
            for warning in inputWarnings ?? [] { appendWarning(warning, &first) }
            for warning in scratch.warnings { appendWarning(warning, &first) }
        }
        append("]}")
    }

    private func appendWarning(_ warning: String, _ first: inout Bool) {
        if !first { append(UInt8(ascii: ",")) }
        first = false
        var warning = warning
        warning.withUTF8 { appendString(utf8: $0) }
    }
}
