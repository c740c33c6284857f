import Foundation
import Hourglass
import Testing
import HourglassTestSupport

/// `hourglass check` and `${NAME}` as an operator meets them: the built binary, its output
/// and its exit status.
@Suite("hourglass check and ${NAME} in the file (the built binary)", .timeLimit(.minutes(1)))
struct CheckCommandTests {
    let directory = TemporaryDirectory()
    var hourglass: HourglassBinary { HourglassBinary(directory: directory) }

    func writeConfiguration(_ text: String, name: String = "hourglass.yaml") throws {
        try text.write(toFile: directory.path(name), atomically: true, encoding: .utf8)
    }

    @Test("a valid file: each job with its next three fire times in its own zone, named as configured; exit 0; no store")
    func valid() async throws {
        try writeConfiguration(
            """
            timezone: UTC
            jobs:
              - {id: berlin, cron: "0 3 * * *", timezone: Europe/Berlin, command: [backup, --full]}
              - {id: hourly, cron: "30 * * * *", shell: "echo ${GREETING:-hello}"}
              - {id: tick, interval: 10m, shell: "true", paused: true}
            """)
        let result = try await hourglass.run(["check"])
        #expect(result.status == 0, "\(result.errorOutput)")
        let output = result.output
        #expect(output.hasPrefix("\(directory.path("hourglass.yaml")): valid, 3 jobs; store "), "\(output)")
        #expect(output.contains("(not opened); time zone UTC"), "\(output)")
        #expect(!output.contains("GMT"), "\(output)")
        #expect(output.contains("berlin: cron '0 3 * * *' in Europe/Berlin\n  command: backup --full\n  next runs (Europe/Berlin):"))
        #expect(output.contains("hourly: cron '30 * * * *' in UTC\n  command: echo hello\n  next runs (UTC):"), "\(output)")
        #expect(output.contains("tick: every 10m (paused)"), "\(output)")
        let berlinTimes = output.split(separator: "\n").filter { $0.hasPrefix("    ") && $0.contains("T03:00:00+0") }
        #expect(berlinTimes.count == 3, "\(output)")
        // Only the hourly job's block: the 10-minute job may have a run at :30 too.
        let hourly = output.components(separatedBy: "hourly: ").last?.components(separatedBy: "\n\n").first ?? ""
        #expect(hourly.split(separator: "\n").filter { $0.hasPrefix("    ") && $0.contains(":30:00+00:00") }.count == 3, "\(output)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("hourglass.sqlite")), "check created the store")
    }

    @Test("a PostgreSQL store is not contacted, and its password is shown as ***")
    func postgresNotOpened() async throws {
        try writeConfiguration("store: postgres://app:${DB_PASSWORD}@127.0.0.1:1/app\njobs: []")
        let result = try await hourglass.run(["check"], environment: ["DB_PASSWORD": "s3cret"])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.contains("store postgres://app:***@127.0.0.1:1/app (not opened)"), "\(result.output)")
        #expect(!result.output.contains("s3cret") && !result.errorOutput.contains("s3cret"))
    }

    @Test("a mistake: exit 2 and the same message as 'run', naming file, line, job and field")
    func mistake() async throws {
        try writeConfiguration("jobs:\n  - id: x\n    cron: \"61 * * * *\"\n    shell: \"true\"\n")
        let check = try await hourglass.run(["check"])
        let run = try await hourglass.run(["run"])
        #expect(check.status == 2 && run.status == 2)
        let message = "\(directory.path("hourglass.yaml")):3: job 'x', field 'cron': minute: '61' at position 1 is out of range 0-59\n"
        #expect(check.errorOutput == "hourglass check: " + message, "\(check.errorOutput)")
        #expect(run.errorOutput == "hourglass run: " + message, "\(run.errorOutput)")
        #expect(check.output.isEmpty)
    }

    @Test("an unset variable: exit 2 from check and run, naming the file, line, field and variable; set, the file is valid")
    func unsetVariable() async throws {
        try writeConfiguration("store: postgres://app:${DB_PASSWORD}@127.0.0.1:1/app\njobs: []")
        for command in ["check", "run"] {
            let result = try await hourglass.run([command])
            #expect(result.status == 2, "\(result.errorOutput)")
            #expect(
                result.errorOutput.hasPrefix(
                    "hourglass \(command): \(directory.path("hourglass.yaml")):1: field 'store': the environment variable 'DB_PASSWORD' is not set"),
                "\(result.errorOutput)")
        }
    }

    @Test("a missing file: exit 2 with what to fix")
    func missingFile() async throws {
        let result = try await hourglass.run(["check", "--config", "nowhere.yaml"])
        #expect(result.status == 2 && result.errorOutput.contains("nowhere.yaml: cannot be read"), "\(result.errorOutput)")
    }

    @Test("HOURGLASS_STORE names the store of management commands without a file; --store takes ${NAME}")
    func storeFromEnvironment() async throws {
        try writeConfiguration("store: jobs.sqlite\njobs:\n  - {id: a, interval: 1h, shell: \"true\"}")
        let check = try await hourglass.run(["check"])
        #expect(check.status == 0)
        // A daemon run creates the store; SIGTERM right after it has started.
        let daemon = try hourglass.start(["run"], log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try await waitUntil("the daemon has started") { hourglass.log("daemon.log").contains("hourglass daemon started") }
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")

        let fromEnvironment = try await hourglass.run(
            ["jobs", "list", "--config", "none.yaml"], environment: ["HOURGLASS_STORE": "${DIR}/jobs.sqlite", "DIR": directory.url.path])
        #expect(fromEnvironment.status == 0 && fromEnvironment.output.contains("a "), "\(fromEnvironment.errorOutput)")
        let fromOption = try await hourglass.run(["jobs", "list", "--store", "${DIR}/jobs.sqlite"], environment: ["DIR": directory.url.path])
        #expect(fromOption.status == 0 && fromOption.output.contains("a "), "\(fromOption.errorOutput)")
        let unset = try await hourglass.run(["jobs", "list", "--store", "${NOT_SET_ANYWHERE}/jobs.sqlite"])
        #expect(unset.status == 2 && unset.errorOutput.contains("--store: the environment variable 'NOT_SET_ANYWHERE' is not set"))
    }
    @Test("jobs list and jobs show give each job's next run in its own zone, named as configured (UTC, not GMT)")
    func jobsInTheirZones() async throws {
        try writeConfiguration(
            """
            timezone: UTC
            jobs:
              - {id: berlin, cron: "0 3 * * *", timezone: Europe/Berlin, shell: "true"}
              - {id: york, calendar: {days: 1, at: "09:00", start_date: 2026-01-01}, timezone: America/New_York, shell: "true"}
              - {id: utc, cron: "30 * * * *", shell: "true"}
              - {id: tick, interval: 1h, shell: "true"}
            """)
        let daemon = try hourglass.start(["run"], log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try await waitUntil("the daemon has started") { hourglass.log("daemon.log").contains("hourglass daemon started") }
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")

        let list = try await hourglass.run(["jobs", "list"])
        #expect(list.status == 0 && !list.output.contains("GMT"), "\(list.output)")
        let rows = list.output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(rows.first?.prefix(3) == ["ID", "NEXT", "RUN"] && rows.first?[3] == "ZONE", "\(list.output)")
        func row(_ id: String) -> [Substring] { rows.first { $0.first.map(String.init) == id } ?? [] }
        #expect(row("berlin").dropFirst().first?.contains("T03:00:00+0") == true && row("berlin")[2] == "Europe/Berlin")
        #expect(row("york").dropFirst().first?.contains("T09:00:00-0") == true && row("york")[2] == "America/New_York")
        #expect(row("utc").dropFirst().first?.hasSuffix(":30:00+00:00") == true && row("utc")[2] == "UTC", "\(list.output)")
        #expect(row("tick")[2] == "UTC", "\(list.output)")
        #expect(list.output.contains("cron '30 * * * *' in UTC"), "\(list.output)")

        let show = try await hourglass.run(["jobs", "show", "berlin"])
        #expect(show.output.contains("zone:       Europe/Berlin\nnext runs:  "), "\(show.output)")
        let next = show.output.split(separator: "\n").first { $0.hasPrefix("next runs:") } ?? ""
        #expect(next.components(separatedBy: "T03:00:00+0").count == 4, "\(next)")
    }
}
