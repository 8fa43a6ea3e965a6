// Runs the tutorial of docs/rules.md ("a pack for a product launch") as written: the
// YAML it shows is saved as launch.yaml, and every `vigil …` line of its shell blocks
// is run from the project root (with that file) and must exit as its `# exit N` says.
import Foundation
import Testing

@Suite struct TutorialTests {
    /// The tutorial section of docs/rules.md.
    static func tutorial() throws -> String {
        let text = try String(contentsOf: Vigil.packageRoot.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        guard let start = text.range(of: "## Tutorial: a pack for a product launch") else { return "" }
        return String(text[start.lowerBound...])
    }

    /// The contents of each fenced block of `language`.
    static func blocks(_ language: String, in text: String) -> [String] {
        var blocks: [String] = [], current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil && line == "```\(language)" { current = [] }
            else if current != nil && line == "```" { blocks.append(current!.joined(separator: "\n")); current = nil }
            else if current != nil { current!.append(line) }
        }
        return blocks
    }

    @Test func everyCommandOfTheTutorialRunsAsShown() throws {
        let tutorial = try Self.tutorial()
        let yaml = Self.blocks("yaml", in: tutorial)
        #expect(yaml.count == 1)
        let folder = Vigil.temporaryFolder()
        let pack = folder.appendingPathComponent("launch.yaml")
        try (yaml.first ?? "").write(to: pack, atomically: true, encoding: .utf8)
        let commands = Self.blocks("sh", in: tutorial).flatMap { $0.split(separator: "\n") }.filter { $0.hasPrefix("vigil ") }
        #expect(commands.count >= 7)
        for command in commands {
            guard let marker = command.range(of: "# exit ") else { Issue.record("no `# exit N` on: \(command)"); continue }
            let expected = Int32(command[marker.upperBound...].prefix { $0.isNumber })
            let result = Self.shell(String(command), launchYAML: pack.path)
            #expect(result.status == expected, "\(command)\n\(result.stdout)\n\(result.stderr)")
            #expect(!result.stdout.isEmpty || !result.stderr.isEmpty)
        }
    }

    /// Runs `command` with sh from the project root, `vigil` being the binary under test
    /// and `launch.yaml` the saved pack.
    static func shell(_ command: String, launchYAML: String) -> CommandResult {
        let line = command.replacingOccurrences(of: "launch.yaml", with: launchYAML)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", line]
        process.currentDirectoryURL = Vigil.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = Vigil.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { return CommandResult(status: -1, stdout: "", stderr: "\(error)") }
        let errorData = ErrorCollector(errors.fileHandleForReading)
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                             stderr: String(decoding: errorData.finish(), as: UTF8.self))
    }
}
