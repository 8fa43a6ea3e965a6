// One case of the pack tests that name a text, the rule that must catch it and the exact
// text its hit must cover, shared by the suites on everyday spellings and on complaint
// words in context.
import Testing

struct PackCase: CustomTestStringConvertible, Sendable {
    let text: String, rule: String, match: String
    var testDescription: String { "\(rule): \(text.debugDescription)" }
}
