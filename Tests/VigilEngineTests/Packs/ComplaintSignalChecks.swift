// The two checks every complaint suite makes: a complaint is caught by its rule with the
// exact text, and feeds the complaint signal; an everyday text feeds no complaint signal
// at all (complaints drive escalation, so a stray hit counts).
import Testing
import VigilEngine

enum ComplaintSignalChecks {
    static func expectCaught(_ c: PackCase, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let verdict = try #require(BuiltinPacks.check(c.text), sourceLocation: sourceLocation)
        let hits = verdict.hits.filter { $0.rule == c.rule }.map(\.match)
        #expect(hits.contains(c.match), "hits: \(describe(verdict))", sourceLocation: sourceLocation)
        #expect(verdict.hits.contains { $0.signal == "complaint" }, sourceLocation: sourceLocation)
    }

    static func expectNoComplaint(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let verdict = try #require(BuiltinPacks.check(text), sourceLocation: sourceLocation)
        #expect(!verdict.hits.contains { $0.signal == "complaint" }, "hits: \(describe(verdict))", sourceLocation: sourceLocation)
    }

    private static func describe(_ verdict: Verdict) -> String {
        verdict.hits.map { "\($0.rule) “\($0.match)”" }.description
    }
}
