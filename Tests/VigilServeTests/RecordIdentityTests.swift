// The identity of a record in the shared log: a resend of a record without an id is
// recognised whatever the order of its fields or the escaping of its text, and records
// that differ in topic, time, author or text are told apart.
@testable import vigil
import Testing
import VigilEngine

struct RecordIdentityTests {
    func key(_ line: String) -> String? {
        Array(line.utf8).withUnsafeBufferPointer { RecordIdentity.contentKey($0) }
    }

    @Test func aResendHasTheSameIdentity() throws {
        let first = try #require(key(#"{"ts":1717200000,"topic":"Acme","author":"u1","text":"退款 now"}"#))
        #expect(key(#"{"text":"\u9000\u6b3e now","author":"u1","topic":"Acme","ts":"2024-06-01T00:00:00Z"}"#) == first)
        #expect(first.hasPrefix("Acme\u{1F}1717200000000\u{1F}#"))
    }

    @Test func differentRecordsHaveDifferentIdentities() {
        let base = key(#"{"ts":1717200000,"topic":"Acme","author":"u1","text":"refund"}"#)
        #expect(base != nil)
        #expect(key(#"{"ts":1717200001,"topic":"Acme","author":"u1","text":"refund"}"#) != base)
        #expect(key(#"{"ts":1717200000,"topic":"Nimbus","author":"u1","text":"refund"}"#) != base)
        #expect(key(#"{"ts":1717200000,"topic":"Acme","author":"u2","text":"refund"}"#) != base)
        #expect(key(#"{"ts":1717200000,"topic":"Acme","text":"refund"}"#) != base)
        #expect(key(#"{"ts":1717200000,"topic":"Acme","author":"u1","text":"refund!"}"#) != base)
        // Length prefixes: moving bytes between author and text changes the identity.
        #expect(key(#"{"ts":1717200000,"topic":"Acme","author":"u1r","text":"efund"}"#) != base)
    }

    @Test func anIdEqualToItsLineNumberIsStillItsOwn() {
        // Line 1 carrying `"id":1`: known by its id, not taken for a record without one.
        let bytes = Array(#"{"id":1,"ts":1717200000,"topic":"Acme","text":"refund"}"#.utf8)
        // Both screeners: the one serve uses keeps the verdict, `vigil screen`'s does not.
        for screener in [RecordScreener(), RecordScreener(keepsVerdict: true)] {
            var writer = JSONWriter()
            let line = bytes.withUnsafeBufferPointer {
                screener.screen($0, lineNumber: 1, format: .jsonl, engine: builtinEngine, defaultKind: .post, into: &writer)
            }
            #expect(line.hasOwnID)
            #expect(RecordIdentity.key(line) == "Acme\u{1F}1717200000000\u{1F}1")
        }
    }

    @Test func recordsWithAnIdOrWithoutTimeHaveNoContentIdentity() {
        #expect(key(#"{"id":7,"ts":1717200000,"topic":"Acme","text":"refund"}"#) == nil)
        #expect(key(#"{"topic":"Acme","text":"refund"}"#) == nil)
        #expect(key(#"{"type":"command","command":"ack","topic":"Acme","ts":1717200000}"#) == nil)
        #expect(key("not json") == nil)
    }
}
