// `vigil evaluate`: measures the rules against human labels. It reads a labeled file
// (JSONL records with `text` and `label`, or CSV with named columns), checks every
// text, counts the decision (anything but `allow` = flagged) against the label, and
// prints precision, recall, F1, the confusion counts, and — to show where false
// positives come from — how often each category and rule flags the negative class.
// This is a measuring tool, not a hot path: it reads the whole file with Foundation.
import ArgumentParser
import Foundation
import VigilEngine

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the rules against a labeled file: precision, recall, F1, flag rates.",
        discussion: """
            A record is flagged when its decision is not `allow` (or, with --flag-at block, when it is `block`), \
            and positive when its label is one of the --positive values (default: 1 and true). \
            JSONL: one object per line, the text in --text-column (default `text`), the label in --label-column \
            (default `label`; a number, string or boolean); a `kind` field selects policy thresholds. \
            CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks; a UTF-8 BOM is skipped): \
            a header row names the columns (or --columns does, for a file without one); names match case-insensitively. \
            --signal NAME counts a record as flagged when any hit feeds that escalation signal (a low complaint \
            is allowed but still counted by the escalation machine); --half odd|even keeps every other record; \
            --by-rule lists every rule that has hits. \
            Examples:
              vigil evaluate ../shared/data/cold/dev.csv
              vigil evaluate labeled_data.csv --text-column tweet --label-column class --positive 0 --positive 1
              vigil evaluate complaints.csv --columns id,text,label,domain --signal complaint --by-rule
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }
    enum FlagAt: String, ExpressibleByArgument, CaseIterable { case review, block }
    enum Half: String, ExpressibleByArgument, CaseIterable { case odd, even }

    @Argument(help: ArgumentHelp("Labeled file (.jsonl or .csv).", valueName: "file"))
    var file: String

    @OptionGroup var data: LabelledDataOptions

    @Option(name: .long, help: ArgumentHelp("Record kind for policy thresholds (post, comment) when a record has none.", valueName: "kind"))
    var kind: String?

    @Option(name: .long, help: "Lowest decision that counts as flagged.")
    var flagAt: FlagAt = .review

    @Option(name: .long, help: ArgumentHelp("Also print up to N false positives and N false negatives.", valueName: "n"))
    var errors: Int = 0

    @Option(name: .long, help: ArgumentHelp("Count a record as flagged when a hit feeds this escalation signal (any severity), instead of by its decision.", valueName: "signal"))
    var signal: String?

    @Option(name: .long, help: "Only the odd (1st, 3rd, …) or even records: tune on one half, measure on the other.")
    var half: Half?

    @Flag(name: .long, help: "List every rule that has hits, with its records hit on each class (the report otherwise shows the first 40).")
    var byRule = false

    @Flag(name: .long, help: "Print one JSON object instead of the report.")
    var json = false

    @OptionGroup var ruleOptions: RuleOptions

    func validate() throws {
        if errors < 0 { throw ValidationError("--errors must be 0 or more") }
    }

    func run() throws {
        let input = try InputText.file(file)
        let records = try data.records(of: input.text, file: file)
        let positives = data.positiveLabels

        let engine = try ruleOptions.engine()
        var tally = EvaluationTally()
        let scratch = ScanScratch()
        let threshold: Decision = flagAt == .block ? .block : .review
        for (index, record) in records.enumerated() {
            if let half, (index % 2 == 0) != (half == .odd) { continue }
            let recordKind = record.kind ?? kind
            let verdict = engine.check(record.text, kind: recordKind, scratch: scratch)
            let isPositive = positives.contains(record.label.lowercased())
            let flagged = signal.map { name in verdict.hits.contains { $0.signal == name } } ?? (verdict.decision >= threshold)
            // The categories that alone reach the threshold (their capped decision).
            let thresholds = engine.policy.thresholds(forKind: recordKind)
            let flaggingCategories = verdict.categories.filter {
                min(engine.policy.categoryCaps[$0.name] ?? .block, thresholds.decision(for: $0.score)) >= threshold
            }.map(\.name)
            let rules = Set(verdict.hits.map(\.rule))
            tally.add(positive: isPositive, flagged: flagged, categories: flaggingCategories, rules: rules)
            if errors > 0 && isPositive != flagged {
                let hits = verdict.hits.map { "\($0.rule) “\($0.match)”" }.joined(separator: ", ")
                let line = "  [\(record.line)] \(record.text.replacingOccurrences(of: "\n", with: " "))" + (hits.isEmpty ? "" : "\n      ← \(hits)")
                if flagged && tally.falsePositiveExamples.count < errors { tally.falsePositiveExamples.append(line) }
                if !flagged && tally.falseNegativeExamples.count < errors { tally.falseNegativeExamples.append(line) }
            }
            if !json && index % 5000 == 4999 && isatty(2) != 0 { printError("vigil: evaluated \(index + 1)/\(records.count)") }
        }

        var rulesLabel = ruleOptions.rules.isEmpty ? "built-in rules" : ruleOptions.rules.joined(separator: ", ")
        if let half { rulesLabel += "; \(half.rawValue) records only" }
        let flagging = signal.map { "a hit feeding the `\($0)` signal" }
        if json {
            try writeStdout(tally.json(file: file, rules: rulesLabel, flagAt: threshold, signal: signal) + "\n")
        } else {
            try writeStdout(tally.report(file: file, rules: rulesLabel, flagAt: threshold, positives: positives.sorted(),
                                         flagging: flagging, ruleLimit: byRule ? Int.max : 40))
        }
    }
}

/// One labeled text.
struct LabeledRecord {
    var text: String
    var label: String
    var kind: String?
    /// 1-based line of the record's start in the file.
    var line: Int
}

/// Readers for labeled files.
enum LabeledFile {
    /// JSONL: one object per line; blank lines skipped.
    static func jsonl(_ text: String, path: String, textField: String, labelField: String) throws -> [LabeledRecord] {
        var records: [LabeledRecord] = []
        var lineNumber = 0
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0.isWhitespace }) { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                throw fail(ExitStatus.dataError, "\(path):\(lineNumber): not a JSON object")
            }
            guard let value = field(object, textField), let text = value as? String else {
                throw fail(ExitStatus.dataError, "\(path):\(lineNumber): no string field `\(textField)`")
            }
            guard let label = field(object, labelField).flatMap(labelString) else {
                throw fail(ExitStatus.dataError, "\(path):\(lineNumber): no label field `\(labelField)` (a string, number or boolean)")
            }
            records.append(LabeledRecord(text: text, label: label, kind: object["kind"] as? String, line: lineNumber))
        }
        return records
    }

    /// The field called `name`, or else the one whose name matches it case-insensitively.
    static func field(_ object: [String: Any], _ name: String) -> Any? {
        if let value = object[name] { return value }
        return object.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    static func labelString(_ value: Any) -> String? {
        switch value {
        case let s as String: return s.trimmingCharacters(in: .whitespaces)
        case let n as NSNumber:
            // Booleans arrive as NSNumber too and read as 1 / 0, which the default --positive covers.
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        default: return nil
        }
    }

    /// CSV with a header row; the text and label columns are found by name.
    /// `header` names the columns of a file without a header row.
    static func csv(_ text: String, path: String, textColumn: String, labelColumn: String, header names: [String]? = nil) throws -> [LabeledRecord] {
        let separator: Unicode.Scalar = path.lowercased().hasSuffix(".tsv") ? "\t" : ","
        var rows = CSVReader.rows(text, separator: separator)
        if let names { rows.insert(CSVReader.Row(fields: names, line: 0), at: 0) }
        guard let header = rows.first else { throw fail(ExitStatus.dataError, "\(path): empty file") }
        func column(_ name: String) throws -> Int {
            if let i = header.fields.firstIndex(of: name) { return i }
            if let i = header.fields.firstIndex(where: { $0.lowercased() == name.lowercased() }) { return i }
            let names = header.fields.map { "`\($0)`" }.joined(separator: ", ")
            throw fail(ExitStatus.dataError, "\(path):\(header.line): no column `\(name)`; the header has \(names)")
        }
        let textIndex = try column(textColumn), labelIndex = try column(labelColumn)
        let kindIndex = header.fields.firstIndex { $0.lowercased() == "kind" }
        var records: [LabeledRecord] = []
        for row in rows.dropFirst() {
            if row.fields.count == 1 && row.fields[0].isEmpty { continue }  // blank line
            guard textIndex < row.fields.count, labelIndex < row.fields.count else {
                throw fail(ExitStatus.dataError, "\(path):\(row.line): \(row.fields.count) fields, fewer than the header's \(header.fields.count)")
            }
            let kind = kindIndex.flatMap { $0 < row.fields.count && !row.fields[$0].isEmpty ? row.fields[$0] : nil }
            records.append(LabeledRecord(text: row.fields[textIndex], label: row.fields[labelIndex].trimmingCharacters(in: .whitespaces),
                                         kind: kind, line: row.line))
        }
        return records
    }
}

/// A small RFC 4180 reader: fields separated by `separator`, records by LF or CRLF,
/// quoted fields (`"…"`, `""` for a quote) may hold separators and line breaks. A
/// leading UTF-8 BOM is skipped.
enum CSVReader {
    struct Row {
        var fields: [String]
        /// 1-based line where the row starts.
        var line: Int
    }

    static func rows(_ text: String, separator: Unicode.Scalar = ",") -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var line = 1, rowLine = 1
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        var sawAny = false
        func endField() { fields.append(String(field)); field = String.UnicodeScalarView() }
        func endRow() { endField(); rows.append(Row(fields: fields, line: rowLine)); fields = []; rowLine = line }
        while let c = pending ?? iterator.next() {
            pending = nil
            sawAny = true
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case separator: endField()
            case "\r":
                if let next = iterator.next(), next != "\n" { pending = next }
                line += 1
                endRow()
            case "\n":
                line += 1
                endRow()
            default: field.append(c)
            }
        }
        if sawAny && (!field.isEmpty || !fields.isEmpty) { endRow() }
        return rows
    }
}

/// Counts for the report.
struct EvaluationTally {
    var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0
    /// Records of each class flagged by each category (alone reaching the threshold).
    var categoryOnNegatives: [String: Int] = [:], categoryOnPositives: [String: Int] = [:]
    /// Records of each class on which each rule hit.
    var ruleOnNegatives: [String: Int] = [:], ruleOnPositives: [String: Int] = [:]
    var falsePositiveExamples: [String] = [], falseNegativeExamples: [String] = []

    var positives: Int { truePositives + falseNegatives }
    var negatives: Int { falsePositives + trueNegatives }
    var precision: Double { truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives) }
    var recall: Double { positives == 0 ? 0 : Double(truePositives) / Double(positives) }
    var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    mutating func add(positive: Bool, flagged: Bool, categories: [String], rules: Set<String>) {
        switch (positive, flagged) {
        case (true, true): truePositives += 1
        case (true, false): falseNegatives += 1
        case (false, true): falsePositives += 1
        case (false, false): trueNegatives += 1
        }
        for category in categories {
            if positive { categoryOnPositives[category, default: 0] += 1 } else { categoryOnNegatives[category, default: 0] += 1 }
        }
        for rule in rules {
            if positive { ruleOnPositives[rule, default: 0] += 1 } else { ruleOnNegatives[rule, default: 0] += 1 }
        }
    }

    static func fixed(_ value: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", value) }
    static func percent(_ count: Int, of total: Int) -> String { total == 0 ? "-" : String(format: "%.2f%%", 100 * Double(count) / Double(total)) }

    /// Rules sorted by how many negatives they hit, then positives.
    var rulesByNegatives: [(rule: String, negatives: Int, positives: Int)] {
        Set(ruleOnNegatives.keys).union(ruleOnPositives.keys)
            .map { ($0, ruleOnNegatives[$0] ?? 0, ruleOnPositives[$0] ?? 0) }
            .sorted { ($1.1, $1.2, $0.0) < ($0.1, $0.2, $1.0) }
    }

    func report(file: String, rules: String, flagAt: Decision, positives labels: [String], flagging: String? = nil, ruleLimit: Int = 40) -> String {
        var out = "\(file): \(positives + negatives) records, \(positives) positive (label \(labels.joined(separator: " or "))), \(negatives) negative; \(rules)\n"
        out += "flagged = \(flagging ?? "decision \(flagAt == .block ? "block" : "review or block")")\n\n"
        out += "precision \(Self.fixed(precision))  recall \(Self.fixed(recall))  F1 \(Self.fixed(f1))\n"
        out += "confusion: TP \(truePositives)  FP \(falsePositives)  FN \(falseNegatives)  TN \(trueNegatives)\n"
        out += "flag rate: positives \(Self.percent(truePositives, of: positives)), negatives \(Self.percent(falsePositives, of: negatives))\n\n"
        out += "flag rate per category on the negative class (records the category alone flags):\n"
        let categories = Set(categoryOnNegatives.keys).union(categoryOnPositives.keys).sorted {
            (categoryOnNegatives[$1] ?? 0, $0) < (categoryOnNegatives[$0] ?? 0, $1)
        }
        if categories.isEmpty { out += "  none\n" }
        for category in categories {
            let n = categoryOnNegatives[category] ?? 0, p = categoryOnPositives[category] ?? 0
            out += "  \(category.padding(toLength: 12, withPad: " ", startingAt: 0)) \(Self.percent(n, of: negatives).leftPadded(7)) (\(n))   on positives \(Self.percent(p, of: positives)) (\(p))\n"
        }
        out += "\nrules by records hit (negative / positive):\n"
        let ranked = rulesByNegatives
        for entry in ranked.prefix(ruleLimit) {
            out += "  \(String(entry.negatives).leftPadded(6)) \(String(entry.positives).leftPadded(6))  \(entry.rule)\n"
        }
        if ranked.count > ruleLimit { out += "  … \(ranked.count - ruleLimit) more (see --by-rule or --json)\n" }
        if !falsePositiveExamples.isEmpty {
            out += "\nfalse positives (flagged, labeled negative):\n" + falsePositiveExamples.joined(separator: "\n") + "\n"
        }
        if !falseNegativeExamples.isEmpty {
            out += "\nfalse negatives (not flagged, labeled positive):\n" + falseNegativeExamples.joined(separator: "\n") + "\n"
        }
        return out
    }

    func json(file: String, rules: String, flagAt: Decision, signal: String? = nil) -> String {
        func rounded(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }
        var categories: [String: Any] = [:]
        for name in Set(categoryOnNegatives.keys).union(categoryOnPositives.keys) {
            let n = categoryOnNegatives[name] ?? 0, p = categoryOnPositives[name] ?? 0
            categories[name] = ["negatives": n, "negative_rate": negatives == 0 ? 0 : rounded(Double(n) / Double(negatives)),
                                "positives": p, "positive_rate": positives == 0 ? 0 : rounded(Double(p) / Double(positives))]
        }
        var ruleCounts: [String: Any] = [:]
        for entry in rulesByNegatives { ruleCounts[entry.rule] = ["negatives": entry.negatives, "positives": entry.positives] }
        var object: [String: Any] = [
            "file": file, "rules": rules, "flag_at": flagAt.rawValue,
            "records": positives + negatives, "positives": positives, "negatives": negatives,
            "precision": rounded(precision), "recall": rounded(recall), "f1": rounded(f1),
            "confusion": ["tp": truePositives, "fp": falsePositives, "fn": falseNegatives, "tn": trueNegatives],
            "negative_flag_rate": negatives == 0 ? 0 : rounded(Double(falsePositives) / Double(negatives)),
            "categories": categories, "rule_hits": ruleCounts,
        ]
        if let signal { object["signal"] = signal }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
