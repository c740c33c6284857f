import Foundation
import Hourglass
import Testing
import HourglassTestSupport
import HourglassPostgresTestSupport

/// The `hourglass` binary as operators use it: a daemon on a configuration file, and the
/// management commands beside it. Real processes on the wall clock.
@Suite("The hourglass daemon end to end (the built binary)", .timeLimit(.minutes(3)))
struct DaemonEndToEndTests {
    let directory = TemporaryDirectory()
    var hourglass: HourglassBinary { HourglassBinary(directory: directory) }

    /// Writes `text` as `hourglass.yaml`.
    func writeConfiguration(_ text: String) throws {
        try text.write(toFile: directory.path("hourglass.yaml"), atomically: true, encoding: .utf8)
    }

    /// An instant `seconds` from now, rounded up to a whole second, as the file writes it.
    static func soon(_ seconds: Double = 1.5) -> String {
        ISO8601Timestamp.format(Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + seconds).rounded(.up)), in: .gmt)
    }

    /// Starts the daemon and waits until it has synced the file.
    func startDaemon(_ arguments: [String] = [], log: String = "daemon.log") async throws -> Process {
        let daemon = try hourglass.start(["run"] + arguments, log: log)
        try await waitUntil("the daemon has started") { hourglass.log(log).contains("hourglass daemon started") || !daemon.isRunning }
        return daemon
    }

    /// Waits until `job` has at least `count` ended runs, and returns its history.
    func waitForRuns(of job: String, count: Int, timeout: Duration = .seconds(20)) async throws -> [RunRecord] {
        var runs: [RunRecord] = []
        try await waitUntil("'\(job)' has \(count) ended runs", timeout: timeout) {
            runs = try await hourglass.history(job)
            return runs.filter { $0.status != .running }.count >= count
        }
        return runs
    }

    @Test("a job every second: its runs and their output are in the history, 'jobs list' shows it, SIGTERM stops cleanly")
    func everySecond() async throws {
        try writeConfiguration(
            """
            jobs:
              - id: tick
                interval: 1s
                shell: echo "tick from $HOURGLASS_TEST_NAME"
                environment: {HOURGLASS_TEST_NAME: end-to-end}
              - id: fails
                interval: 1s
                command: [sh, -c, "echo 'no disk' >&2; exit 7"]
            """)
        // Waits until the daemon has created the store: the commands refuse one that does not exist.
        let daemon = try await startDaemon()
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }

        let ticks = try await waitForRuns(of: "tick", count: 2)
        let ended = ticks.filter { $0.status != .running }
        #expect(ended.allSatisfy { $0.status == .success && $0.message == "tick from end-to-end" }, "\(ended)")
        #expect(Set(ended.map(\.scheduledFireTime)).count == ended.count, "a fire time ran twice")
        let failures = try await waitForRuns(of: "fails", count: 1)
        let failure = try #require(failures.first { $0.status != .running })
        #expect(failure.status == .error && failure.message == "exit status 7: no disk")

        let list = try await hourglass.run(["jobs", "list"])
        #expect(list.status == 0)
        let rows = list.output.split(separator: "\n")
        #expect(rows.first?.hasPrefix("ID") == true && rows.count == 3, "\(list.output)")
        #expect(rows.contains { $0.hasPrefix("tick ") && $0.contains("scheduled") && $0.contains("tick from") })
        let table = try await hourglass.run(["history", "tick", "--limit", "3"])
        #expect(table.status == 0 && table.output.contains("success") && table.output.contains("tick from end-to-end"))

        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped after SIGTERM")
        #expect(daemon.terminationReason == .exit && daemon.terminationStatus == 0, "\(hourglass.log("daemon.log"))")
        #expect(hourglass.log("daemon.log").contains("hourglass daemon stopped"))
        let afterStop = try await hourglass.history("tick")
        #expect(!afterStop.contains { $0.status == .running }, "a run was left running after a clean stop")
    }

    @Test("a command past its timeout is ended together with what it started, and recorded as timed out")
    func timeout() async throws {
        try writeConfiguration(
            """
            jobs:
              - id: stuck
                interval: 1h
                start: \(Self.soon())
                timeout: 1s
                shell: sleep 60 & echo $! > child.pid; wait
            """)
        let daemon = try await startDaemon()
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        let runs = try await waitForRuns(of: "stuck", count: 1)
        #expect(runs.first?.status == .timedOut && runs.first?.message == "exceeded its timeout of 1.0 seconds", "\(runs)")
        let child = try await waitForProcessID(inFile: directory.path("child.pid"), "the command has written its child's id")
        try await waitUntil("the command's child has been killed", timeout: .seconds(10)) { kill(child, 0) != 0 }
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")
    }

    @Test("SIGTERM lets a running command finish; past the grace period the command is ended")
    func gracefulShutdown() async throws {
        try writeConfiguration(
            """
            jobs:
              - {id: short, interval: 1h, start: \(Self.soon()), shell: "touch short.started; sleep 2; echo finished"}
            """)
        let graceful = try await startDaemon(log: "graceful.log")
        defer { if graceful.isRunning { kill(graceful.processIdentifier, SIGKILL) } }
        try await waitUntil("the short command has started") { FileManager.default.fileExists(atPath: directory.path("short.started")) }
        kill(graceful.processIdentifier, SIGTERM)
        try await waitForExit(graceful, "the daemon has stopped")
        #expect(graceful.terminationStatus == 0, "\(hourglass.log("graceful.log"))")
        let short = try await hourglass.history("short")
        #expect(short.first?.status == .success && short.first?.message == "finished", "\(short)")

        try writeConfiguration(
            """
            jobs:
              - {id: long, interval: 1h, start: \(Self.soon()), shell: "echo $$ > long.pid; sleep 60; echo never"}
            """)
        let impatient = try await startDaemon(["--shutdown-grace", "1s"], log: "impatient.log")
        defer { if impatient.isRunning { kill(impatient.processIdentifier, SIGKILL) } }
        let shell = try await waitForProcessID(inFile: directory.path("long.pid"), "the long command has started")
        let signalled = ContinuousClock.now
        kill(impatient.processIdentifier, SIGTERM)
        try await waitForExit(impatient, "the daemon has stopped after its grace period")
        #expect(ContinuousClock.now - signalled < .seconds(15), "the daemon waited for the command instead of ending it")
        try await waitUntil("the long command has been ended", timeout: .seconds(10)) { kill(shell, 0) != 0 }
        let long = try await hourglass.history("long")
        #expect(long.first?.status == .cancelled, "\(long)")
    }

    @Test("SIGHUP reloads the file: a new job is added and shows in 'jobs list'; a broken file changes nothing")
    func reload() async throws {
        try writeConfiguration("jobs:\n  - {id: first, cron: \"0 4 * * *\", command: [\"true\"]}\n")
        let daemon = try await startDaemon()
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try writeConfiguration(
            "jobs:\n  - {id: first, cron: \"0 4 * * *\", command: [\"true\"]}\n  - {id: second, interval: 1s, shell: echo second}\n")
        kill(daemon.processIdentifier, SIGHUP)
        _ = try await waitForRuns(of: "second", count: 1)
        try writeConfiguration("jobs: [\n")
        kill(daemon.processIdentifier, SIGHUP)
        try await waitUntil("the daemon has logged the broken file") { hourglass.log("daemon.log").contains("not reloaded") }
        let list = try await hourglass.run(["jobs", "list", "--store", directory.path("hourglass.sqlite"), "--json"])
        let ids = try JSONDecoder().decode([Job].self, from: Data(list.output.utf8)).map(\.id.rawValue)
        #expect(ids.sorted() == ["first", "second"])
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")
    }

    @Test("a span too long to hold (106752d): exit status 2 at start; a reload by SIGHUP is logged and keeps the jobs")
    func hugeSpan() async throws {
        try writeConfiguration("jobs:\n  - {id: first, cron: \"0 4 * * *\", command: [\"true\"]}\n")
        let daemon = try await startDaemon()
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try writeConfiguration("jobs:\n  - {id: first, cron: \"0 4 * * *\", command: [\"true\"]}\n  - {id: huge, interval: 106752d, command: [\"true\"]}\n")
        kill(daemon.processIdentifier, SIGHUP)
        try await waitUntil("the daemon has logged the file") { hourglass.log("daemon.log").contains("not reloaded") || !daemon.isRunning }
        #expect(daemon.isRunning, "\(hourglass.log("daemon.log"))")
        #expect(hourglass.log("daemon.log").contains("field 'interval'"), "\(hourglass.log("daemon.log"))")
        let list = try await hourglass.run(["jobs", "list", "--store", directory.path("hourglass.sqlite"), "--json"])
        #expect(try JSONDecoder().decode([Job].self, from: Data(list.output.utf8)).map(\.id.rawValue) == ["first"])
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")
        let result = try await hourglass.run(["run"])
        #expect(result.status == 2)
        #expect(result.errorOutput.contains(":3: job 'huge', field 'interval': "), "\(result.errorOutput)")
    }

    @Test("jobs pause, resume, remove and run-now work on the store without a daemon; a missing job or store is an error")
    func management() async throws {
        try writeConfiguration("timezone: Europe/Berlin\njobs:\n  - {id: nightly, cron: \"0 3 * * *\", shell: echo ran}\n")
        let setup = try await startDaemon()
        kill(setup.processIdentifier, SIGTERM)
        try await waitForExit(setup, "the daemon has stopped")

        #expect(try await hourglass.run(["jobs", "pause", "nightly"]).status == 0)
        #expect(try await hourglass.run(["jobs", "show", "nightly"]).output.contains("state:      paused"))
        let resumed = try await hourglass.run(["jobs", "resume", "nightly"])
        #expect(resumed.status == 0 && resumed.output.contains("next run") && resumed.output.contains("T03:00:00+0"))
        let ran = try await hourglass.run(["jobs", "run-now", "nightly"])
        #expect(ran.status == 0 && ran.output.contains("success") && ran.output.contains("ran"))
        #expect(try await hourglass.history("nightly").first?.message == "ran")
        let removed = try await hourglass.run(["jobs", "remove", "nightly"])
        #expect(removed.status == 0 && removed.errorOutput.contains("adds it again"))
        let missing = try await hourglass.run(["jobs", "show", "nightly"])
        #expect(missing.status == 1 && missing.errorOutput.contains("job 'nightly': no job has this id"))
        let noStore = try await hourglass.run(["jobs", "list", "--store", "typo.sqlite"])
        #expect(noStore.status == 2 && noStore.errorOutput.contains("no store at 'typo.sqlite'"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("typo.sqlite")), "a mistyped store was created")
    }

    @Test(
        "two daemons on one PostgreSQL database run each fire time once; the commands work on the URL",
        .enabled(if: PostgresTestDatabase.isConfigured))
    func postgresCluster() async throws {
        let schema = PostgresTestDatabase.schemaName()
        let url = try #require(PostgresTestDatabase.url) + "?schema=\(schema)"
        try writeConfiguration("store: \(url)\njobs:\n  - {id: shared, interval: 1s, shell: echo ran}\n")
        let first = try await startDaemon(log: "first.log")
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        let second = try await startDaemon(log: "second.log")
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        let runs = try await waitForRuns(of: "shared", count: 4)
        for daemon in [first, second] { kill(daemon.processIdentifier, SIGTERM) }
        for daemon in [first, second] { try await waitForExit(daemon, "a daemon has stopped") }
        let fireTimes = runs.map(\.scheduledFireTime)
        #expect(Set(fireTimes).count == fireTimes.count, "a fire time ran twice: \(runs)")
        // Under load a fire time can be merged into a later run or find the last one still
        // going: it is then recorded skipped, never run. Every run that did start succeeded.
        let started = runs.filter { $0.status != .running && $0.status != .skipped }
        #expect(!started.isEmpty, "no run started: \(runs)")
        #expect(started.allSatisfy { $0.status == .success && $0.message == "ran" }, "\(runs)")
        let list = try await hourglass.run(["jobs", "list", "--store", url])
        #expect(list.status == 0 && list.output.contains("shared"), "\(list.errorOutput)")
        try await PostgresTestDatabase.withClient { client in try await PostgresTestDatabase.drop(schema, on: client) }
    }

    @Test("a mistake in the configuration file: the file, line, job and field on standard error, and exit status 2")
    func badConfiguration() async throws {
        try writeConfiguration(
            """
            jobs:
              - id: backup
                cron: "61 * * * *"
                command: [backup]
            """)
        let result = try await hourglass.run(["run"])
        #expect(result.status == 2)
        let path = directory.url.standardizedFileURL.path + "/hourglass.yaml"
        #expect(result.errorOutput.hasPrefix("hourglass run: \(path):3: job 'backup', field 'cron': "), "\(result.errorOutput)")
        let missing = try await hourglass.run(["run", "--config", "nowhere.yaml"])
        #expect(missing.status == 2 && missing.errorOutput.contains("nowhere.yaml: cannot be read"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("hourglass.sqlite")), "a broken file opened the store")
    }
}
