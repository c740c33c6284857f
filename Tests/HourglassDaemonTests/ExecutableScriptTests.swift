import Foundation
import Synchronization
import Testing
import HourglassTestSupport

/// `TemporaryDirectory.writeScript`, which the tests use for stand-in programs.
@Suite("Stand-in scripts for process tests", .timeLimit(.minutes(1)))
struct ExecutableScriptTests {
    /// Runs `path` and returns its exit status.
    static func run(_ path: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Threads that spawn `/bin/true` over and over, as parallel process tests do, until stopped.
    final class Spawners: Sendable {
        let stopped = Atomic(false)
        let running = Atomic(0)

        init(count: Int) {
            for _ in 0..<count {
                running.add(1, ordering: .relaxed)
                Thread { [self] in
                    while !stopped.load(ordering: .relaxed) { _ = try? ExecutableScriptTests.run("/bin/true") }
                    running.subtract(1, ordering: .relaxed)
                }.start()
            }
        }

        func stop() async {
            stopped.store(true, ordering: .relaxed)
            while running.load(ordering: .relaxed) > 0 { try? await Task.sleep(for: .milliseconds(5)) }
        }
    }

    // Regression: CI failed with "myshell: Text file busy": a child forked by another test
    // while this process held the new script open for writing kept that descriptor, and the
    // exec of the script failed. Written in process (Foundation's `write(toFile:)` and a
    // chmod), 100 rounds here failed 4 to 16 times in each of 10 runs; with `writeScript`, never.
    @Test("a script written while other threads spawn processes runs at once, never 'Text file busy'")
    func runsWhileOthersSpawn() async throws {
        let directory = TemporaryDirectory()
        let spawners = Spawners(count: 6)
        var failures: [String] = []
        for round in 0..<100 {
            do {
                let path = try directory.writeScript("script-\(round)", "exit 0")
                let status = try Self.run(path)
                if status != 0 { failures.append("round \(round): exit status \(status)") }
            } catch {
                failures.append("round \(round): \(error)")
            }
        }
        await spawners.stop()
        #expect(failures.isEmpty, "\(failures)")
    }
}
