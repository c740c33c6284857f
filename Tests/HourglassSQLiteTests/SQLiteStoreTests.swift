import Foundation
import GRDB
@_spi(Testing) import Hourglass
@_spi(Testing) import HourglassSQLite
import HourglassTesting
import Testing
import HourglassTestSupport

#if canImport(Glibc)
    import Glibc
#endif

@Suite("The SQLite store: conformance, durability, bad files")
struct SQLiteStoreTests {
    typealias F = SchedulerFixture

    @Test(arguments: JobStoreConformance.checks)
    func conformance(_ check: JobStoreConformance.Check) async throws {
        let directory = TemporaryDirectory()
        try await check.run(on: SQLiteJobStore(path: directory.path("jobs.sqlite")))
    }

    @Test("jobs, options, claims and history are all there after the file is opened again")
    func reopen() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        var options = JobOptions(misfireGraceTime: .seconds(30), coalesce: .all, tags: ["nightly"])
        options.retry = RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(2))
        options.metadata = ["team": "ops"]
        let job = Job(
            id: "report", name: "Nightly report", trigger: try CronTrigger("0 3 * * *", timeZone: TimeZone(identifier: "Europe/Berlin")!),
            target: .handler(name: "send-report", arguments: JobArguments(json: #"{"to":"ops@example.com"}"#)),
            options: options, nextRunTime: F.at(100))
        let run = RunRecord(id: 7, jobID: "report", scheduledFireTime: F.at(50), startedAt: F.at(50), finishedAt: F.at(51), status: .error, message: "boom", attempt: 2, owner: "node-1")
        do {
            let store = try SQLiteJobStore(path: path)
            _ = try await store.add(job, onConflict: .fail)
            try await store.record([run])
        }
        let reopened = try SQLiteJobStore(path: path)
        #expect(try await reopened.job("report") == job)
        #expect(try await reopened.runs(of: "report", limit: 10) == [run])
    }

    @Test("a run's end updates its running record; a known id recorded with another job, fire time or owner replaces the record whole")
    func recordReplacement() async throws {
        let directory = TemporaryDirectory()
        let store = try SQLiteJobStore(path: directory.path("jobs.sqlite"))
        func record(_ id: Int64, job: JobID, at second: Double, _ status: RunRecord.Status, owner: String = "one") -> RunRecord {
            RunRecord(
                id: id, jobID: job, scheduledFireTime: F.at(second), startedAt: F.at(second),
                finishedAt: status == .running ? nil : F.at(second + 1), status: status, attempt: 1, owner: owner)
        }
        try await store.record([record(1, job: "a", at: 1, .running), record(2, job: "a", at: 2, .running)])
        try await store.record([record(1, job: "a", at: 1, .success)])
        try await store.record([record(2, job: "b", at: 7, .error, owner: "two")])
        #expect(try await store.runs(of: "a", limit: 10) == [record(1, job: "a", at: 1, .success)])
        #expect(try await store.runs(of: "b", limit: 10) == [record(2, job: "b", at: 7, .error, owner: "two")])
    }

    @Test("a file from before the claim-token counter is migrated, and its new tokens follow the old ones")
    func claimTokenMigration() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        do {
            let store = try SQLiteJobStore(path: path)
            let trigger = try IntervalTrigger(every: .seconds(60), start: F.at(1))
            _ = try await store.add(
                ["a", "b"].map { Job(id: JobID($0), trigger: trigger, target: .handler(name: "h", arguments: nil), nextRunTime: F.at(1)) },
                onConflict: .fail)
        }
        // Turn the file back into schema 1, whose tokens counted per job.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(
                sql: """
                    DROP TABLE hourglass_counters;
                    DELETE FROM grdb_migrations WHERE identifier = '2-claim-token-counter';
                    UPDATE hourglass_jobs SET claim_token = 41 WHERE id = 'a';
                    """)
        }
        try queue.close()
        let store = try SQLiteJobStore(path: path)
        let claimed = try await store.claimDueJobs(now: F.at(1), limit: 10, owner: "one", lease: .seconds(30))
        #expect(claimed.map(\.claim.token).sorted() == [42, 43])
    }

    @Test("syncEveryCommit sets the writer's synchronous mode to FULL, and NORMAL without it", arguments: [false, true])
    func synchronousMode(_ sync: Bool) async throws {
        let directory = TemporaryDirectory()
        var configuration = SQLiteJobStore.Configuration()
        configuration.syncEveryCommit = sync
        let store = try SQLiteJobStore(path: directory.path("jobs.sqlite"), configuration: configuration)
        #expect(try await store.writerSynchronousMode() == (sync ? 2 : 1))
    }

    @Test("a file that is not an SQLite database gets an error naming its path")
    func notADatabase() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("notes.txt")
        try Data(String(repeating: "not a database at all\n", count: 400).utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: SchedulerError.self) { try SQLiteJobStore(path: path) }
        #expect(error?.code == .storeFailure)
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("not an SQLite database") == true)
    }

    @Test("a file written by a newer Hourglass is refused and left unchanged")
    func newerSchema() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        _ = try SQLiteJobStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('99-from-the-future')") }
        let contents = { @Sendable (db: Database) throws -> [String] in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
                + String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
        }
        let before = try queue.read(contents)
        let error = #expect(throws: SchedulerError.self) { try SQLiteJobStore(path: path) }
        #expect(error?.code == .unsupportedFormat)
        #expect(error?.description.contains("99-from-the-future") == true)
        #expect(try queue.read(contents) == before, "the schema or migrations changed")
    }

    @Test("a store locked by another writer longer than the busy timeout fails with a clear error")
    func locked() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        let store = try SQLiteJobStore.waiting(.milliseconds(100), path: path)
        let other = try await WriteLockHolder(path: path)
        do {
            _ = try await store.add(Job(id: "a", trigger: IntervalTrigger(every: .seconds(1)), target: .handler(name: "h", arguments: nil)), onConflict: .fail)
            Issue.record("the add went through a held write lock")
        } catch let error as SchedulerError {
            #expect(error.code == .storeFailure)
            #expect(error.description.contains("locked"))
            #expect(error.description.contains(path))
        }
        try await other.release()
        _ = try await store.add(Job(id: "a", trigger: IntervalTrigger(every: .seconds(1)), target: .handler(name: "h", arguments: nil)), onConflict: .fail)
    }

    @Test("a read-only file gets a clear error naming it, when opened or at the first write")
    func readOnly() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        let job = Job(id: "a", trigger: try IntervalTrigger(every: .seconds(1)), target: .handler(name: "h", arguments: nil))
        do { _ = try await SQLiteJobStore(path: path).add(job, onConflict: .fail) }
        // Root ignores file modes, so as root the file is made immutable instead.
        let immutable = getuid() == 0
        if immutable {
            // A file system without immutable files leaves root no way to make one read-only.
            guard (try? run("/usr/bin/chattr", "+i", path)) != nil else { return }
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        }
        defer { if immutable { try? run("/usr/bin/chattr", "-i", path) } }
        do {
            let store = try SQLiteJobStore(path: path)
            _ = try await store.add(Job(id: "b", trigger: try IntervalTrigger(every: .seconds(1)), target: .handler(name: "h", arguments: nil)), onConflict: .fail)
            Issue.record("a write to a read-only file went through")
        } catch let error as SchedulerError {
            #expect(error.code == .storeFailure)
            #expect(error.description.contains("read-only") && error.description.contains(path), "\(error)")
        }
    }

    private func run(_ tool: String, _ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteNoPermission) }
    }

    @Test("two stores on one file claim each due job once")
    func sharedFile() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        let first = try SQLiteJobStore(path: path)
        let second = try SQLiteJobStore(path: path)
        let trigger = try IntervalTrigger(every: .seconds(60), start: F.at(0))
        _ = try await first.add(
            (0..<200).map { Job(id: JobID("job-\($0)"), trigger: trigger, target: .handler(name: "h", arguments: nil), nextRunTime: F.at(1)) },
            onConflict: .fail)
        async let a = claimAll(first, owner: "a")
        async let b = claimAll(second, owner: "b")
        let (claimedA, claimedB) = try await (a, b)
        #expect(claimedA.count + claimedB.count == 200)
        #expect(Set(claimedA).isDisjoint(with: claimedB))
    }

    private func claimAll(_ store: SQLiteJobStore, owner: String) async throws -> [JobID] {
        var ids: [JobID] = []
        while true {
            let claimed = try await store.claimDueJobs(now: F.at(2), limit: 7, owner: owner, lease: .seconds(60))
            if claimed.isEmpty { return ids }
            ids += claimed.map(\.job.id)
        }
    }

    @Test("a closure job is refused by the SQLite store")
    func closureRefused() async throws {
        let directory = TemporaryDirectory()
        let fixture = F()
        try await fixture.scheduler.addStore(SQLiteJobStore(path: directory.path("jobs.sqlite")), named: "durable")
        let error = await #expect(throws: SchedulerError.self) {
            try await fixture.scheduler.add(trigger: IntervalTrigger(every: .seconds(5)), store: "durable") { _ in }
        }
        #expect(error?.code == .closureNotStorable)
    }

    @Test("a job whose handler is missing stays in the file, listed unrunnable, and runs once a scheduler registers it")
    func unrunnableJobStays() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        let without = F()
        try await without.scheduler.addStore(SQLiteJobStore(path: path), named: "durable")
        try await without.scheduler.add(id: "orphan", trigger: IntervalTrigger(every: .seconds(10), start: F.at(10)), handler: "later", store: "durable")
        try await without.scheduler.start()
        await without.driver.advance(to: F.at(10))
        let listed = try await without.scheduler.jobs(in: "durable")
        #expect(listed.map(\.id) == ["orphan"] && listed.first?.isRunnable == false)
        #expect(without.count(.jobUnrunnable, for: "orphan") == 1)
        await without.scheduler.shutdown()

        let with = F { $0.schedulerID = "other" }
        let ran = Counter()
        await with.scheduler.register("later") { _ in ran.increment() }
        try await with.scheduler.addStore(SQLiteJobStore(path: path), named: "durable")
        try await with.scheduler.start()
        await with.driver.advance(to: F.at(80))
        #expect(ran.count == 1)
        #expect(try await with.scheduler.runs(of: "orphan", in: "durable").first?.status == .success)
        await with.scheduler.shutdown()
    }
}

extension SQLiteStoreTests {
    @Test("history retention keeps the newest runs of each job by fire time, then id, as records arrive")
    func retentionCut() async throws {
        let directory = TemporaryDirectory()
        var configuration = SQLiteJobStore.Configuration()
        configuration.retention = RunHistoryRetention(keepLastRunsPerJob: 2)
        let store = try SQLiteJobStore(path: directory.path("jobs.sqlite"), configuration: configuration)
        func run(_ id: Int64, _ job: JobID, at seconds: Double) -> RunRecord {
            RunRecord(id: id, jobID: job, scheduledFireTime: Date(timeIntervalSince1970: seconds), status: .success, owner: "test")
        }
        try await store.record([run(1, "a", at: 1), run(2, "a", at: 2), run(3, "a", at: 2), run(4, "a", at: 0.5), run(9, "b", at: 1)])
        #expect(try await store.runs(of: "a", limit: 10).map(\.id) == [3, 2])
        try await store.record([run(5, "a", at: 2)])
        #expect(try await store.runs(of: "a", limit: 10).map(\.id) == [5, 3])
        try await store.record([run(6, "a", at: 0.1)])
        #expect(try await store.runs(of: "a", limit: 10).map(\.id) == [5, 3])
        #expect(try await store.runs(of: "b", limit: 10).map(\.id) == [9])
    }
}

@Suite("Two schedulers changing jobs in one SQLite file")
struct SQLiteSharedChangeTests {
    @Test("update refuses a job changed by the other scheduler since it was read; modify loses no change")
    func noLostUpdates() async throws {
        let directory = TemporaryDirectory()
        let first = Scheduler()
        let second = Scheduler()
        try await first.addStore(SQLiteJobStore(path: directory.path("jobs.sqlite")), named: "file")
        try await second.addStore(SQLiteJobStore(path: directory.path("jobs.sqlite")), named: "file")
        try await SharedStoreChanges.check(first, second, store: "file")
    }
}
