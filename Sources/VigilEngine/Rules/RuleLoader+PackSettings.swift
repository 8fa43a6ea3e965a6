// Reading the pack-level keys `disable`, `override`, `allow` and `unless` (PackSettings).
// They are checked for shape here; whether the rules they name exist is checked once
// every pack is loaded (PackAssembly).
import Yams

extension RuleLoader {
    /// The settings of a pack's top-level mapping.
    mutating func readPackSettings(_ mapping: Node.Mapping, file: String) -> PackSettings {
        var settings = PackSettings()
        if let node = mapping[field: "disable"] { settings.disable = references(node, "disable", file) ?? [] }
        if let node = mapping[field: "override"] { settings.overrides = readOverrides(node, file: file) }
        if let node = mapping[field: "allow"] { settings.allow = readAllow(node, file: file) }
        return settings
    }

    /// `override: {pack/id: {severity: high, weight: 45}, …}`.
    mutating func readOverrides(_ node: Node, file: String) -> [RuleOverride] {
        guard let map = node.mapping else {
            error("`override` must map rule ids to `{severity: …, weight: …}`", location(node, file))
            return []
        }
        var overrides: [RuleOverride] = []
        for (key, value) in map {
            guard let name = key.scalar?.string else { error("`override` keys must be rule ids", location(key, file)); continue }
            guard let settings = value.mapping else {
                error("the override of `\(name)` must be a mapping with `severity` and/or `weight`", location(value, file)); continue
            }
            checkKeys(settings, allowed: ["severity", "weight"], what: "override", file: file)
            let override = RuleOverride(target: RuleReference(name: name, location: location(key, file)),
                                        severity: settings[field: "severity"].flatMap { severity($0, file) },
                                        weight: settings[field: "weight"].flatMap { weight($0, file) })
            if override.severity == nil && override.weight == nil && settings[field: "severity"] == nil && settings[field: "weight"] == nil {
                error("the override of `\(name)` changes nothing: give `severity` or `weight`", location(value, file))
            }
            overrides.append(override)
        }
        return overrides
    }

    /// `allow: ["+86 21 6234 5678", {regex: '…'}, …]`.
    mutating func readAllow(_ node: Node, file: String) -> [AllowEntry] {
        guard let sequence = node.sequence else {
            error("`allow` must be a list of texts and `{regex: …}` entries", location(node, file))
            return []
        }
        var entries: [AllowEntry] = []
        for item in sequence {
            if let text = item.scalar?.string {
                if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
                    error("an `allow` entry must not be empty", location(item, file)); continue
                }
                entries.append(AllowEntry(pattern: .exact(text), location: location(item, file)))
            } else if let map = item.mapping {
                checkKeys(map, allowed: ["regex"], what: "allow entry", file: file)
                guard let patternNode = map[field: "regex"], let pattern = string(patternNode, "allow.regex", file) else {
                    error("an `allow` mapping needs `regex`", location(item, file)); continue
                }
                entries.append(AllowEntry(pattern: .regex(pattern), location: regexLocation(patternNode, file)))
            } else {
                error("an `allow` entry is a text or `{regex: …}`", location(item, file))
            }
        }
        return entries
    }
}
