import Foundation
import Hourglass
import HourglassDaemon
import Testing
import HourglassTestSupport

/// Real child processes: the runner's whole job is to start, watch and end them.
@Suite("Command jobs run as child processes", .timeLimit(.minutes(1)))
struct CommandRunnerTests {
    @Test("output, environment and working directory; a zero exit status succeeds")
    func output() async throws {
        let directory = TemporaryDirectory()
        let result = try await CommandRunner.run(
            CommandSpec(shell: "echo \"$GREETING\"; pwd; echo oops >&2", environment: ["GREETING": "hello"], workingDirectory: directory.url.path))
        #expect(result.succeeded && result.exitStatus == 0 && !result.isTruncated)
        let resolved = directory.url.resolvingSymlinksInPath().path
        #expect(result.output == "hello\n\(resolved)\noops\n" || result.output == "hello\n\(directory.url.path)\noops\n", "\(result.output)")
    }

    @Test("a failing command gives its exit status; a program is found on PATH without a shell")
    func failure() async throws {
        let result = try await CommandRunner.run(CommandSpec(arguments: ["sh", "-c", "exit 3"]))
        #expect(!result.succeeded && result.exitStatus == 3 && result.signal == nil)
        let direct = try await CommandRunner.run(CommandSpec(arguments: ["echo", "a b", "$HOME"]))
        #expect(direct.output == "a b $HOME\n", "arguments reach the program as written, with no shell expansion")
    }

    @Test("output beyond the limit is cut, and the command still runs to the end")
    func limit() async throws {
        let result = try await CommandRunner.run(CommandSpec(shell: "head -c 100000 /dev/zero | tr '\\\\0' x; echo done >&2"), outputLimit: 1_000)
        #expect(result.succeeded && result.isTruncated && result.output.utf8.count == 1_000)
    }

    @Test("a program that does not exist is an error, not a run")
    func missing() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await CommandRunner.run(CommandSpec(arguments: ["hourglass-no-such-program"]))
        }
    }

    @Test("cancelling the run ends the command and everything it started")
    func cancellation() async throws {
        let directory = TemporaryDirectory()
        let pidFile = directory.path("child.pid")
        let started = ContinuousClock.now
        let task = Task {
            try await CommandRunner.run(CommandSpec(shell: "sleep 30 & echo $! > \(pidFile); wait"), gracePeriod: .milliseconds(200))
        }
        let child = try await waitForProcessID(inFile: pidFile, "the command has started its child")
        task.cancel()
        _ = try? await task.value
        #expect(ContinuousClock.now - started < .seconds(10), "the run did not end soon after it was cancelled")
        try await waitUntil("the background child is gone", timeout: .seconds(5)) { !Self.isAlive(child) }
    }

    @Test("a command that ignores SIGTERM is killed after the grace period, with what it started")
    func ignoresTerminate() async throws {
        let directory = TemporaryDirectory()
        let pidFile = directory.path("child.pid")
        let task = Task {
            try await CommandRunner.run(
                CommandSpec(shell: "trap '' TERM; sleep 30 & echo $! > \(pidFile); wait"), gracePeriod: .milliseconds(300))
        }
        let child = try await waitForProcessID(inFile: pidFile, "the command has started its child")
        let cancelled = ContinuousClock.now
        task.cancel()
        let result = try await task.value
        #expect(result.signal == SIGKILL, "the shell should have been killed, not \(result)")
        #expect(ContinuousClock.now - cancelled >= .milliseconds(250), "SIGKILL came before the grace period")
        try await waitUntil("the background child is gone", timeout: .seconds(5)) { !Self.isAlive(child) }
    }

    /// Whether `pid` is a live process (a zombie waiting to be reaped counts as ended).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let state = stat.split(separator: ")").last?.split(separator: " ").first
        else { return false }
        return state != "Z"
    }
}

@Suite("The command handler on a scheduler", .timeLimit(.minutes(1)))
struct CommandJobsTests {
    @Test("a failing command's run records its exit status and output; a successful one records its output")
    func history() async throws {
        let scheduler = Scheduler()
        await CommandJobs.register(on: scheduler)
        let configuration = try DaemonConfiguration.parse(
            """
            jobs:
              - id: fails
                interval: 1h
                shell: echo broken; exit 4
              - id: works
                interval: 1h
                shell: printf 'done\\n'
            """, file: "test.yaml")
        for job in configuration.jobs { try await scheduler.add(job) }
        try await scheduler.start()
        for job in configuration.jobs { try await scheduler.runNow(job.id) }
        try await waitUntil("both runs have ended") {
            let ended = try await ["fails", "works"].asyncMap { try await scheduler.runs(of: JobID($0)).first?.status }
            return ended.allSatisfy { $0 != nil && $0 != .running }
        }
        let failed = try #require(try await scheduler.runs(of: "fails").first)
        #expect(failed.status == .error && failed.message == "exit status 4: broken")
        let succeeded = try #require(try await scheduler.runs(of: "works").first)
        #expect(succeeded.status == .success && succeeded.message == "done")
        await scheduler.shutdown()
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
