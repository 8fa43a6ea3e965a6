// Puts the loaded packs together before compiling: a pack given on the command line
// replaces the built-in pack of the same name (so `--rules rules/` in the source tree
// means "the built-ins as edited here"), then every pack's `disable` and `override`
// entries are applied to the rules they name. A name that is no rule is an error with
// the nearest rule id as a hint.

enum PackAssembly {
    /// Assembles `ruleSet` in place; problems are appended to `diagnostics`.
    static func apply(to ruleSet: inout RuleSet, diagnostics: inout [RuleDiagnostic]) {
        let given = Set(ruleSet.packs.filter { !$0.isBuiltin }.map(\.name))
        ruleSet.packs.removeAll { $0.isBuiltin && given.contains($0.name) }
        var position: [String: (pack: Int, rule: Int)] = [:]
        for (p, pack) in ruleSet.packs.enumerated() {
            for (r, rule) in pack.rules.enumerated() where position[rule.qualifiedID] == nil { position[rule.qualifiedID] = (p, r) }
        }
        let ids = Set(position.keys)
        func resolve(_ reference: RuleReference, in pack: RulePack, key: String) -> (pack: Int, rule: Int)? {
            let name = reference.name.contains("/") ? reference.name : "\(pack.name)/\(reference.name)"
            if let found = position[name] { return found }
            let hint = YAMLFields.closest(to: name, in: ids).map { " (did you mean `\($0)`?)" } ?? ""
            diagnostics.append(RuleDiagnostic(.error, "unknown rule `\(reference.name)` in `\(key)`\(hint)", at: reference.location))
            return nil
        }
        for pack in ruleSet.packs {
            for reference in pack.settings.disable {
                guard let at = resolve(reference, in: pack, key: "disable") else { continue }
                // Kept as an internal rule: rules built on it still see its hits.
                ruleSet.packs[at.pack].rules[at.rule].isInternal = true
            }
            for override in pack.settings.overrides {
                guard let at = resolve(override.target, in: pack, key: "override") else { continue }
                if let severity = override.severity {
                    ruleSet.packs[at.pack].rules[at.rule].severity = severity
                    ruleSet.packs[at.pack].rules[at.rule].weight = override.weight ?? severity.defaultWeight
                } else if let weight = override.weight {
                    ruleSet.packs[at.pack].rules[at.rule].weight = weight
                }
            }
        }
    }
}
