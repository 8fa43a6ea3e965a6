// The output of `vigil rules diff`: a summary (records, changes per decision pair and
// per rule, example texts per rule) and every changed record, as text for people or as
// JSON (`{"summary":{…},"changed":[…]}`).
import VigilEngine

struct DiffReport {
    let result: DiffResult
    let examples: Int
    let bytes: Int
    let seconds: Double

    /// "allow→review" → count, in a fixed order of decisions.
    var decisionCounts: [(String, Int)] {
        var counts: [String: Int] = [:]
        for record in result.changed where record.change.before != record.change.after {
            counts["\(record.change.before.rawValue)→\(record.change.after.rawValue)", default: 0] += 1
        }
        return counts.sorted { $0.key < $1.key }
    }

    /// Per rule: records where it was added, where it was removed, and example texts.
    var ruleCounts: [(rule: String, added: Int, removed: Int, examples: [String])] {
        var table: [String: (added: Int, removed: Int, examples: [String])] = [:]
        for record in result.changed {
            for (rules, isAdded) in [(record.change.added, true), (record.change.removed, false)] {
                for rule in rules {
                    var entry = table[rule] ?? (0, 0, [])
                    if isAdded { entry.added += 1 } else { entry.removed += 1 }
                    if entry.examples.count < examples { entry.examples.append(record.text) }
                    table[rule] = entry
                }
            }
        }
        return table.map { ($0.key, $0.value.added, $0.value.removed, $0.value.examples) }
            .sorted { ($0.added + $0.removed, $1.rule) > ($1.added + $1.removed, $0.rule) }
    }

    var speedLine: String {
        let rate = seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0
        return "vigil: rules diff screened \(result.records) records (\(bytes) bytes) with both rule sets in \(String(format: "%.2f", seconds)) s (\(String(format: "%.1f", rate)) MB/s)"
    }

    func text() -> String {
        var out = "\(result.records) records, \(result.changed.count) changed, \(result.decisionChanges) with a new decision"
        out += result.errors > 0 ? ", \(result.errors) unusable lines skipped\n" : "\n"
        if !decisionCounts.isEmpty {
            out += "\ndecisions\n"
            for (change, count) in decisionCounts { out += "  \(change)  \(count)\n" }
        }
        if !ruleCounts.isEmpty {
            out += "\nrules (records where the rule is newly reported / no longer reported)\n"
            for entry in ruleCounts {
                out += "  +\(entry.added) -\(entry.removed)  \(entry.rule)\n"
                for example in entry.examples { out += "      “\(TextReport.cut(example))”\n" }
            }
        }
        if !result.changed.isEmpty {
            out += "\nchanged records\n"
            for record in result.changed {
                let change = record.change
                out += "  line \(record.line) (id \(record.idJSON)): \(change.before.rawValue) → \(change.after.rawValue)"
                out += change.added.map { "  +\($0)" }.joined() + change.removed.map { "  -\($0)" }.joined()
                out += "  “\(TextReport.cut(record.text))”\n"
            }
        }
        return out
    }

    func json() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("summary")
        writer.beginObject()
        writer.key("records"); writer.int(result.records)
        writer.key("changed"); writer.int(result.changed.count)
        writer.key("decisions_changed"); writer.int(result.decisionChanges)
        writer.key("errors"); writer.int(result.errors)
        writer.key("decisions")
        writer.beginObject()
        for (change, count) in decisionCounts { writer.key(change); writer.int(count) }
        writer.endObject()
        writer.key("rules")
        writer.beginObject()
        for entry in ruleCounts {
            writer.key(entry.rule)
            writer.beginObject()
            writer.key("added"); writer.int(entry.added)
            writer.key("removed"); writer.int(entry.removed)
            writer.key("examples"); writer.beginArray(); for example in entry.examples { writer.string(example) }; writer.endArray()
            writer.endObject()
        }
        writer.endObject()
        writer.endObject()
        writer.key("changed")
        writer.beginArray()
        for record in result.changed {
            writer.beginObject()
            writer.key("line"); writer.int(record.line)
            writer.key("id"); writer.raw(record.idJSON)
            writer.key("before"); writer.string(record.change.before.rawValue)
            writer.key("after"); writer.string(record.change.after.rawValue)
            writer.key("added"); writer.beginArray(); for rule in record.change.added { writer.string(rule) }; writer.endArray()
            writer.key("removed"); writer.beginArray(); for rule in record.change.removed { writer.string(rule) }; writer.endArray()
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.string + "\n"
    }
}

extension TextReport {
    /// A text on one line, cut to 80 code points.
    static func cut(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        let shown = String(String.UnicodeScalarView(scalars.prefix(80))).replacingNewlines()
        return scalars.count > 80 ? shown + "…" : shown
    }
}
