// A review item's categories as one column: a JSON array of the names, sorted, each
// once (`["abuse","hate"]`, `[]` for none). The queue filters on it by looking for the
// name as a JSON string (`"abuse"`, quotes included): a JSON string's quotes cannot
// occur inside another encoded name (they are escaped there), so that finds whole
// names only. One column instead of a row per category spares the writer two index
// insertions per category; the filter scans the items newest first, which stays fast
// at the queue's sizes (docs/store.md, Performance).
import Foundation

public enum ReviewCategories {
    /// The column's text for `names` (sorted and deduplicated here).
    public static func encode(_ names: [String]) -> String {
        var text = "["
        for (index, name) in Set(names).sorted().enumerated() {
            if index > 0 { text += "," }
            text += quoted(name)
        }
        return text + "]"
    }

    /// The names in a column's text (sorted); empty for text that is not such an array.
    public static func decode(_ text: String) -> [String] {
        guard text.count > 2, let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else { return [] }
        return array.sorted()
    }

    /// `name` as a JSON string, escaped as SQLite's `json_group_array` escapes it, so
    /// that names the migration wrote and names the writer writes look alike.
    public static func quoted(_ name: String) -> String {
        var text = "\""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20: text += "\\u" + String(format: "%04x", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
