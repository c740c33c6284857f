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
        try await hourglass.stop(daemon, log: "daemon.log")
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
        try await hourglass.stop(daemon, log: "daemon.log")
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
        try await hourglass.stop(daemon, log: "daemon.log")
    }

    @Test("MAILTO sends a failed line's run to its addresses through the file's sendmail")
    func mailto() async throws {
        let out = directory.url.path
        let sendmail = try directory.writeScript("sendmail", "{ echo \"args: $*\"; cat; echo; } >> \(out)/mail.txt")
        try "MAILTO=ops@example.com\n@reboot echo broken; exit 3\n".write(
            toFile: directory.path("app.cron"), atomically: true, encoding: .utf8)
        try """
            crontabs: [app.cron]
            notify:
              repeat_after: 0
              events: [failure]
              channels:
                - email: admin@example.com
                  from: cron@example.com
                  sendmail: \(sendmail)
            """.write(toFile: directory.path("hourglass.yaml"), atomically: true, encoding: .utf8)
        let daemon = try hourglass.start(["run"], log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try await waitUntil("the mail is sent") { text("mail.txt").contains("ops@example.com") || !daemon.isRunning }
        let mail = text("mail.txt")
        #expect(mail.contains("args: -t -i"), "\(mail)")
        #expect(mail.contains("To: ops@example.com"), "\(mail)\n\(hourglass.log("daemon.log"))")
        #expect(mail.contains("From: cron@example.com"), "\(mail)")
        try await hourglass.stop(daemon, log: "daemon.log")
    }

    @Test("as root, a system line runs as its user, in the HOME the file gives", .enabled(if: UserAccount.isRoot))
    func runsAsItsUser() async throws {
        let nobody = try UserAccount.named("nobody")
        let home = directory.path("home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        for path in [directory.url.path, home] {
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: path)
        }
        let lines = ["HOME=\(home)", "@reboot nobody { id -u; id -g; pwd; } > \(home)/who.txt"]
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory.path("system.cron"), atomically: true, encoding: .utf8)
        let daemon = try hourglass.start(
            ["run", "--crontab", "system.cron", "--crontab-format", "system"], log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try await waitUntil("the line has run", detail: hourglass.log("daemon.log")) {
            text("home/who.txt").split(separator: "\n").count == 3 || !daemon.isRunning
        }
        #expect(text("home/who.txt") == "\(nobody.userID)\n\(nobody.groupID)\n\(home)\n", "\(hourglass.log("daemon.log"))")
        try await waitUntil("the run is recorded") {
            (try? await hourglass.history(CrontabJobs.id(fileName: "system.cron", text: lines[1]), arguments: ["--store", "hourglass.sqlite"]).first?.status) == .success
        }
        let owner = try FileManager.default.attributesOfItem(atPath: directory.path("home/who.txt"))[.ownerAccountID]
        #expect((owner as? NSNumber)?.uint32Value == nobody.userID)
        try await hourglass.stop(daemon, log: "daemon.log")
    }

    @Test("not as root, a line for another user stops the start and says what to do; --ignore-user runs it")
    func otherUserRefused() async throws {
        // As root, the daemon runs as nobody (setpriv), so that the refusal is real.
        var wrapper: [String] = []
        if UserAccount.isRoot {
            wrapper = ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory.url.path)
        }
        try "# /etc/cron.d/php\n09,39 * * * * root [ -x /usr/lib/php/sessionclean ] && /usr/lib/php/sessionclean\n".write(
            toFile: directory.path("php"), atomically: true, encoding: .utf8)
        let arguments = ["--crontab", "php", "--crontab-format", "system"]
        let refused = try await hourglass.run(["run"] + arguments, wrapper: wrapper)
        #expect(refused.status == 2, "\(refused.errorOutput)")
        #expect(refused.errorOutput.contains("php:2"), "\(refused.errorOutput)")
        #expect(refused.errorOutput.contains("'root'") && refused.errorOutput.contains("--ignore-user"), "\(refused.errorOutput)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("hourglass.sqlite")), "the refused start made a store")
        let checked = try await hourglass.run(["check"] + arguments + ["--ignore-user"], wrapper: wrapper)
        #expect(checked.status == 0, "\(checked.errorOutput)")
        #expect(checked.output.contains("sessionclean"), "\(checked.output)")
    }

    @Test("hourglass check --crontab: each line's job with its file and line; a bad line exits 2")
    func check() async throws {
        try "# backups\nCRON_TZ=Europe/Berlin\n30 2 * * 1-5 backup --full\n".write(
            toFile: directory.path("my.cron"), atomically: true, encoding: .utf8)
        let valid = try await hourglass.run(["check", "--crontab", "my.cron"])
        #expect(valid.status == 0, "\(valid.errorOutput)")
        #expect(valid.output.contains("valid, 1 job;"), "\(valid.output)")
        #expect(valid.output.contains("  command: backup --full\n  name: \(directory.path("my.cron")):3"), "\(valid.output)")
        #expect(valid.output.contains("next runs (Europe/Berlin):"), "\(valid.output)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("hourglass.sqlite")))

        try "30 2 * * 1-5 backup\n30 25 * * * late\n".write(toFile: directory.path("bad.cron"), atomically: true, encoding: .utf8)
        let bad = try await hourglass.run(["check", "--crontab", "bad.cron"])
        #expect(bad.status == 2)
        #expect(bad.errorOutput.contains("bad.cron:2:") && bad.errorOutput.contains("hour"), "\(bad.errorOutput)")
    }

    @Test("a --config that does not exist is an error even with --crontab, not an empty configuration")
    func missingConfiguration() async throws {
        try "@hourly true\n".write(toFile: directory.path("my.cron"), atomically: true, encoding: .utf8)
        let result = try await hourglass.run(["run", "--config", "hourglas.yaml", "--crontab", "my.cron"])
        #expect(result.status != 0)
        #expect(result.errorOutput.contains("--config 'hourglas.yaml' does not exist"), "\(result.errorOutput)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("hourglass.sqlite")))
    }

    @Test("two daemons on one store run each fire time of a crontab line once between them")
    func cluster() async throws {
        let line = "@every 1s echo run >> \(directory.url.path)/runs.txt"
        try (line + "\n").write(toFile: directory.path("app.cron"), atomically: true, encoding: .utf8)
        try "crontabs: [app.cron]\n".write(toFile: directory.path("hourglass.yaml"), atomically: true, encoding: .utf8)
        let first = try hourglass.start(["run", "--node-id", "node-a"], log: "a.log")
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        let second = try hourglass.start(["run", "--node-id", "node-b"], log: "b.log")
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        try await waitUntil("four runs") {
            text("runs.txt").split(separator: "\n").count >= 4 || !first.isRunning || !second.isRunning
        }
        for daemon in [first, second] {
            kill(daemon.processIdentifier, SIGTERM)
            try await waitForExit(daemon, "the daemon has stopped")
            #expect(daemon.terminationStatus == 0, "\(hourglass.log("a.log"))\n\(hourglass.log("b.log"))")
        }
        let runs = try await hourglass.history(CrontabJobs.id(fileName: "app.cron", text: line))
        let fireTimes = runs.map(\.scheduledFireTime)
        #expect(Set(fireTimes).count == fireTimes.count, "a fire time ran twice: \(runs)")
        #expect(runs.filter { $0.status == .success }.count == text("runs.txt").split(separator: "\n").count)
    }

    @Test("management commands do not read the crontab files: jobs list works when one is gone")
    func managementWithoutCrontabs() async throws {
        try "@hourly true\n".write(toFile: directory.path("app.cron"), atomically: true, encoding: .utf8)
        try "crontabs: [app.cron]\n".write(toFile: directory.path("hourglass.yaml"), atomically: true, encoding: .utf8)
        let checked = try await hourglass.run(["check"])
        #expect(checked.status == 0, "\(checked.errorOutput)")
        let daemon = try await hourglass.startDaemon(log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try await hourglass.stop(daemon, log: "daemon.log")
        try FileManager.default.removeItem(atPath: directory.path("app.cron"))
        let list = try await hourglass.run(["jobs", "list"])
        #expect(list.status == 0, "\(list.errorOutput)")
        #expect(list.output.contains("app.cron:"), "\(list.output)")
    }

    @Test("a crontab directory is listed again on SIGHUP: an added file's jobs come, a removed one's go")
    func directoryReload() async throws {
        try FileManager.default.createDirectory(atPath: directory.path("cron.d"), withIntermediateDirectories: true)
        let old = "0 0 1 1 * echo old"
        try (old + "\n").write(toFile: directory.path("cron.d/old"), atomically: true, encoding: .utf8)
        let daemon = try await hourglass.startDaemon(["--crontab", "cron.d"], log: "daemon.log")
        defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
        try FileManager.default.removeItem(atPath: directory.path("cron.d/old"))
        let new = "0 0 1 1 * echo new"
        try (new + "\n").write(toFile: directory.path("cron.d/new"), atomically: true, encoding: .utf8)
        kill(daemon.processIdentifier, SIGHUP)
        try await waitUntil("the daemon has reloaded") { hourglass.log("daemon.log").contains("configuration reloaded") }
        let list = try await hourglass.run(["jobs", "list", "--store", "hourglass.sqlite"])
        #expect(list.output.contains(CrontabJobs.id(fileName: "new", text: new)), "\(list.output)")
        #expect(!list.output.contains(CrontabJobs.id(fileName: "old", text: old)), "\(list.output)")
        try await hourglass.stop(daemon, log: "daemon.log")
    }
}
