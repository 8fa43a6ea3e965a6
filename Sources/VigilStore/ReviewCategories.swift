// A review item's categories as one column: a JSON array of the names, sorted, each
// once (`["abuse","hate"]`, `[]` for none). The queue filters on it by looking for the
// name as a JSON string (`"abuse"`, quotes included): a JSON string's quotes cannot
// occur inside another encoded name (they are escaped there), so that finds whole
// names only. One column instead of a row per category spares the writer two index
// insertions per category; the filter scans the items newest first, which stays fast
// at the queue's sizes (docs/store.md, Performance).
import Foundation
import VigilEngine

public enum ReviewCategories {
    /// The column's text for `names` (sorted and deduplicated here).
    public static func encode(_ names: [String]) -> String {
        let inOrder = zip(names, names.dropFirst()).allSatisfy { $0 < $1 }
        var text: [UInt8] = [UInt8(ascii: "[")]
        text.reserveCapacity(16 * names.count + 2)
        for (index, name) in (inOrder ? names : Set(names).sorted()).enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            if name.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
                // Nothing the JSON writer would escape (the column is written for every item).
                text.append(UInt8(ascii: "\"")); text.append(contentsOf: name.utf8); text.append(UInt8(ascii: "\""))
            } else {
                text.append(contentsOf: quoted(name).utf8)
            }
        }
        text.append(UInt8(ascii: "]"))
        return String(decoding: text, as: UTF8.self)
    }

    /// The names in a column's text (sorted); empty for text that is not such an array.
    public static func decode(_ text: String) -> [String] {
        guard text.count > 2, let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else { return [] }
        return array.sorted()
    }

    /// `name` as a JSON string, escaped by the engine's one JSON writer: as SQLite's
    /// `json_group_array` and PostgreSQL's `to_json` escape it for every name but one
    /// holding a backspace or form-feed character, so names the migration wrote and
    /// names the writer writes look alike.
    public static func quoted(_ name: String) -> String {
        var writer = JSONWriter()
        writer.string(name)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
