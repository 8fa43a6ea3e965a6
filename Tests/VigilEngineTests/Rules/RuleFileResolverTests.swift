// `Resolver.ruleFiles` must give every scalar the tag Yams' default resolver gives it
// (the tag decides duplicate keys and typed values); its leading rule is only a shortcut.
import Testing
import Yams
@testable import VigilEngine

@Suite struct RuleFileResolverTests {
    static let scalars = [
        "id", "severity", "keywords", "near", "within", "at_least", "max_decision", "a", "abc_def",
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~", "", "<<", "=",
        "yesno", "nope", "only", "offset", "nullable", "truely", "onoff", "_", "__", "on_", "_on",
        "true\n", "on\n", "abc\n", "abc\ndef", "12", "-1", "0x1f", "0o17", "0b101", "1_000", "1:30",
        "1.5", ".5", "1e3", "1E3", ".inf", "-.Inf", ".nan", "2020-01-01", "2020-1-1 10:00:00",
        "2001-12-14t21:59:43.10-05:00", "weight", "a-b", "A", "aB", "é", "internal", "in ternal",
    ]

    @Test func tagsAgreeWithTheDefaultResolver() {
        for text in Self.scalars {
            let cheap = Resolver.ruleFiles.resolveTag(of: Node(text))
            let reference = Resolver.default.resolveTag(of: Node(text))
            #expect(cheap == reference, "tag of \(text.debugDescription)")
        }
    }
}
