// The verdict record of SPEC §3 as JSON. Written once per post on the screening hot
// path, so its fixed parts are appended as pre-formed literals.

extension JSONWriter {
    /// Writes `{"type":"verdict",...}`. `id` is pre-encoded JSON (a string or number
    /// echoed from the input) and `line` the input line, both omitted when nil.
    public mutating func verdict(_ verdict: Verdict, id: String? = nil, line: Int? = nil) {
        beginValue()
        literal(#"{"type":"verdict""#)
        if let id { literal(#","id":"#); bytes.append(contentsOf: id.utf8) }
        if let line { literal(#","line":"#); appendInteger(line) }
        switch verdict.decision {
        case .allow: literal(#","decision":"allow","score":"#)
        case .review: literal(#","decision":"review","score":"#)
        case .block: literal(#","decision":"block","score":"#)
        }
        afterKey = true
        double(verdict.score)
        literal(#","categories":{"#)
        containerIsEmpty.append(true)
        for category in verdict.categories { key(category.name); double(category.score) }
        endObject()
        literal(#","hits":["#)
        containerIsEmpty.append(true)
        for hit in verdict.hits { self.hit(hit) }
        endArray()
        literal(#","warnings":["#)
        containerIsEmpty.append(true)
        for warning in verdict.warnings { string(warning) }
        endArray()
        literal("}")
    }

    /// One hit object.
    public mutating func hit(_ hit: Hit) {
        beginObject()
        key("rule"); string(hit.rule)
        key("category"); string(hit.category)
        key("severity"); string(hit.severity.rawValue)
        key("start"); int(hit.start)
        key("end"); int(hit.end)
        key("match"); string(hit.match)
        key("message"); string(hit.message)
        if let basis = hit.basis { key("basis"); string(basis) }
        if !hit.suggest.isEmpty {
            key("suggest")
            beginArray()
            for suggestion in hit.suggest { string(suggestion) }
            endArray()
        }
        endObject()
    }
}
