// `MappingFields` indexes a mapping's keys once; its lookups must give what looking the
// key up in the `Node.Mapping` gives (first key spelled so; non-scalar keys never match).
import Testing
import Yams
@testable import VigilEngine

@Suite struct MappingFieldsTests {
    @Test func lookupsAgreeWithTheMapping() throws {
        // Compose rejects duplicate keys, so the second mapping is built by hand.
        let composed = try #require(try Yams.compose(yaml: "a: 1\nb: [x]\nc: {d: e}\n", .ruleFiles)?.mapping)
        let handmade = Node.Mapping([
            (Node("id"), Node("first")), (Node("quoted", Tag(.str), .doubleQuoted), Node("1")),
            (Node("id"), Node("second")), (Node([Node("a"), Node("b")]), Node("list-key")),
            (Node("on"), Node("2")), (Node(""), Node("empty")), (Node("near"), Node("x")),
        ])
        for mapping in [composed, handmade] {
            let fields = MappingFields(mapping)
            for key in ["a", "b", "c", "d", "id", "quoted", "on", "", "near", "a, b", "missing"] {
                #expect(fields[field: key] == mapping[field: key], "key \(key.debugDescription)")
            }
        }
    }
}
