import Foundation
import Hourglass
import HourglassDaemon
import Testing
import HourglassTestSupport

@Suite("Daemon configuration files: jobs from YAML, and errors that name the file, line, job and field")
struct DaemonConfigurationTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    @Test("a file with every kind of trigger, command and option gives the jobs it describes")
    func fullFile() throws {
        let yaml = """
            timezone: Europe/Berlin
            jobs:
              - id: backup
                name: Nightly backup
                cron: "0 3 * * *"
                command: [/usr/local/bin/backup, --full]
                environment: {TARGET: s3, LEVEL: "9"}
                working_directory: /var/backups
                timeout: 1h
                misfire_grace_time: 5m
                coalesce: earliest
                max_concurrent_runs: 2
                overflow: queue
                retry: {attempts: 3, backoff: 10s}
                tags: [nightly, ops]
                recover_abandoned_runs: true
              - id: heartbeat
                interval: 30s
                shell: echo alive | logger
              - id: once
                date: 2026-06-01T12:00:00+02:00
                command: [true]
                paused: true
              - id: invoice
                calendar: {months: 1, at: "18:00", start_date: 2026-01-31}
                timezone: America/New_York
                command: [/usr/bin/invoice]
            """
        let configuration = try DaemonConfiguration.parse(yaml, file: "/etc/hourglass/hourglass.yaml", now: Self.now)
        #expect(configuration.store == "/etc/hourglass/hourglass.sqlite")
        #expect(configuration.timeZone.identifier == "Europe/Berlin")
        #expect(configuration.jobs.map(\.id) == ["backup", "heartbeat", "once", "invoice"])
        let backup = configuration.jobs[0]
        #expect(backup.name == "Nightly backup")
        #expect(backup.nextRunTime.map { ISO8601Timestamp.format($0, in: .gmt) } == "2026-01-01T02:00:00+00:00")
        #expect(backup.options.timeout == .seconds(3_600) && backup.options.misfireGraceTime == .seconds(300))
        #expect(backup.options.coalesce == .earliest && backup.options.maxConcurrentRuns == 2 && backup.options.overflow == .queue)
        #expect(backup.options.retry == RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(10)))
        #expect(backup.options.tags == ["nightly", "ops"] && backup.options.recoverAbandonedRuns)
        #expect(backup.target.handlerName == CommandSpec.handlerName)
        let spec = try spec(of: backup)
        #expect(spec == CommandSpec(arguments: ["/usr/local/bin/backup", "--full"], environment: ["TARGET": "s3", "LEVEL": "9"], workingDirectory: "/var/backups"))
        #expect(try self.spec(of: configuration.jobs[1]).shell == "echo alive | logger")
        #expect(configuration.jobs[1].nextRunTime == Self.now.addingTimeInterval(30))
        #expect(configuration.jobs[2].isPaused && configuration.jobs[2].nextRunTime == nil)
        #expect(configuration.jobs[3].nextRunTime.map { ISO8601Timestamp.format($0, in: .gmt) } == "2026-01-31T23:00:00+00:00")
    }

    @Test("a relative store path is beside the file; a postgres URL is kept as it is")
    func stores() throws {
        let relative = try DaemonConfiguration.parse("store: data/jobs.sqlite\njobs: []", file: "/srv/app/hourglass.yaml")
        #expect(relative.store == "/srv/app/data/jobs.sqlite")
        let shared = try DaemonConfiguration.parse("store: postgres://app@db/app\njobs: []", file: "/srv/app/hourglass.yaml")
        #expect(shared.store == "postgres://app@db/app")
    }

    @Test(
        "mistakes are refused with the file, line, job and field",
        arguments: [
            ("jobs:\n  - id: a\n    cron: \"61 * * * *\"\n    command: [x]", 3, "a", "cron", "minute"),
            ("jobs:\n  - id: a\n    interval: soon\n    command: [x]", 3, "a", "interval", "span of time"),
            // Used to overflow Int64 and crash the daemon.
            ("jobs:\n  - id: a\n    interval: 1m\n    command: [x]\n    timeout: 999999999999999d", 5, "a", "timeout", "span of time"),
            ("jobs:\n  - id: a\n    interval: 1m\n    cron: \"* * * * *\"\n    command: [x]", 2, "a", "cron, interval", "exactly one"),
            ("jobs:\n  - id: a\n    interval: 1m", 2, "a", "command", "exactly one of command"),
            ("jobs:\n  - id: a\n    interval: 1m\n    command: [x]\n    colour: red", 5, "a", "colour", "not a known field"),
            ("jobs:\n  - id: a\n    interval: 1m\n    command: [x]\n  - id: a\n    interval: 1m\n    command: [y]", 5, "a", "id", "used twice"),
            ("timezone: Mars/Olympus\njobs: []", 1, nil, "timezone", "Mars/Olympus"),
            ("jobs:\n  - id: a\n    interval: 1m\n    command: [x]\n    retry: {attempts: 0}", 5, "a", "retry.attempts", "at least 1"),
            ("jobs:\n  - id: a\n    cron: \"0 4 * * *\"\n    end: 2020-01-01T00:00:00Z\n    command: [x]", 2, "a", "trigger", "no fire time after now"),
            ("jobs:\n  - id: a\n    cron: \"@reboot\"\n    jitter: 5s\n    command: [x]", 4, "a", "jitter", "no effect with cron \"@reboot\""),
            ("jobs:\n  - id: a\n    interval: [1m\n", 4, nil, nil, "not valid YAML"),
        ] as [(String, Int, String?, String?, String)])
    func mistakes(_ yaml: String, line: Int, job: String?, field: String?, words: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration.parse(yaml, file: "bad.yaml", now: Self.now)
        }
        #expect(error?.file == "bad.yaml")
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.job == job && error?.field == field, "\(String(describing: error))")
        #expect(error?.description.contains(words) == true, "\(String(describing: error))")
        #expect(error?.description.hasPrefix("bad.yaml:\(line): ") == true)
    }

    @Test("a date that has passed is due at once, not a mistake; @reboot has no next run time")
    func pastDateAndReboot() throws {
        let configuration = try DaemonConfiguration.parse(
            """
            jobs:
              - {id: past, date: "2020-01-01T00:00:00Z", command: [x]}
              - {id: boot, cron: "@reboot", command: [x]}
            """, file: "/srv/hourglass.yaml", now: Self.now)
        let past = try #require(configuration.jobs.first)
        #expect(past.nextRunTime == ISO8601Timestamp.parse("2020-01-01T00:00:00Z"))
        let boot = try #require(configuration.jobs.last)
        #expect(boot.trigger == AnyTrigger(RebootTrigger()) && boot.nextRunTime == nil && !boot.isPaused)
    }

    private func spec(of job: Job) throws -> CommandSpec {
        guard case .handler(_, let arguments?) = job.target else { throw ConfigurationError(file: "", message: "no arguments") }
        return try JSONDecoder().decode(CommandSpec.self, from: Data(arguments.json.utf8))
    }

    @Test("the example configuration that ships with the repository is valid, with a job every few seconds")
    func example() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../examples/hourglass.yaml").standardizedFileURL.path
        let configuration = try DaemonConfiguration.load(path: path)
        #expect(configuration.store.hasSuffix("examples/hourglass.sqlite"))
        #expect(configuration.jobs.map(\.id) == ["heartbeat", "disk-usage", "flaky", "nightly-cleanup"])
        #expect(configuration.jobs.first?.trigger.description == "every 5s")
    }
}

@Suite("Syncing a configuration file's jobs into a store")
struct ConfigurationSyncTests {
    static func configuration(_ jobs: String) throws -> DaemonConfiguration {
        try DaemonConfiguration.parse("jobs:\n" + jobs, file: "/etc/hourglass.yaml", now: SchedulerFixture.start)
    }

    @Test("new jobs are added, changed ones replaced, dropped ones removed; other jobs and unchanged schedules are left alone")
    func sync() async throws {
        let fixture = SchedulerFixture()
        let scheduler = fixture.scheduler
        try await scheduler.add(id: "by-hand", trigger: IntervalTrigger(every: .seconds(60), start: SchedulerFixture.at(0))) { _ in }
        let first = try Self.configuration(
            """
              - {id: keep, interval: 10m, command: [a]}
              - {id: edit, interval: 10m, command: [b]}
              - {id: drop, interval: 10m, command: [c]}
            """)
        let added = try await ConfigurationSync.apply(first, to: scheduler, store: Scheduler.defaultName)
        #expect(added.added == ["keep", "edit", "drop"] && added.changed.isEmpty && added.removed.isEmpty)
        let keepBefore = try await scheduler.job("keep")?.nextRunTime

        let second = try DaemonConfiguration.parse(
            "jobs:\n  - {id: keep, interval: 10m, command: [a]}\n  - {id: edit, interval: 10m, command: [b, --more]}\n  - {id: new, cron: \"0 * * * *\", command: [d]}",
            file: "/etc/hourglass.yaml", now: SchedulerFixture.at(120))
        let changes = try await ConfigurationSync.apply(second, to: scheduler, store: Scheduler.defaultName)
        #expect(changes.added == ["new"] && changes.changed == ["edit"] && changes.removed == ["drop"] && changes.unchanged == ["keep"])
        #expect(try await scheduler.job("keep")?.nextRunTime == keepBefore, "an unchanged trigger keeps its schedule")
        #expect(try await scheduler.job("by-hand") != nil, "a job added by other means was touched")
        #expect(try await scheduler.job("drop") == nil)
        #expect(try await scheduler.job("edit")?.options.metadata[ConfigurationSync.sourceKey] == "/etc/hourglass.yaml")
    }

    @Test("a pause made at run time survives a sync of the same entry; the file's own 'paused' wins when it changes")
    func pauseAtRunTime() async throws {
        let scheduler = SchedulerFixture().scheduler
        let running = try Self.configuration("  - {id: report, interval: 10m, command: [r]}")
        try await ConfigurationSync.apply(running, to: scheduler, store: Scheduler.defaultName)
        _ = try await scheduler.pauseJob("report")
        let again = try await ConfigurationSync.apply(running, to: scheduler, store: Scheduler.defaultName)
        #expect(again.unchanged == ["report"])
        #expect(try await scheduler.job("report")?.isPaused == true)

        let pausedInFile = try Self.configuration("  - {id: report, interval: 10m, command: [r], paused: true}")
        #expect(try await ConfigurationSync.apply(pausedInFile, to: scheduler, store: Scheduler.defaultName).changed == ["report"])
        _ = try await scheduler.resumeJob("report")
        #expect(try await ConfigurationSync.apply(pausedInFile, to: scheduler, store: Scheduler.defaultName).unchanged == ["report"])
        #expect(try await scheduler.job("report")?.isPaused == false, "resumed at run time, and the file did not change")
        try await ConfigurationSync.apply(running, to: scheduler, store: Scheduler.defaultName)
        let resumedInFile = try #require(try await scheduler.job("report"))
        #expect(!resumedInFile.isPaused && resumedInFile.nextRunTime != nil)
    }

    @Test("a file's job whose id is taken by a job from elsewhere is refused, naming the job, before anything changes")
    func collision() async throws {
        let fixture = SchedulerFixture()
        try await fixture.scheduler.add(id: "backup", trigger: IntervalTrigger(every: .seconds(60), start: SchedulerFixture.at(0))) { _ in }
        let error = await #expect(throws: ConfigurationError.self) {
            try await ConfigurationSync.apply(
                try Self.configuration("  - {id: first, interval: 1h, command: [x]}\n  - {id: backup, interval: 1h, command: [x]}"),
                to: fixture.scheduler, store: Scheduler.defaultName)
        }
        #expect(error?.job == "backup" && error?.field == "id" && error?.message.contains("other means") == true)
        #expect(try await fixture.scheduler.job("first") == nil, "a refused file added a job")
    }

    @Test("copies of a file at different paths share their jobs when they give one 'source'; without it they are refused")
    func sharedSource() async throws {
        let scheduler = SchedulerFixture().scheduler
        let jobs = "jobs:\n  - {id: sync, interval: 1h, command: [s]}\n"
        let first = try DaemonConfiguration.parse("source: billing\n" + jobs, file: "/etc/hourglass.yaml", now: SchedulerFixture.start)
        let second = try DaemonConfiguration.parse("source: billing\n" + jobs, file: "/opt/hourglass.yaml", now: SchedulerFixture.start)
        #expect(try await ConfigurationSync.apply(first, to: scheduler, store: Scheduler.defaultName).added == ["sync"])
        #expect(try await ConfigurationSync.apply(second, to: scheduler, store: Scheduler.defaultName).unchanged == ["sync"])
        let elsewhere = try DaemonConfiguration.parse(jobs, file: "/srv/hourglass.yaml", now: SchedulerFixture.start)
        #expect(elsewhere.source == "/srv/hourglass.yaml")
        let error = await #expect(throws: ConfigurationError.self) {
            try await ConfigurationSync.apply(elsewhere, to: scheduler, store: Scheduler.defaultName)
        }
        #expect(error?.message.contains("the configuration 'billing'") == true)
    }
}
