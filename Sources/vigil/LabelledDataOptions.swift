// The options that say where the text and the label of a labelled file are, and the
// reading of that file: shared by `vigil evaluate` and `vigil learn`, so both commands
// take the same files the same way.
import ArgumentParser
import Foundation
import VigilEngine

struct LabelledDataOptions: ParsableArguments {
    @Option(name: .long, help: "Input format (default: csv for *.csv and *.tsv, else jsonl).")
    var format: EvaluateCommand.Format?

    @Option(name: .long, help: ArgumentHelp("Column (CSV) or field (JSONL) holding the text.", valueName: "name"))
    var textColumn: String = "text"

    @Option(name: .long, help: ArgumentHelp("Column or field holding the label.", valueName: "name"))
    var labelColumn: String = "label"

    @Option(name: .long, help: ArgumentHelp("A label value that means positive; repeatable. Default: 1 and true.", valueName: "value"))
    var positive: [String] = []

    @Option(name: .long, help: ArgumentHelp("Column names of a CSV file without a header row, comma-separated.", valueName: "names"))
    var columns: String?

    /// The label values that mean positive, lower-cased.
    var positiveLabels: Set<String> {
        Set((positive.isEmpty ? ["1", "true"] : positive).map { $0.lowercased() })
    }

    /// The records of `file` (its text already read as `text`); exit 65 when there are none.
    func records(of text: String, file: String) throws -> [LabeledRecord] {
        let chosen = format ?? ((file.lowercased().hasSuffix(".csv") || file.lowercased().hasSuffix(".tsv")) ? .csv : .jsonl)
        let records: [LabeledRecord]
        switch chosen {
        case .csv:
            let header = columns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            records = try LabeledFile.csv(text, path: file, textColumn: textColumn, labelColumn: labelColumn, header: header)
        case .jsonl: records = try LabeledFile.jsonl(text, path: file, textField: textColumn, labelField: labelColumn)
        }
        guard !records.isEmpty else { throw fail(ExitStatus.dataError, "\(file): no records") }
        return records
    }
}
