import Foundation
import Hourglass
import HourglassDaemon
import HourglassHTTP
import Hummingbird
import HummingbirdTesting
import HourglassPostgres
import HourglassSQLite
import Logging
import PostgresNIO
import ServiceLifecycle
import Testing
import HourglassTestSupport
import HourglassPostgresTestSupport

// README handler types begin
struct ReportArguments: Codable, Sendable { var recipient: String }

extension JobName where Arguments == ReportArguments {
    static var sendReport: Self { Self("send-report") }
}
// README handler types end

/// The README's quick start, kept here so that it compiles and runs with the tests.
/// Keep the two in step: the code between the markers is copied into README.md.
@Suite("README quick start")
struct ReadmeExampleTests {
    @Test("the README's daemon configuration is a valid configuration file")
    func daemonConfiguration() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let block = try #require(text.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let configuration = try DaemonConfiguration.parse(block, file: "/etc/hourglass.yaml")
        #expect(configuration.jobs.map(\.id) == ["backup", "queue-depth"])
        #expect(configuration.store == "postgres://hourglass@db.internal/hourglass")
    }

    @Test("the quick start runs and prints what the README says")
    func quickStart() throws {
        // README begin
        let trigger = try CronTrigger("0 9 * * mon-fri", timeZone: .named("Europe/Berlin"))
        let after = ISO8601Timestamp.parse("2026-03-27T12:00:00+01:00") ?? .now
        for date in try trigger.nextFireTimes(after: after, count: 3) {
            print(ISO8601Timestamp.format(date, in: trigger.timeZone))
        }
        print(trigger.expression.humanDescription)
        // 2026-03-30T09:00:00+02:00
        // 2026-03-31T09:00:00+02:00
        // 2026-04-01T09:00:00+02:00
        // At 09:00, Monday through Friday
        // README end
        let times = try trigger.nextFireTimes(after: after, count: 3).map { ISO8601Timestamp.format($0, in: trigger.timeZone) }
        #expect(times == ["2026-03-30T09:00:00+02:00", "2026-03-31T09:00:00+02:00", "2026-04-01T09:00:00+02:00"])
        #expect(trigger.expression.humanDescription == "At 09:00, Monday through Friday")
    }

    /// The README's scheduler example: a scheduler in a ServiceLifecycle service group.
    static func schedulerService() async throws -> (Scheduler, ServiceGroup) {
        // README scheduler begin
        let scheduler = Scheduler()
        try await scheduler.add(id: "nightly-report", cron: "0 2 * * *") { context in
            context.logger.info("building the nightly report")
        }
        try await scheduler.add(id: "heartbeat", every: .seconds(30)) { context in
            context.logger.info("still alive")
        }
        scheduler.addListener(for: [.jobError, .jobMissed, .jobTimedOut]) { event in
            print("needs attention: \(event)")
        }
        let services = ServiceGroup(
            services: [scheduler], gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "app"))
        // README scheduler end
        return (scheduler, services)
    }

    @Test("the scheduler example runs as a service and stops on graceful shutdown")
    func schedulerExample() async throws {
        let (scheduler, services) = try await Self.schedulerService()
        let started = scheduler.events(of: [.schedulerStarted, .schedulerShutdown])
        async let running: Void = services.run()
        var iterator = started.makeAsyncIterator()
        #expect(await iterator.next() == .schedulerStarted)
        #expect(try await scheduler.jobs().map(\.id).sorted() == ["heartbeat", "nightly-report"])
        await services.triggerGracefulShutdown()
        try await running
        #expect(await iterator.next() == .schedulerShutdown)
        #expect(await scheduler.isRunning == false)
    }

    @Test("the handler example registers a handler and stores its arguments as JSON")
    func handlerExample() async throws {
        let scheduler = Scheduler()
        // README handler begin
        await scheduler.register(.sendReport) { arguments, context in
            context.logger.info("sending the report to \(arguments.recipient)")
            // also context.jobID, context.scheduledFireTime, context.attempt
        }
        try await scheduler.add(
            id: "weekly", trigger: .cron("0 9 * * mon", timeZone: .named("Europe/Berlin")),
            handler: .sendReport, arguments: ReportArguments(recipient: "ops@example.com"),
            options: JobOptions(misfireGraceTime: .seconds(300), timeout: .seconds(60), retry: RetryPolicy(maxAttempts: 3)),
            onConflict: .update)  // run at every start: adds the job once, then keeps it in step
        // README handler end
        let job = try #require(try await scheduler.job("weekly"))
        #expect(job.target == .handler(name: "send-report", arguments: JobArguments(json: #"{"recipient":"ops@example.com"}"#)))
        #expect(job.isRunnable)
    }

    @Test("the SQLite example keeps a handler job and its history in a file")
    func sqliteExample() async throws {
        // The README opens "jobs.sqlite" in the working directory; no other test uses it. The
        // test leaves the process's working directory alone: tests run in parallel, and the
        // commands they start inherit it (one ran in this test's directory after its removal).
        let file = FileManager.default.currentDirectoryPath + "/jobs.sqlite"
        let files = ["", "-wal", "-shm"].map { file + $0 }
        for path in files { try? FileManager.default.removeItem(atPath: path) }
        defer { for path in files { try? FileManager.default.removeItem(atPath: path) } }
        // README sqlite begin
        var configuration = Scheduler.Configuration()
        configuration.defaultStore = try SQLiteJobStore(path: "jobs.sqlite")
        configuration.timeZone = try .named("Europe/Berlin")
        let scheduler = Scheduler(configuration: configuration)
        await scheduler.register(.sendReport) { arguments, context in /* ... */ }
        try await scheduler.add(
            id: "daily-report", cron: "0 6 * * *", handler: .sendReport,
            arguments: ReportArguments(recipient: "ops@example.com"), onConflict: .update)
        for run in try await scheduler.runs(of: "daily-report") {
            print(run.scheduledFireTime, run.status, run.message ?? "")
        }
        // README sqlite end
        let reopened = try SQLiteJobStore(path: file)
        #expect(try await reopened.job("daily-report")?.target.handlerName == "send-report")
        #expect(await scheduler.storeNames == [Scheduler.defaultName])
    }

    @Test("the PostgreSQL example shares a job through a database", .enabled(if: PostgresTestDatabase.isConfigured))
    func postgresExample() async throws {
        try await PostgresTestDatabase.withDefaultSchema { _ in
            let databaseURL = try #require(PostgresTestDatabase.url)
            let scheduler = Scheduler()
            // README postgres begin
            let sync = JobName<NoArguments>("sync")
            await scheduler.register(sync) { _, context in context.logger.info("syncing") }
            let client = PostgresClient(configuration: try PostgresJobStore.clientConfiguration(url: databaseURL))
            let clientTask = Task { await client.run() }  // or put `client` first in your ServiceGroup
            let store = try await PostgresJobStore(client: client)  // schema "hourglass", created if missing
            try await scheduler.addStore(store, named: "shared")
            try await scheduler.add(
                id: "hourly-sync", trigger: .hourly(atMinute: 0), handler: sync, store: "shared", onConflict: .update)
            // README postgres end
            #expect(try await store.job("hourly-sync")?.target.handlerName == "sync")
            clientTask.cancel()
        }
    }

    @Test("the README's HTTP example serves the API under its prefix, next to the service's own routes")
    func httpExample() async throws {
        let scheduler = Scheduler()
        try await scheduler.add(id: "nightly-report", cron: "0 2 * * *") { _ in }
        // README http begin
        let router = Router()
        router.get("hello") { _, _ in "hello" }  // the service's own routes
        HourglassAPI(scheduler: scheduler, access: try .fromEnvironment())
            .addRoutes(to: router.group("hourglass"))  // /hourglass/api/v1/jobs, /hourglass/health, ...
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 8080)))
        // README http end
        try await app.test(.router) { client in
            try await client.execute(uri: "/hello", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/hourglass/api/v1/jobs", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""id":"nightly-report""#))
            }
        }
    }

    @Test(
        "README.md shows every example exactly as this file runs them",
        arguments: ["README", "README scheduler", "README handler types", "README handler", "README sqlite", "README postgres", "README http"])
    func readmeMatches(marker: String) throws {
        let testFile = URL(fileURLWithPath: #filePath)
        let root = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: testFile, encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let begin = try #require(lines.firstIndex { $0.hasSuffix("// \(marker) begin") })
        let end = try #require(lines.firstIndex { $0.hasSuffix("// \(marker) end") })
        let body = lines[(begin + 1)..<end]
        let indent = body.first.map { $0.prefix { $0 == " " }.count } ?? 0
        let snippet = body.map { $0.dropFirst(indent) }.joined(separator: "\n")
        #expect(readme.contains(snippet))
    }
}
