// The inputs of rule loading: rule files as text, wherever they came from (a folder
// on disk, or the packs embedded in the binary), and how to read the companion files
// they name (`keywords_file`).
import Foundation

/// One rule or policy file's text and the path used in diagnostics.
public struct RuleFile: Sendable {
    public var path: String
    public var contents: String
    /// One of the packs built into the binary (a pack of the same name given on the
    /// command line replaces it: PackAssembly).
    public var isBuiltin = false
    public init(path: String, contents: String, isBuiltin: Bool = false) {
        self.path = path
        self.contents = contents
        self.isBuiltin = isBuiltin
    }
}

/// A set of rule files plus the policy, and a way to read files they refer to.
public struct RuleSource: Sendable {
    /// Rule pack files (`*.yaml` except `policy.yaml`), sorted by path.
    public var packFiles: [RuleFile]
    /// The scoring policy (`policy.yaml`), when one was found.
    public var policyFile: RuleFile?
    /// Reads a file named by a rule file (already resolved against that file's folder).
    public var readCompanion: @Sendable (String) -> String?
    /// Reads a binary file named by a rule file (a classifier's model), resolved the same way.
    public var readBinaryCompanion: @Sendable (String) -> [UInt8]?

    public init(packFiles: [RuleFile], policyFile: RuleFile?, readCompanion: @escaping @Sendable (String) -> String?,
                readBinaryCompanion: @escaping @Sendable (String) -> [UInt8]? = { _ in nil }) {
        self.packFiles = packFiles.sorted { $0.path < $1.path }
        self.policyFile = policyFile
        self.readCompanion = readCompanion
        self.readBinaryCompanion = readBinaryCompanion
    }

    /// Rules from files embedded at build time: `(path relative to rules/, contents)`, and
    /// binary files (models) as `(path relative to rules/, base64 of the bytes)`.
    public static func embedded(_ files: [(path: String, contents: String)],
                                binaries: [(path: String, base64: String)] = []) -> RuleSource {
        var byPath: [String: String] = [:]
        for file in files { byPath["rules/" + file.path] = file.contents }
        let snapshot = byPath
        var binaryByPath: [String: String] = [:]
        for file in binaries { binaryByPath["rules/" + file.path] = file.base64 }
        let binarySnapshot = binaryByPath
        let packs = files.filter { isPackFile($0.path) }.map { RuleFile(path: "rules/" + $0.path, contents: $0.contents, isBuiltin: true) }
        let policy = files.first { isPolicyFile($0.path) }.map { RuleFile(path: "rules/" + $0.path, contents: $0.contents, isBuiltin: true) }
        return RuleSource(packFiles: packs, policyFile: policy, readCompanion: { snapshot[$0] },
                          readBinaryCompanion: { path in
                              binarySnapshot[path].flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) }
                          })
    }

    /// These rules with `other`'s packs added after them (in this order: the rule order
    /// decides the order of categories in verdicts). `other`'s policy, when it has one,
    /// replaces this one's; companion files are looked up here first, then in `other`.
    public func adding(_ other: RuleSource) -> RuleSource {
        let (mine, theirs) = (readCompanion, other.readCompanion)
        let (myBinaries, theirBinaries) = (readBinaryCompanion, other.readBinaryCompanion)
        var combined = RuleSource(packFiles: [], policyFile: other.policyFile ?? policyFile,
                                  readCompanion: { mine($0) ?? theirs($0) },
                                  readBinaryCompanion: { myBinaries($0) ?? theirBinaries($0) })
        combined.packFiles = packFiles + other.packFiles
        return combined
    }

    /// Rules from files and folders on disk; a folder means every `*.yaml` below it.
    /// Throws a diagnostic for a path that is missing or unreadable.
    public static func disk(paths: [String]) throws(RuleLoadFailure) -> RuleSource {
        var packs: [RuleFile] = [], policy: RuleFile?, problems: [RuleDiagnostic] = []
        let manager = FileManager.default
        func add(_ path: String) {
            guard let data = manager.contents(atPath: path) else {
                problems.append(RuleDiagnostic(.error, "cannot read rule file", at: FileLocation(file: path, line: 0, column: 0)))
                return
            }
            guard let text = String(data: data, encoding: .utf8) else {
                problems.append(RuleDiagnostic(.error, "rule file is not valid UTF-8", at: FileLocation(file: path, line: 0, column: 0)))
                return
            }
            let file = RuleFile(path: path, contents: text)
            if isPolicyFile(path) { policy = file } else { packs.append(file) }
        }
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(RuleDiagnostic(.error, "no such file or folder", at: FileLocation(file: path, line: 0, column: 0)))
                continue
            }
            if !isDirectory.boolValue { add(path); continue }
            guard let walker = manager.enumerator(atPath: path) else {
                problems.append(RuleDiagnostic(.error, "cannot read folder", at: FileLocation(file: path, line: 0, column: 0)))
                continue
            }
            if !manager.isReadableFile(atPath: path) {
                problems.append(RuleDiagnostic(.error, "cannot read folder", at: FileLocation(file: path, line: 0, column: 0)))
                continue
            }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                if isPackFile(relative) || isPolicyFile(relative) { found.append((path as NSString).appendingPathComponent(relative)) }
            }
            for file in found.sorted() { add(file) }
        }
        if !problems.isEmpty { throw RuleLoadFailure(problems) }
        return RuleSource(packFiles: packs, policyFile: policy, readCompanion: { path in
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            return String(data: data, encoding: .utf8)
        }, readBinaryCompanion: { path in
            FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        })
    }

    /// Paths of the built-in files of this source (for telling them from the user's).
    public var builtinPaths: Set<String> {
        Set(packFiles.filter(\.isBuiltin).map(\.path) + (policyFile.map { $0.isBuiltin ? [$0.path] : [] } ?? []))
    }

    static func isPolicyFile(_ path: String) -> Bool {
        path == "policy.yaml" || path.hasSuffix("/policy.yaml")
    }

    static func isPackFile(_ path: String) -> Bool {
        (path.hasSuffix(".yaml") || path.hasSuffix(".yml")) && !isPolicyFile(path)
    }

    /// Resolves `relative` against the folder of the file at `base`.
    static func resolve(_ relative: String, against base: String) -> String {
        if relative.hasPrefix("/") { return relative }
        guard let slash = base.lastIndex(of: "/") else { return relative }
        return String(base[...slash]) + relative
    }
}
