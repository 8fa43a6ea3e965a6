// Build-tool plugin: turns each file of the project's `console/` folder (page templates,
// the stylesheet, the refresh script) into a Swift string constant, so the operations
// console travels inside the `vigil` binary: no files beside it, nothing fetched.
import Foundation
import PackagePlugin

@main
struct EmbedConsole: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "console")
        let tool = try context.tool(named: "embed-rules")
        return consoleFiles(under: folder).map { file in
            // console/templates/overview.mustache → consoleFile_templates_overview_mustache
            let relative = String(file.path.dropFirst(folder.path.count + 1))
            let name = "consoleFile_" + relative.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
            let output = context.pluginWorkDirectoryURL.appending(path: name + ".swift")
            return .buildCommand(displayName: "Embedding console/\(relative)", executable: tool.url,
                                 arguments: ["--file", file.path, output.path, name],
                                 inputFiles: [file], outputFiles: [output])
        }
    }

    /// Every regular file below `console/`, sorted for stable output.
    private func consoleFiles(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(url.standardizedFileURL) }
        }
        return files.sorted { $0.path < $1.path }
    }
}
