// GET /rules: the loaded packs with their rule counts, the rule-set version, and the
// last reload with its diagnostics.

struct PackRow {
    let name: String
    let rules: Int
    let description: String
}

struct RulesModel {
    let version: Int
    let loadedAt: String
    let ruleCount: Int
    let packs: [PackRow]
    let packCount: Int
    let warnings: [String]
    let hasReload: Bool
    let reloadAt: String
    let reloadLoaded: Bool
    let reloadDiagnostics: [String]
}

public extension ConsolePages {
    func rules(_ set: ConsoleRuleSet) -> String {
        let model = RulesModel(
            version: set.version, loadedAt: ConsoleFormat.time(set.loadedAt), ruleCount: set.packs.reduce(0) { $0 + $1.rules },
            packs: set.packs.map { PackRow(name: $0.name, rules: $0.rules, description: $0.description) }, packCount: set.packs.count, warnings: set.warnings,
            hasReload: set.lastReload != nil, reloadAt: set.lastReload.map { ConsoleFormat.time($0.at) } ?? "",
            reloadLoaded: set.lastReload?.loaded ?? false, reloadDiagnostics: set.lastReload?.diagnostics ?? [])
        return ConsoleRenderer.page("rules", model, title: "Rules", section: "/rules", refresh: false)
    }
}
