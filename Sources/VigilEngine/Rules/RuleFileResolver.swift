// The Yams tag resolver used for rule and policy files: Yams' default rules, in the same
// order, behind one rule that settles the common case cheaply.
//
// Yams resolves the tag of every plain mapping key (its duplicate-key check hashes the
// keys) by trying up to seven regular expressions in turn; a key such as `severity`
// fails all seven and ends up `str`. Each attempt costs thousands of instructions
// (NSRegularExpression), and rule packs have over a thousand keys, so startup paid about
// 40M instructions for it. The leading rule below sends a lowercase name straight to
// `str`, which is what the default rules give it anyway:
// - `bool` and `null` only match the words excluded by the look-ahead (their lowercase
//   spellings; the capitalised ones contain a capital, which the rule does not accept);
// - `int`, `float` and `timestamp` need a digit or a `.`, `merge` needs `<<`, `value`
//   needs `=`, and the empty string (a `null`) has no letter.
// Every other scalar goes on to Yams' default rules, unchanged, so every tag (and with it
// duplicate-key detection and Yams' typed accessors) is the same as with `Resolver.default`.

import Yams

extension Resolver {
    /// `Resolver.default`, with plain lowercase names resolved to `str` by one expression.
    static let ruleFiles: Resolver = {
        // The `$` inside the look-ahead is the same anchor as in the default rules
        // (ICU: end of input, or before a final line terminator), so a scalar that the
        // `bool` or `null` rule matches is never taken here.
        // swiftlint:disable:next force_try
        let plainName = try! Resolver.Rule(.str, "^(?!(?:yes|no|true|false|on|off|null)$)[a-z_]+$")
        var resolver = Resolver.basic.appending(plainName)
        for rule in Resolver.default.rules { resolver = resolver.appending(rule) }
        return resolver
    }()
}
