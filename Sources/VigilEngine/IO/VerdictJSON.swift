// The verdict record of SPEC §3 as JSON, written field by field.

extension JSONWriter {
    /// Writes `{"type":"verdict",...}`. `id` is pre-encoded JSON (a string or number
    /// echoed from the input) and `line` the input line, both omitted when nil.
    public mutating func verdict(_ verdict: Verdict, id: String? = nil, line: Int? = nil) {
        beginObject()
        key("type"); string("verdict")
        if let id { key("id"); raw(id) }
        if let line { key("line"); int(line) }
        key("decision"); string(verdict.decision.rawValue)
        key("score"); double(verdict.score)
        key("categories")
        beginObject()
        for category in verdict.categories { key(category.name); double(category.score) }
        endObject()
        key("hits")
        beginArray()
        for hit in verdict.hits { self.hit(hit) }
        endArray()
        key("warnings")
        beginArray()
        for warning in verdict.warnings { string(warning) }
        endArray()
        endObject()
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
