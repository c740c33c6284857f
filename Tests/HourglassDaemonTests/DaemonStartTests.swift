import Foundation
import Hourglass
import Testing
import HourglassTestSupport

/// Jobs tied to the daemon's starts: `@reboot` jobs, and `date:` jobs that must run once
/// however often the daemon starts or reloads. Real processes on the wall clock.
@Suite("The daemon's starts: @reboot and date jobs (the built binary)", .timeLimit(.minutes(2)))
struct DaemonStartTests {
    let directory = TemporaryDirectory()
    var hourglass: HourglassBinary { HourglassBinary(directory: directory) }

    func writeConfiguration(_ text: String) throws {
        try text.write(toFile: directory.path("hourglass.yaml"), atomically: true, encoding: .utf8)
    }

    /// The lines of `file` in the directory, none when it does not exist.
    func lines(_ file: String) -> [Substring] {
        ((try? String(contentsOfFile: directory.path(file), encoding: .utf8)) ?? "").split(separator: "\n")
    }

    @Test("a @reboot job runs once at each start: start, stop, start again gives two runs; 'jobs list' shows @reboot")
    func reboot() async throws {
        try writeConfiguration(
            """
            jobs:
              - {id: boot, cron: "@reboot", shell: "echo started >> boot.txt"}
            """)
        let first = try await hourglass.startDaemon(log: "first.log")
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        try await waitUntil("the @reboot job has run") { lines("boot.txt").count >= 1 }
        let list = try await hourglass.run(["jobs", "list"])
        let row = list.output.split(separator: "\n").first { $0.hasPrefix("boot ") }
        #expect(row?.contains("@reboot") == true && row?.contains("at start") == true, "\(list.output)\(list.errorOutput)")
        try await hourglass.stop(first, log: "first.log")
        #expect(lines("boot.txt").count == 1)

        let second = try await hourglass.startDaemon(log: "second.log")
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        try await waitUntil("the @reboot job has run again") { lines("boot.txt").count >= 2 }
        kill(second.processIdentifier, SIGHUP)
        try await waitUntil("the daemon has reloaded") { hourglass.log("second.log").contains("configuration reloaded") }
        try await hourglass.stop(second, log: "second.log")
        #expect(lines("boot.txt") == ["started", "started"], "a reload ran the @reboot job")
        let runs = try await hourglass.history("boot")
        #expect(runs.count == 2 && runs.allSatisfy { $0.status == .success }, "\(runs)")
    }

    /// The configuration with a date job `soon` at `date` and one whose date passed long ago.
    func writeDateJobs(_ date: String) throws {
        try writeConfiguration(
            """
            jobs:
              - {id: soon, date: "\(date)", shell: "echo soon >> soon.txt"}
              - {id: past, date: "2020-01-01T00:00:00Z", shell: "echo past >> past.txt"}
              - {id: keep, cron: "0 4 * * *", command: ["true"]}
            """)
    }

    /// Waits `seconds` on the wall clock (the daemon gets time to run what it would wrongly run).
    func pause(_ seconds: Double) async throws {
        try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
    }

    @Test("a date job runs once: not again after a reload or a restart; a past date runs once; a new date runs again")
    func dateJobsRunOnce() async throws {
        try writeDateJobs(DaemonEndToEndTests.soon(1.5))
        let first = try await hourglass.startDaemon(log: "first.log")
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        try await waitUntil("the date jobs have run", timeout: .seconds(10)) {
            lines("soon.txt").count >= 1 && lines("past.txt").count >= 1
        }
        kill(first.processIdentifier, SIGHUP)
        try await waitUntil("the daemon has reloaded") { hourglass.log("first.log").contains("configuration reloaded") }
        #expect(first.isRunning, "\(hourglass.log("first.log"))")
        try await pause(1.5)
        #expect(lines("soon.txt").count == 1 && lines("past.txt").count == 1, "a reload ran a date job again")
        try await hourglass.stop(first, log: "first.log")

        let second = try await hourglass.startDaemon(log: "second.log")
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        try await pause(1.5)
        #expect(lines("soon.txt").count == 1 && lines("past.txt").count == 1, "a restart ran a date job again")

        let newDate = DaemonEndToEndTests.soon(1.5)
        try writeDateJobs(newDate)
        kill(second.processIdentifier, SIGHUP)
        try await waitUntil("the job has run at its new date", timeout: .seconds(10)) { lines("soon.txt").count >= 2 }
        try await hourglass.stop(second, log: "second.log")
        #expect(lines("soon.txt").count == 2 && lines("past.txt").count == 1)
        let runs = try await hourglass.history("soon")
        #expect(runs.count == 2 && runs.first?.scheduledFireTime == ISO8601Timestamp.parse(newDate), "\(runs)")
    }

    @Test("'hourglass next @reboot' says @reboot works only in the daemon, exit status 2")
    func nextRefusesReboot() async throws {
        let result = try await hourglass.run(["next", "@reboot"])
        #expect(result.status == 2)
        #expect(result.errorOutput.contains("only in the daemon's configuration file"), "\(result.errorOutput)")
    }
}
