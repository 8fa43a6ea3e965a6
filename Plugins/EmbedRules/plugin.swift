// Build-tool plugin: turns the project's `rules/` folder into Swift source so the
// built-in rule packs travel inside the `vigil` binary and work from any directory.
import Foundation
import PackagePlugin

@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rulesDirectory = context.package.directoryURL.appending(path: "rules")
        let tool = try context.tool(named: "embed-rules")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedRuleFiles.swift")
        let inputs = ruleFiles(under: rulesDirectory)
        // The HTTP API description travels in the binary too (`vigil serve`'s GET /openapi.json).
        let openAPI = context.package.directoryURL.appending(path: "docs/openapi.yaml")
        let openAPIOutput = context.pluginWorkDirectoryURL.appending(path: "EmbeddedOpenAPI.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) rule files",
                executable: tool.url,
                arguments: [rulesDirectory.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            ),
            .buildCommand(
                displayName: "Embedding docs/openapi.yaml",
                executable: tool.url,
                arguments: ["--file", openAPI.path, openAPIOutput.path, "embeddedOpenAPIYAML"],
                inputFiles: [openAPI],
                outputFiles: [openAPIOutput]
            ),
        ]
    }

    /// Every file below `rules/` (rule packs, policy, keyword lists), sorted for stable output.
    private func ruleFiles(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }
}
