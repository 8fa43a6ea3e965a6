// kill -9 at random moments of `vigil screen --state` and `vigil serve --state`: the
// state always loads and covers every record that was answered, and the run resumed on
// the lines the state does not cover gives exactly the transitions of an uninterrupted
// run (tools/kill_loop.py does the rounds).
import Foundation
import Testing

@Suite(.enabled(if: timeline != nil, "python3 is needed to generate the timeline (corpus/timeline.py)"))
struct CrashSafetyTests {
    @Test func randomKillsNeitherLoseNorRepeatATransition() async throws {
        let (status, text) = await killLoop(["--rounds", "8", "--seed", "7", "--days", "2"])
        #expect(status == 0, "\(text)")
        #expect(text.contains("kill loop: 8 of 8 rounds exact"))
    }

    /// The kill a random delay rarely hits: after transitions were written to the events
    /// file, before the state that covers them was saved.
    @Test func aKillBetweenEventsAndStateRepeatsNoTransition() async throws {
        let (status, text) = await killLoop(["--window", "--rounds", "3", "--seed", "11", "--days", "2"])
        #expect(status == 0, "\(text)")
        #expect(text.contains("kill loop: 3 of 3 rounds exact"))
    }

    @Test func randomKillsOfServeLoseNoAnsweredRecord() async throws {
        let (status, text) = await killLoop(["--serve", "--rounds", "4", "--seed", "5", "--days", "1"])
        #expect(status == 0, "\(text)")
        #expect(text.contains("kill loop: 4 of 4 rounds exact"))
    }

    /// Runs tools/kill_loop.py with `arguments`; its exit status and output.
    private func killLoop(_ arguments: [String]) async -> (Int32, String) {
        // On a thread of its own: the rounds take a while (see Vigil.runAsync).
        await withCheckedContinuation { continuation in
            Thread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["python3", Vigil.packageRoot.appendingPathComponent("tools/kill_loop.py").path]
                    + arguments + ["--vigil", Vigil.binary.path]
                let output = Pipe()
                process.standardOutput = output
                process.standardError = output
                guard (try? process.run()) != nil else { continuation.resume(returning: (Int32(-1), "cannot run python3")); return }
                let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, text))
            }.start()
        }
    }
}
