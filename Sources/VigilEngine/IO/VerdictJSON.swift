// The verdict record (docs/reference/records.md) as JSON. Written once per post on the screening hot
// path, so its fixed parts are appended as pre-formed literals.

extension JSONWriter {
    /// Writes `{"type":"verdict",...}`. `id` is pre-encoded JSON (a string or number
    /// echoed from the input) and `line` the input line, both omitted when nil.
    public mutating func verdict(_ verdict: Verdict, id: String? = nil, line: Int? = nil) {
        self.verdict(verdict, id: id, line: line, fragments: nil)
    }

    /// `verdict(_:id:line:)`, taking each hit's fixed fields from `fragments` when given.
    mutating func verdict(_ verdict: Verdict, id: String?, line: Int?, fragments: HitFragments?) {
        beginValue()
        literal(#"{"type":"verdict""#)
        if let id { literal(#","id":"#); bytes.append(contentsOf: id.utf8) }
        if let line { literal(#","line":"#); appendInteger(line) }
        if verdict.decision == .allow && verdict.score == 0 && verdict.categories.isEmpty
            && verdict.hits.isEmpty && verdict.warnings.isEmpty {
            // Most posts: the rest of the record is one literal.
            literal(#","decision":"allow","score":0.0,"categories":{},"hits":[],"warnings":[]}"#)
            return
        }
        switch verdict.decision {
        case .allow: literal(#","decision":"allow","score":"#)
        case .review: literal(#","decision":"review","score":"#)
        case .block: literal(#","decision":"block","score":"#)
        }
        afterKey = true
        double(verdict.score)
        literal(#","categories":{"#)
        for (index, category) in verdict.categories.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeString(category.name)
            bytes.append(UInt8(ascii: ":"))
            afterKey = true
            double(category.score)
        }
        literal(#"},"hits":["#)
        for (index, hit) in verdict.hits.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            if let fragments, hit.ruleIndex >= 0 {
                writeHit(hit, fragments)
            } else {
                writeHit(hit)
            }
        }
        literal("]")
        literal(#","warnings":["#)
        containerIsEmpty.append(true)
        for warning in verdict.warnings { string(warning) }
        endArray()
        literal("}")
    }

    /// One hit object.
    public mutating func hit(_ hit: Hit) {
        beginValue()
        writeHit(hit)
    }

    /// The hit object with its rule's fixed fields copied from `fragments`.
    mutating func writeHit(_ hit: Hit, _ fragments: HitFragments) {
        let rule = Int(hit.ruleIndex)
        fragments.ensure(rule)
        bytes.append(contentsOf: fragments.head(rule))
        appendInteger(hit.start)
        literal(#","end":"#); appendInteger(hit.end)
        literal(#","match":"#); writeString(hit.match)
        bytes.append(contentsOf: fragments.tail(rule))
    }

    /// The hit object itself, its keys as literals.
    mutating func writeHit(_ hit: Hit) {
        literal(#"{"rule":"#); writeString(hit.rule)
        literal(#","category":"#); writeString(hit.category)
        literal(#","severity":"#); writeString(hit.severity.rawValue)
        literal(#","start":"#); appendInteger(hit.start)
        literal(#","end":"#); appendInteger(hit.end)
        literal(#","match":"#); writeString(hit.match)
        literal(#","message":"#); writeString(hit.message)
        if let basis = hit.basis { literal(#","basis":"#); writeString(basis) }
        if !hit.suggest.isEmpty {
            literal(#","suggest":["#)
            for (index, suggestion) in hit.suggest.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(suggestion)
            }
            literal("]")
        }
        literal("}")
    }
}
