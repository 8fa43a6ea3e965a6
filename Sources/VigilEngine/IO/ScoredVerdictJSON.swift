// The verdict record of SPEC §3 written straight from a scored post's scratch (its
// sorted hits and touched categories), without building a `Verdict` and its strings
// first: `vigil screen`'s hot path. Writes exactly what `verdict(_:id:line:)` writes.

extension JSONWriter {
    /// Writes the verdict record of the post last scored in `scratch` by `engine`
    /// (`Engine.score`); `original` is the post's text, `inputWarnings` come first.
    mutating func scoredVerdict(decision: Decision, score: Double, scratch: ScanScratch, engine: Engine,
                                original: UnsafeBufferPointer<UInt8>, inputWarnings: [String],
                                id: String, line: Int, fragments: HitFragments) {
        beginValue()
        literal(#"{"type":"verdict","id":"#)
        bytes.append(contentsOf: id.utf8)
        literal(#","line":"#); appendInteger(line)
        if decision == .allow && score == 0 && scratch.reportCategories.isEmpty && scratch.reportHits.isEmpty
            && inputWarnings.isEmpty && scratch.warnings.isEmpty {
            literal(#","decision":"allow","score":0.0,"categories":{},"hits":[],"warnings":[]}"#)
            return
        }
        switch decision {
        case .allow: literal(#","decision":"allow","score":"#)
        case .review: literal(#","decision":"review","score":"#)
        case .block: literal(#","decision":"block","score":"#)
        }
        afterKey = true
        double(score)
        literal(#","categories":{"#)
        for (position, category) in scratch.reportCategories.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            fragments.ensureCategory(Int(category.index))
            bytes.append(contentsOf: fragments.categoryKeys[Int(category.index)])
            afterKey = true
            double(category.score)
        }
        literal(#"},"hits":["#)
        for (position, span) in scratch.reportHits.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            let rule = Int(span.rule)
            fragments.ensure(rule)
            bytes.append(contentsOf: fragments.heads[rule])
            appendInteger(Int(span.start))
            literal(#","end":"#); appendInteger(Int(span.end))
            literal(#","match":"#)
            writeString(utf8: UnsafeBufferPointer(rebasing: original[Int(span.byteStart)..<Int(span.byteEnd)]))
            bytes.append(contentsOf: fragments.tails[rule])
        }
        literal("]")
        literal(#","warnings":["#)
        containerIsEmpty.append(true)
        for warning in inputWarnings { string(warning) }
        for warning in scratch.warnings { string(warning) }
        endArray()
        literal("}")
    }
}
