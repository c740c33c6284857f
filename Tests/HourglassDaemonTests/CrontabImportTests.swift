import Foundation
import Hourglass
import HourglassDaemon
import HourglassNotify
import Testing
import HourglassTestSupport

/// `hourglass import-crontab`: the YAML it prints reads back as the same jobs.
@Suite("Crontab files: import as YAML")
struct CrontabImportTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    static let crontab = """
        # /etc/cron.d/app
        SHELL=/bin/bash
        MAILTO=""
        GREETING="hello  you"
        CRON_TZ=Europe/Berlin
        H 3 * * * root test -x /usr/bin/app && /usr/bin/app --clean "$GREETING"
        @reboot root cat%it's input
        */5 * * * * www-data date +\\%F

        """

    @Test("the jobs read back with the same ids, schedules, zones and commands")
    func roundTrip() throws {
        let file = try CrontabFile.parse(Self.crontab, path: "/etc/cron.d/app", format: .system)
        let yaml = try CrontabYAML.yaml(for: file, now: Self.now)
        let configuration = try DaemonConfiguration.parse(yaml, file: "/tmp/imported.yaml", now: Self.now, environment: [:])
        let me = try #require(UserAccount.current)
        let direct = try CrontabJobs.jobs(
            from: file, timeZone: .gmt, now: Self.now, runAs: .init(current: me, isRoot: false, ignoreUser: true))
        #expect(configuration.jobs.map(\.id) == direct.map(\.id), "\(yaml)")
        #expect(configuration.jobs.map(\.name) == direct.map(\.name))
        #expect(configuration.jobs.map(\.nextRunTime) == direct.map(\.nextRunTime), "\(yaml)")
        #expect(configuration.jobs.first?.trigger.timeZone?.identifier == "Europe/Berlin")
        #expect(configuration.jobs[1].trigger.base is RebootTrigger)
        #expect(yaml.contains("# runs as user www-data in the crontab"), "\(yaml)")
        #expect(yaml.contains(#"command: ["/bin/bash", "-c", "date +%F"]"#), "\(yaml)")
        #expect(yaml.contains(#""GREETING": "hello  you""#), "\(yaml)")
    }

    @Test("MAILTO becomes the job's e-mail channel and an assigned HOME its working directory")
    func mailtoAndHome() throws {
        let text = "0 1 * * * plain\nMAILTO=ops@example.com, dev\nHOME=/srv/app\n0 2 * * * mailed\n"
        let file = try CrontabFile.parse(text, path: "/tmp/x.cron", format: .user)
        let yaml = try CrontabYAML.yaml(for: file, now: Self.now)
        let configuration = try DaemonConfiguration.parse(yaml, file: "/tmp/imported.yaml", now: Self.now, environment: [:])
        let plain = try #require(configuration.jobs.first)
        let mailed = try #require(configuration.jobs.last)
        #expect(configuration.notify.jobs[plain.id] == nil, "\(yaml)")
        #expect(configuration.notify.jobs[mailed.id]?.channels == [
            .email(EmailNotifier.Configuration(recipients: ["ops@example.com", "dev"])),
        ], "\(yaml)")
        guard case .handler(_, let arguments) = mailed.target else { throw CocoaError(.coderInvalidValue) }
        let spec = try #require(try arguments?.decode(CommandSpec.self))
        #expect(spec.workingDirectory == "/srv/app")
        #expect(spec.environment["MAILTO"] == nil, "\(yaml)")
    }

    @Test("the % input runs as standard input in the imported command")
    func inputRuns() async throws {
        let file = try CrontabFile.parse("@reboot cat%it's%input\n", path: "/tmp/x.cron", format: .user)
        let yaml = try CrontabYAML.yaml(for: file, now: Self.now)
        let configuration = try DaemonConfiguration.parse(yaml, file: "/tmp/imported.yaml", now: Self.now, environment: [:])
        let job = try #require(configuration.jobs.first)
        guard case .handler(_, let arguments) = job.target else { throw CocoaError(.coderInvalidValue) }
        let spec = try #require(try arguments?.decode(CommandSpec.self))
        let result = try await CommandRunner.run(spec)
        #expect(result.output == "it's\ninput\n", "\(yaml)")
    }

    @Test("hourglass import-crontab prints the YAML; a malformed line exits with status 2 naming it")
    func command() async throws {
        let directory = TemporaryDirectory()
        let hourglass = HourglassBinary(directory: directory)
        try "0 5 * * * backup\n".write(toFile: directory.path("good.cron"), atomically: true, encoding: .utf8)
        let good = try await hourglass.run(["import-crontab", "good.cron"])
        #expect(good.status == 0)
        #expect(good.output.contains("jobs:\n  - id: \"good.cron:"), "\(good.output)")
        #expect(good.output.contains("    shell: \"backup\""), "\(good.output)")
        try "0 5 * * * backup\n0 5 32 * * x\n".write(toFile: directory.path("bad.cron"), atomically: true, encoding: .utf8)
        let bad = try await hourglass.run(["import-crontab", "bad.cron"])
        #expect(bad.status == 2)
        #expect(bad.errorOutput.contains("bad.cron:2: field 'day-of-month'"), "\(bad.errorOutput)")
    }
}
