// `RuleLoader.keywordLines` reads a keywords_file in one pass over its bytes; it must give
// what splitting the text at "\n" and trimming each line gives, on the edge cases of line
// ends, blanks and comments.
import Testing

@testable import VigilEngine

@Suite struct KeywordLinesTests {
    /// The straightforward form: split, trim, skip blank lines and comments.
    static func reference(_ text: String, path: String) -> [(String, Int)] {
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
        var list: [(String, Int)] = []
        for (number, rawLine) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard let first = rawLine.firstIndex(where: { !isSpace($0) }) else { continue }
            let line = rawLine[first...rawLine.lastIndex(where: { !isSpace($0) })!]
            if line.first == UInt8(ascii: "#") { continue }
            list.append((String(decoding: line, as: UTF8.self), number + 1))
        }
        return list
    }

    @Test(arguments: [
        "", "\n", "\n\n", "a", "a\n", "\na", " a \r\n#c\n\n\tb\t", "x\r", "#", "  # indented comment\nk",
        "微信\n加 v\r\n  vx  \n", "\r\n\r\n", "a#b\n# a\n#\n", " \t\r", "last line without end",
    ])
    func agreesWithSplitting(_ text: String) {
        let lines = RuleLoader.keywordLines(of: text, path: "rules/lists/x.txt")
        let expected = Self.reference(text, path: "rules/lists/x.txt")
        #expect(lines.map(\.value) == expected.map(\.0))
        #expect(lines.map(\.location.line) == expected.map(\.1))
        #expect(lines.allSatisfy { $0.location.column == 1 && $0.location.file == "rules/lists/x.txt" })
    }
}
