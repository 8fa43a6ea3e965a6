// The engine's folders form a pipeline, and a folder may use only what the folders
// before it declare (docs/architecture.md). The compiler cannot check this inside one
// module, so this test does: it reads the sources, collects the names each folder
// declares at file scope (types, functions, constants), and fails on any use of a name
// that only a later folder declares. Nested names are not collected, so a nested type
// that happens to share a name elsewhere cannot cause a false alarm.
import Foundation
import Testing

/// The folders of Sources/VigilEngine, in the order they may depend on each other: each
/// may use the ones before it and none after it.
let engineLayerOrder = ["Support", "Text", "Matching", "Rules", "Policy", "Scoring", "IO", "Escalation", "Authoring"]

struct DependencyDirectionTests {
    static let engineRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../../Sources/VigilEngine").standardized

    @Test func everyEngineFolderIsInTheOrder() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.engineRoot.path).sorted()
        #expect(folders == engineLayerOrder.sorted(), "a new folder needs a place in engineLayerOrder")
    }

    @Test func noFolderUsesALaterOne() throws {
        let files = try SourceFile.all(under: Self.engineRoot)
        #expect(files.count > 50)
        var declaredIn: [String: Set<Int>] = [:]
        for file in files { for name in file.topLevelNames { declaredIn[name, default: []].insert(file.layer) } }
        var wrong: [String] = []
        for file in files {
            for (line, number) in zip(file.codeLines, 1...) {
                for word in Set(SourceFile.identifiers(in: line)) {
                    guard let layers = declaredIn[word], !layers.contains(where: { $0 <= file.layer }) else { continue }
                    let owner = engineLayerOrder[layers.min()!]
                    wrong.append("\(file.path):\(number): `\(word)` is declared in \(owner), after \(engineLayerOrder[file.layer])")
                }
            }
        }
        #expect(wrong.isEmpty, "references against the pipeline order:\n\(wrong.joined(separator: "\n"))")
    }

    /// The checker itself: a later folder's name is found, a nested one and one in a
    /// comment or string are not.
    @Test func theCheckerSeesFileScopeNamesOnly() {
        let file = SourceFile(path: "x.swift", layer: 0, text: """
            public struct Outer {
                struct Inner {}
                func member() {}
            }
            @inline(__always) func helper(_ a: Int) -> Int { a }  // Later in a comment
            let s = "Later in a string"; let t = Later()
            """)
        #expect(file.topLevelNames == ["Outer", "helper", "s"])
        #expect(file.codeLines.flatMap(SourceFile.identifiers).filter { $0 == "Later" }.count == 1)
    }
}

/// One source file of the engine, with its comments and string literals blanked out.
struct SourceFile {
    var path: String
    var layer: Int
    var codeLines: [String]
    var topLevelNames: [String]

    init(path: String, layer: Int, text: String) {
        self.path = path
        self.layer = layer
        codeLines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Self.code(of: String($0)) }
        var names: [String] = []
        var depth = 0
        for line in codeLines {
            if depth == 0, let name = Self.declaredName(line) { names.append(name) }
            depth += line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count
        }
        topLevelNames = names
    }

    static func all(under root: URL) throws -> [SourceFile] {
        var files: [SourceFile] = []
        for (layer, folder) in engineLayerOrder.enumerated() {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".swift") {
                let text = try String(contentsOf: base.appendingPathComponent(relative), encoding: .utf8)
                files.append(SourceFile(path: "\(folder)/\(relative)", layer: layer, text: text))
            }
        }
        return files
    }

    /// The line without its `//` comment and with string literals emptied (one-line
    /// literals are enough: the engine keeps no code inside multi-line strings).
    static func code(of line: String) -> String {
        var out = "", inString = false, escaped = false
        var previous: Character = " "
        for c in line {
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false; out.append(c) }
            } else if c == "\"" {
                inString = true; out.append(c)
            } else if c == "/" && previous == "/" {
                out.removeLast(); break
            } else {
                out.append(c)
            }
            previous = c
        }
        return out
    }

    static let declarationKeywords: Set<String> = ["struct", "class", "enum", "protocol", "actor", "typealias", "func", "let", "var"]
    static let modifiers: Set<String> = ["public", "package", "internal", "fileprivate", "private", "final", "indirect",
                                         "nonisolated", "static", "mutating"]

    /// The name a file-scope line declares, if it declares one (`extension` declares none).
    static func declaredName(_ line: String) -> String? {
        var words = identifiers(in: line.replacingOccurrences(of: #"@\w+(\([^)]*\))?"#, with: " ", options: .regularExpression))[...]
        while let first = words.first, modifiers.contains(first) { words = words.dropFirst() }
        guard let keyword = words.first, declarationKeywords.contains(keyword), words.count > 1 else { return nil }
        return words[words.startIndex + 1]
    }

    static func identifiers(in line: String) -> [String] {
        var out: [String] = [], current = ""
        for c in line {
            if c == "_" || c.isLetter || (c.isNumber && !current.isEmpty) { current.append(c) } else {
                if !current.isEmpty { out.append(current); current = "" }
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
