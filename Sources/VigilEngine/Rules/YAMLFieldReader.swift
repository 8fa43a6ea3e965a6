// One reader for the fields of the YAML files Vigil loads: rule packs (RuleLoader), the
// policy (Policy) and its escalation section (EscalationPolicy). Each problem is a
// RuleDiagnostic at the node's file:line:col, and an unknown key always reads the same:
// "unknown key `x` in rule (did you mean `y`?)", the hint only when a known key is close.
import Yams

/// The messages and positions every YAML reader shares.
enum YAMLFields {
    /// Where `node` is in `file`.
    static func location(_ node: Node, file: String) -> FileLocation {
        FileLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    /// The one message for a key that `what` does not have.
    static func unknownKey(_ name: String, in what: String, allowed: Set<String>) -> String {
        let hint = closest(to: name, in: allowed).map { " (did you mean `\($0)`?)" } ?? ""
        return "unknown key `\(name)` in \(what)\(hint)"
    }

    /// The one message for a key given twice.
    static func duplicateKey(_ name: String, in what: String) -> String {
        "duplicate key `\(name)` in \(what)"
    }

    /// The allowed key nearest to a misspelt one, when it is close enough to be a useful hint.
    static func closest(to name: String, in allowed: Set<String>) -> String? {
        let best = allowed.map { ($0, editDistance(Array(name.utf8), Array($0.utf8))) }.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        guard let best, best.1 <= max(1, name.utf8.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// Reads the fields of one file's mappings, collecting its problems.
struct YAMLFieldReader {
    let path: String
    var problems: [RuleDiagnostic] = []

    init(path: String) { self.path = path }

    mutating func fail(_ message: String, _ node: Node) {
        problems.append(RuleDiagnostic(.error, message, at: YAMLFields.location(node, file: path)))
    }

    /// Visits a mapping's entries in order, reporting keys that are not in `allowed` or
    /// that come twice; `what` names the mapping in messages.
    mutating func entries(_ node: Node, _ what: String, _ allowed: [String], _ visit: (inout YAMLFieldReader, String, Node) -> Void) {
        guard let map = node.mapping else { fail("`\(what)` must be a mapping", node); return }
        var seen: Set<String> = []
        for (key, value) in map {
            let name = key.string ?? "?"
            guard allowed.contains(name) else {
                fail(YAMLFields.unknownKey(name, in: what, allowed: Set(allowed)), key)
                continue
            }
            guard seen.insert(name).inserted else { fail(YAMLFields.duplicateKey(name, in: what), key); continue }
            visit(&self, name, value)
        }
    }

    /// A duration such as `90s`, `5m`, `2h` or `7d` (a bare number is seconds), in milliseconds.
    mutating func duration(_ node: Node, _ name: String, positive: Bool = false) -> Int64? {
        let text = node.scalar?.string ?? ""
        guard let ms = EventTime.parse(duration: text) ?? (node.int.map { Int64($0) * 1000 }), ms >= 0 else {
            fail("`\(name)` must be a duration such as 90s, 5m, 2h or 7d", node); return nil
        }
        if positive && ms == 0 { fail("`\(name)` must be longer than zero", node); return nil }
        return ms
    }

    mutating func number(_ node: Node, _ name: String, _ range: ClosedRange<Double>) -> Double? {
        guard let value = node.float, range.contains(value) else {
            fail("`\(name)` must be a number from \(range.lowerBound.cleanDescription) to \(range.upperBound.cleanDescription)", node); return nil
        }
        return value
    }

    mutating func integer(_ node: Node, _ name: String, _ range: ClosedRange<Int>) -> Int? {
        guard let value = node.int, range.contains(value) else {
            fail("`\(name)` must be a whole number from \(range.lowerBound) to \(range.upperBound)", node); return nil
        }
        return value
    }

    mutating func probability(_ node: Node, _ name: String) -> Double? {
        guard let value = node.float, value > 0, value < 1 else {
            fail("`\(name)` must be a probability between 0 and 1 (exclusive), such as 1.0e-6", node); return nil
        }
        return value
    }
}

extension Double {
    /// `5` rather than `5.0`, for messages.
    fileprivate var cleanDescription: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}
