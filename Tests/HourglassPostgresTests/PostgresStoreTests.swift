import Foundation
@_spi(Testing) import Hourglass
import HourglassPostgres
import HourglassTesting
import PostgresNIO
import Testing
import HourglassTestSupport
import HourglassPostgresTestSupport

@Suite(
    "The PostgreSQL store: conformance, schema, claims across stores", .enabled(if: PostgresTestDatabase.isConfigured),
    .timeLimit(.minutes(2)))
struct PostgresStoreTests {
    @Test(arguments: JobStoreConformance.checks)
    func conformance(_ check: JobStoreConformance.Check) async throws {
        try await PostgresTestDatabase.withStore { store, _ in try await check.run(on: store) }
    }
}

extension PostgresStoreTests {
    static func job(_ id: String, at offset: Double, start: Date = SchedulerFixture.start) throws -> Job {
        Job(
            id: JobID(id), trigger: try IntervalTrigger(every: .seconds(60), start: start.addingTimeInterval(offset)),
            target: .handler(name: "h", arguments: nil), nextRunTime: start.addingTimeInterval(offset))
    }

    @Test("a schema written by a newer Hourglass is refused and left unchanged")
    func newerSchema() async throws {
        try await PostgresTestDatabase.withStore { store, client in
            _ = try await store.add(Self.job("kept", at: 1), onConflict: .fail)
            let schema = store.configuration.schema
            try await client.query(PostgresQuery(unsafeSQL: "INSERT INTO \(schema).migrations (version, name) VALUES (99, 'from-the-future')"))
            var configuration = PostgresJobStore.Configuration()
            configuration.schema = schema
            let error = await #expect(throws: SchedulerError.self) {
                _ = try await PostgresJobStore(client: client, configuration: configuration)
            }
            #expect(error?.code == .unsupportedFormat)
            #expect(error?.description.contains("99") == true && error?.description.contains(schema) == true)
            #expect(try await store.job("kept") != nil)
        }
    }

    @Test("stores opening one new schema at once all succeed and share it")
    func concurrentMigration() async throws {
        try await PostgresTestDatabase.withClient { client in
            var settings = PostgresJobStore.Configuration()
            settings.schema = PostgresTestDatabase.schemaName()
            let configuration = settings
            let stores = try await withThrowingTaskGroup(of: PostgresJobStore.self) { group in
                for _ in 0..<4 { group.addTask { try await PostgresJobStore(client: client, configuration: configuration) } }
                return try await group.reduce(into: [PostgresJobStore]()) { $0.append($1) }
            }
            _ = try await stores[0].add(Self.job("shared", at: 1), onConflict: .fail)
            #expect(try await stores[3].job("shared") != nil)
            try await PostgresTestDatabase.drop(configuration.schema, on: client)
        }
    }

    @Test("three stores claiming at once take every due job exactly once")
    func concurrentClaims() async throws {
        try await PostgresTestDatabase.withStore { store, client in
            _ = try await store.add((0..<300).map { try Self.job("job-\($0)", at: Double($0 % 7)) }, onConflict: .fail)
            var configuration = PostgresJobStore.Configuration()
            configuration.schema = store.configuration.schema
            let nodes = [store, try await PostgresJobStore(client: client, configuration: configuration),
                         try await PostgresJobStore(client: client, configuration: configuration)]
            let claimed = try await withThrowingTaskGroup(of: [JobID].self) { group in
                for (number, node) in nodes.enumerated() {
                    group.addTask {
                        var ids: [JobID] = []
                        while true {
                            let batch = try await node.claimDueJobs(
                                now: SchedulerFixture.at(10), limit: 16, owner: "node-\(number)", lease: .seconds(60))
                            if batch.isEmpty { return ids }
                            ids += batch.map(\.job.id)
                        }
                    }
                }
                return try await group.reduce(into: [JobID]()) { $0 += $1 }
            }
            #expect(claimed.count == 300)
            #expect(Set(claimed).count == 300, "\(claimed.count - Set(claimed).count) jobs were claimed twice")
        }
    }

    @Test("a job added through one store reaches a watcher of another at once, with its next run time")
    func changeFeed() async throws {
        try await PostgresTestDatabase.withStore { store, client in
            var configuration = PostgresJobStore.Configuration()
            configuration.schema = store.configuration.schema
            let other = try await PostgresJobStore(client: client, configuration: configuration)
            let (changes, continuation) = AsyncStream.makeStream(of: Date?.self)
            let watcher = Task { await other.watchChanges { continuation.yield($0) } }
            defer { watcher.cancel() }
            var iterator = changes.makeAsyncIterator()
            // The watcher first reports an unknown change: it is listening now.
            #expect(await iterator.next() == .some(nil))
            _ = try await store.add(Self.job("new", at: 42), onConflict: .fail)
            #expect(await iterator.next() == .some(SchedulerFixture.at(42)))
            var paused = try Self.job("new", at: 42)
            paused.nextRunTime = SchedulerFixture.at(43)
            try await store.update(paused)
            #expect(await iterator.next() == .some(SchedulerFixture.at(43)))
        }
    }

    @Test("a sleeping scheduler runs a job that another node adds, woken by the notification instead of its poll")
    func wokenByAnotherNode() async throws {
        try await PostgresTestDatabase.withStore { store, client in
            var configuration = PostgresJobStore.Configuration()
            configuration.schema = store.configuration.schema
            let fixture = SchedulerFixture { $0.maxSleep = .seconds(3_600) }
            try await fixture.scheduler.addStore(try await PostgresJobStore(client: client, configuration: configuration), named: "shared")
            let ran = AsyncStream.makeStream(of: JobID.self)
            await fixture.scheduler.register("h") { context in ran.continuation.yield(context.jobID) }
            try await fixture.scheduler.start()
            await fixture.scheduler.waitForPass(at: SchedulerFixture.at(0))
            // The manual clock stands still and the scheduler polls once an hour: only a
            // wake-up makes it look again. The first job may be found when the watcher starts
            // listening; once it has run, the watcher listens, so the second needs the notification.
            var iterator = ran.stream.makeAsyncIterator()
            _ = try await store.add(Self.job("first", at: 0), onConflict: .fail)
            #expect(await iterator.next() == "first")
            _ = try await store.add(Self.job("second", at: 0), onConflict: .fail)
            #expect(await iterator.next() == "second")
            await fixture.scheduler.shutdown()
        }
    }
}

@Suite("PostgreSQL store settings that need no server")
struct PostgresSettingsTests {
    @Test("URLs become client settings; bad ones get an error naming the problem")
    func urls() throws {
        let full = try PostgresJobStore.clientConfiguration(url: "postgres://app:secret@db.example:6543/jobs?sslmode=disable")
        #expect(full.host == "db.example" && full.port == 6543 && full.username == "app" && full.password == "secret" && full.database == "jobs")
        let short = try PostgresJobStore.clientConfiguration(url: "postgresql://app@localhost")
        #expect(short.port == 5432 && short.database == "app" && short.password == nil)
        for (url, problem) in [
            ("mysql://app@db/jobs", "scheme 'mysql'"), ("postgres://db/jobs", "no user"),
            ("postgres://app@db/jobs?sslmode=verify-full", "sslmode 'verify-full'"),
        ] {
            let error = #expect(throws: SchedulerError.self) { try PostgresJobStore.clientConfiguration(url: url) }
            #expect(error?.code == .invalidArgument && error?.description.contains(problem) == true, "\(url): \(String(describing: error))")
        }
        let secret = #expect(throws: SchedulerError.self) { try PostgresJobStore.clientConfiguration(url: "mysql://app:hunter2@db/x") }
        #expect(secret?.description.contains("hunter2") == false, "the password leaked into the message")
    }

    @Test("a URL's schema and answer_timeout become store settings")
    func storeSettings() throws {
        let plain = try PostgresJobStore.configuration(url: "postgres://app@db/jobs?sslmode=require")
        #expect(plain.schema == "hourglass" && plain.answerTimeout == .seconds(30))
        let set = try PostgresJobStore.configuration(url: "postgres://app@db/jobs?schema=team_a&answer_timeout=2.5")
        #expect(set.schema == "team_a" && set.answerTimeout == .milliseconds(2_500))
        #expect(try PostgresJobStore.configuration(url: "postgres://app@db/jobs?answer_timeout=86400").answerTimeout == .seconds(86_400))
    }

    @Test(
        "an answer_timeout that is not seconds above 0 and at most a day is refused, without the password",
        arguments: ["0", "-1", "abc", "", "nan", "inf", "86400.5", "1e300", "5s"])
    func badAnswerTimeout(_ value: String) throws {
        let error = #expect(throws: SchedulerError.self) {
            try PostgresJobStore.configuration(url: "postgres://app:hunter2@db/jobs?answer_timeout=\(value)")
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.description.contains("answer_timeout") == true && error?.description.contains("is '\(value)'") == true)
        #expect(error?.description.contains("hunter2") == false, "the password leaked into the message")
    }

    @Test("answer_timeout with no value, or with a megabyte of digits, is refused with a short message")
    func emptyOrHugeAnswerTimeout() throws {
        let empty = #expect(throws: SchedulerError.self) { try PostgresJobStore.configuration(url: "postgres://app@db/jobs?answer_timeout") }
        #expect(empty?.code == .invalidArgument && empty?.description.contains("answer_timeout") == true)
        let huge = #expect(throws: SchedulerError.self) {
            try PostgresJobStore.configuration(url: "postgres://app@db/j?answer_timeout=" + String(repeating: "9", count: 1_000_000))
        }
        #expect(huge?.description.contains("(1000000 characters)") == true)
        #expect((huge?.description.count ?? .max) < 1_000, "the value flooded the message")
    }

    @Test("a schema name that would need quoting is refused before any connection", arguments: ["Jobs", "1st", "with-dash", "", "a;drop"])
    func badSchema(_ schema: String) async throws {
        let client = PostgresClient(configuration: try PostgresJobStore.clientConfiguration(url: "postgres://nobody@127.0.0.1:1/none"))
        var configuration = PostgresJobStore.Configuration()
        configuration.schema = schema
        let error = await #expect(throws: SchedulerError.self) {
            _ = try await PostgresJobStore(client: client, configuration: configuration)
        }
        #expect(error?.code == .invalidArgument && error?.description.contains("schema") == true)
    }
}

@Suite("Two schedulers changing jobs in one PostgreSQL schema", .enabled(if: PostgresTestDatabase.isConfigured))
struct PostgresSharedChangeTests {
    @Test("update refuses a job changed by the other node since it was read; modify loses no change")
    func noLostUpdates() async throws {
        try await PostgresTestDatabase.withStore { store, _ in
            try await PostgresTestDatabase.withClient { otherClient in
                let other = try await PostgresJobStore(client: otherClient, configuration: store.configuration)
                let first = Scheduler()
                let second = Scheduler()
                try await first.addStore(store, named: "shared")
                try await second.addStore(other, named: "shared")
                try await SharedStoreChanges.check(first, second, store: "shared")
            }
        }
    }
}
