// `vigil screen`'s files and pipes: a path it cannot use is refused before any input is
// read, with a message naming it; a closed stdout ends the screen quietly; line numbers
// count the lines of the current input, also after resuming from a state file.
import Foundation
import Testing

struct ScreenPathsAndPipeTests {
    let post = Data((#"{"id":1,"text":"hi"}"# + "\n").utf8)

    @Test func aStateFileThatCannotBeCreatedFailsBeforeAnyWork() async {
        let result = await Vigil.runAsync(["screen", "--state", "/nonexistent/dir/s.state"], stdin: post)
        #expect(result.status == 73)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("/nonexistent/dir/s.state"))
        #expect(!result.stderr.contains("ExitCode"))
    }

    @Test func anEventsFileThatCannotBeCreatedFailsBeforeAnyWork() async {
        let result = await Vigil.runAsync(["screen", "--events", "/nonexistent/dir/events.jsonl"], stdin: post)
        #expect(result.status == 73)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("/nonexistent/dir/events.jsonl"))
    }

    @Test func aStateFileThatIsAFolderIsRefused() async {
        let folder = Vigil.temporaryFolder()
        let result = await Vigil.runAsync(["screen", "--state", folder.path], stdin: post)
        #expect(result.status == 66)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(folder.path))
    }

    @Test func aClosedStdoutEndsTheScreenQuietly() async throws {
        let folder = Vigil.temporaryFolder()
        let input = folder.appendingPathComponent("big.jsonl")
        var data = Data()
        for index in 1...200_000 { data += Data((#"{"id":\#(index),"text":"hello there, nothing to see"}"# + "\n").utf8) }
        try data.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "'\(Vigil.binary.path)' screen < '\(input.path)' 2> '\(folder.path)/err' | head -1 > /dev/null; echo ${PIPESTATUS[0]} > '\(folder.path)/status'"]
        try process.run()
        process.waitUntilExit()
        let status = try String(contentsOf: folder.appendingPathComponent("status"), encoding: .utf8)
        let errors = try String(contentsOf: folder.appendingPathComponent("err"), encoding: .utf8)
        #expect(status.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        #expect(errors.isEmpty, "stderr: \(errors)")
    }

    @Test func linesCountTheCurrentInputAfterAResume() async throws {
        let state = Vigil.temporaryFolder().appendingPathComponent("s.state")
        let first = await Vigil.runAsync(["screen", "--state", state.path], stdin: post + post + post)
        #expect(first.status == 0)
        let second = await Vigil.runAsync(["screen", "--state", state.path], stdin: post + post)
        let lines = second.stdout.split(separator: "\n").compactMap {
            ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])?["line"] as? Int
        }
        #expect(lines == [1, 2])
        #expect(second.stderr.contains("after 3 input lines"))
    }
}
