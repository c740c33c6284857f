import Foundation
import Hourglass
import HourglassDaemon
import Testing
import HourglassTestSupport

/// A crontab file in the style of a distribution package, run by a real daemon process:
/// the environment cron gives, standard input from `%`, history recorded.
@Suite("Crontab files run by the daemon (the built binary)", .timeLimit(.minutes(2)))
struct DaemonCrontabTests {
    let directory = TemporaryDirectory()
    var hourglass: HourglassBinary { HourglassBinary(directory: directory) }

    /// The text of `file` in the directory, empty when it does not exist.
    func text(_ file: String) -> String {
        (try? String(contentsOfFile: directory.path(file), encoding: .utf8)) ?? ""
    }

    @Test("a system crontab's lines run with cron's environment, % input and history")
    func systemCrontab() async throws {
        let user = try #require(UserAccount.current)
        let out = directory.url.path
        let lines = [
            "# /etc/cron.d/app: crontab entries for the app package",
            "SHELL=/bin/sh",
            "PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin",
            "MAILTO=\"\"",
            "GREETING = \"hello  world\"",
            "",
            "@reboot \(user.name) echo \"$LOGNAME $HOME $SHELL\" > \(out)/env.txt",
            "@reboot \(user.name) if [ -n \"$GREETING\" ] && [ \"$PATH\" != /usr/bin:/bin ]; then echo \"$GREETING\" > \(out)/greeting.txt; fi",
            "@reboot \(user.name) cat > \(out)/stdin.txt%first line%second \\% line",
            "@reboot \(user.name) date +\\%Y > \(out)/year.txt",
            "# m h dom mon dow user command",
            "17 3 * * * \(user.name) test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )",
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory.path("app"), atomically: true, encoding: .utf8)
        try "jobs: []\n".write(toFile: directory.path("hourglass.yaml"), atomically: true, encoding: .utf8)

        let daemon = try hourglass.start(["run", "--crontab", "app", "--crontab-format", "system"], log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try await waitUntil("the @reboot lines have run") {
            !text("year.txt").isEmpty && !text("stdin.txt").isEmpty && !text("env.txt").isEmpty || !daemon.isRunning
        }
        #expect(daemon.isRunning, "\(hourglass.log("daemon.log"))")
        #expect(text("env.txt") == "\(user.name) \(user.home) /bin/sh\n")
        #expect(text("greeting.txt") == "hello  world\n")
        #expect(text("stdin.txt") == "first line\nsecond % line\n")
        #expect(text("year.txt").count == 5)

        let list = try await hourglass.run(["jobs", "list"])
        let row = list.output.split(separator: "\n").first { $0.contains("run-parts") }
        #expect(row?.hasSuffix("/app:12") == true, "\(list.output)")
        let id = CrontabJobs.id(fileName: "app", text: lines[9])
        try await waitUntil("the run is recorded") { (try? await hourglass.history(id).count) ?? 0 >= 1 }
        let runs = try await hourglass.history(id)
        #expect(runs.first?.status == .success, "\(runs)")
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")
    }

    @Test("a malformed crontab line stops the start with file, line and field (exit 2)")
    func malformed() async throws {
        try "# x\n0 5 * * mon-fry true\n".write(toFile: directory.path("bad.cron"), atomically: true, encoding: .utf8)
        try "jobs: []\n".write(toFile: directory.path("hourglass.yaml"), atomically: true, encoding: .utf8)
        let result = try await hourglass.run(["run", "--crontab", "bad.cron"])
        #expect(result.status == 2)
        #expect(result.errorOutput.contains("bad.cron:2:"), "\(result.errorOutput)")
        #expect(result.errorOutput.contains("day-of-week"), "\(result.errorOutput)")
    }

    @Test("--crontab needs no configuration file: a user crontab runs with the defaults")
    func withoutConfiguration() async throws {
        let out = directory.url.path
        try "MAILTO=\"\"\n@reboot echo \"$PATH\" > \(out)/path.txt\n".write(
            toFile: directory.path("my.cron"), atomically: true, encoding: .utf8)
        let daemon = try hourglass.start(["run", "--crontab", "my.cron"], log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try await waitUntil("the @reboot line has run") { !text("path.txt").isEmpty || !daemon.isRunning }
        #expect(text("path.txt") == "/usr/bin:/bin\n", "\(hourglass.log("daemon.log"))")
        #expect(FileManager.default.fileExists(atPath: directory.path("hourglass.sqlite")))
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")
        #expect(daemon.terminationStatus == 0, "\(hourglass.log("daemon.log"))")
    }

    @Test("SIGHUP reads the crontab files again: an added line runs, the others keep their ids")
    func reload() async throws {
        let out = directory.url.path
        let first = "@reboot echo one >> \(out)/one.txt"
        try (first + "\n").write(toFile: directory.path("my.cron"), atomically: true, encoding: .utf8)
        let daemon = try hourglass.start(["run", "--crontab", "my.cron"], log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try await waitUntil("the first line has run") { !text("one.txt").isEmpty || !daemon.isRunning }
        try (first + "\n0 0 1 1 * echo two\n").write(toFile: directory.path("my.cron"), atomically: true, encoding: .utf8)
        kill(daemon.processIdentifier, SIGHUP)
        try await waitUntil("the daemon has reloaded") { hourglass.log("daemon.log").contains("configuration reloaded") }
        // No configuration file: the store is named.
        let list = try await hourglass.run(["jobs", "list", "--store", "hourglass.sqlite"])
        #expect(list.output.contains(CrontabJobs.id(fileName: "my.cron", text: first)), "\(list.output)")
        #expect(list.output.contains(CrontabJobs.id(fileName: "my.cron", text: "0 0 1 1 * echo two")), "\(list.output)")
        #expect(text("one.txt") == "one\n", "a reload ran the @reboot line again")
        kill(daemon.processIdentifier, SIGTERM)
        try await waitForExit(daemon, "the daemon has stopped")
    }
}
