import Foundation
import Testing
import HourglassTestSupport

/// `TemporaryDirectory.writeScript`, which the tests use for stand-in programs.
@Suite("Stand-in scripts for process tests", .timeLimit(.minutes(1)))
struct ExecutableScriptTests {
    /// Runs `work` on a thread of its own, so that its waits for processes block none of the
    /// few threads that every test shares.
    static func onThread<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }

    // Regression: CI failed with "myshell: Text file busy": a child forked by another test
    // while this process held the new script open for writing kept that descriptor, and the
    // exec of the script failed. Written in process (Foundation's `write(toFile:)` and a
    // chmod), 100 rounds here failed 1 to 9 times in each of 10 runs; with `writeScript`,
    // none in 10 runs. Every wait for a process is on a thread of its own, so the test
    // holds up none of the shared threads that the other tests need.
    @Test("a script written while other threads spawn processes runs at once, never 'Text file busy'")
    func runsWhileOthersSpawn() async throws {
        let directory = TemporaryDirectory()
        // Threads that spawn `/bin/true` over and over, as parallel process tests do.
        let spawners = (0..<4).map { _ in RepeatingThread { _ = try? runProgram(["/bin/true"]) } }
        let failures = await Self.onThread { () -> [String] in
            var failures: [String] = []
            for round in 0..<100 {
                do {
                    let status = try runProgram([try directory.writeScript("script-\(round)", "exit 0")])
                    if status != 0 { failures.append("round \(round): exit status \(status)") }
                } catch {
                    failures.append("round \(round): \(error)")
                }
            }
            return failures
        }
        for spawner in spawners { await spawner.stop() }
        #expect(failures.isEmpty, "\(failures)")
    }
}
