import Foundation
@_spi(Testing) import Hourglass
import HourglassPostgres
import HourglassSQLite
import HourglassTesting
import Testing
import HourglassTestSupport
import HourglassPostgresTestSupport

/// `maxConcurrentRuns` counts the runs of every scheduler that shares a store
/// (SEMANTICS: runs, misfires and concurrency), on the manual clock: node A runs a long
/// run, then stops claiming; node B's fire times meet A's running run in the store.
@Suite("The concurrency limit holds across schedulers sharing a store", .serialized, .timeLimit(.minutes(1)))
struct ClusterLimitTests {
    typealias F = SchedulerFixture

    @Test("SQLite, .skip: the other node's fire times are skipped with a record while the run goes on")
    func sqliteSkip() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        try await Self.skip(first: SQLiteJobStore(path: path), second: SQLiteJobStore(path: path))
    }

    @Test("PostgreSQL, .skip", .enabled(if: PostgresTestDatabase.isConfigured))
    func postgresSkip() async throws {
        try await PostgresTestDatabase.withStore { store, _ in try await Self.skip(first: store, second: store) }
    }

    @Test("SQLite, .queue: the other node's run waits until the place is free")
    func sqliteQueue() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        try await Self.queue(first: SQLiteJobStore(path: path), second: SQLiteJobStore(path: path))
    }

    @Test("PostgreSQL, .queue", .enabled(if: PostgresTestDatabase.isConfigured))
    func postgresQueue() async throws {
        try await PostgresTestDatabase.withStore { store, _ in try await Self.queue(first: store, second: store) }
    }

    /// Two nodes on one clock; node A alone runs the fire time at 10 s (it lasts 25 s),
    /// then A stops claiming and B takes the next fire times.
    static func twoNodes(
        first: any JobStore, second: any JobStore, overflow: OverflowPolicy
    ) async throws -> (clock: ManualClock, a: Scheduler, b: Scheduler) {
        let clock = ManualClock(now: F.start)
        let a = await node("node-a", store: first, clock: clock)
        let b = await node("node-b", store: second, clock: clock)
        try await a.add(
            id: "slow", trigger: IntervalTrigger(every: .seconds(10), start: F.at(10)), handler: "slow",
            options: JobOptions(overflow: overflow), store: "shared")
        try await a.start()
        await SchedulerTestDriver(scheduler: a, clock: clock).advance(to: F.at(10))
        #expect(a.activeRunCount == 1)
        await a.pause()
        try await b.start()
        return (clock, a, b)
    }

    /// Moves the clock to `instant` and waits until node A, then node B, has settled, so
    /// that A's run ends before B looks at the store.
    static func step(_ clock: ManualClock, _ a: Scheduler, _ b: Scheduler, to instant: Date) async {
        clock.advance(to: instant)
        await SchedulerTestDriver(scheduler: a, clock: clock).settle()
        await SchedulerTestDriver(scheduler: b, clock: clock).settle()
    }

    static func skip(first: any JobStore, second: any JobStore) async throws {
        let (clock, a, b) = try await twoNodes(first: first, second: second, overflow: .skip)
        await step(clock, a, b, to: F.at(20))
        await step(clock, a, b, to: F.at(30))
        #expect(b.activeRunCount == 0, "node B started a run while node A's run was going")
        // Node A's run ends at 35 s; B runs 40 s (until 65 s) and skips 50 s and 60 s.
        for second in [35.0, 40, 50, 60, 65] { await step(clock, a, b, to: F.at(second)) }
        let runs = try await second.runs(of: "slow", limit: 20)
        let skipped = runs.filter { $0.status == .skipped }
        #expect(skipped.map(\.scheduledFireTime).sorted() == [F.at(20), F.at(30), F.at(50), F.at(60)], "\(runs)")
        #expect(skipped.allSatisfy { $0.message?.contains("max_concurrent_runs") == true })
        try expectNoOverlap(runs)
        #expect(runs.contains { $0.owner == "node-a" && $0.status == .success })
        #expect(runs.contains { $0.owner == "node-b" && $0.status == .success && $0.scheduledFireTime == F.at(40) })
        await a.shutdown(waitForRunningJobs: false)
        await b.shutdown(waitForRunningJobs: false)
    }

    static func queue(first: any JobStore, second: any JobStore) async throws {
        let (clock, a, b) = try await twoNodes(first: first, second: second, overflow: .queue)
        for second in [20.0, 25, 30, 34] { await step(clock, a, b, to: F.at(second)) }
        let before = try await second.runs(of: "slow", limit: 20)
        #expect(!before.contains { $0.owner == "node-b" }, "node B started its run before the place was free: \(before)")
        // A's run ends at 35 s; B's waiting run (20 s) starts at its next look for a place.
        for second in [35.0, 36] { await step(clock, a, b, to: F.at(second)) }
        let runs = try await second.runs(of: "slow", limit: 20)
        let ofB = runs.filter { $0.owner == "node-b" }
        #expect(ofB.map(\.scheduledFireTime) == [F.at(20)], "\(runs)")
        #expect(ofB.first?.status == .running)
        try expectNoOverlap(runs)
        await a.shutdown(waitForRunningJobs: false)
        await b.shutdown(waitForRunningJobs: false)
    }

    /// Fails when two recorded runs were going at once.
    static func expectNoOverlap(_ runs: [RunRecord]) throws {
        let spans = runs.compactMap { run -> (Date, Date)? in
            guard let start = run.startedAt else { return nil }
            return (start, run.finishedAt ?? .distantFuture)
        }.sorted { $0.0 < $1.0 }
        for (earlier, later) in zip(spans, spans.dropFirst()) {
            #expect(later.0 >= earlier.1, "runs overlap: \(earlier) and \(later)")
        }
    }

    /// A scheduler with `store` named `shared` and a handler `slow` that takes 25 s on `clock`.
    static func node(_ id: String, store: any JobStore, clock: ManualClock) async -> Scheduler {
        var configuration = Scheduler.Configuration()
        configuration.clock = clock
        configuration.schedulerID = id
        configuration.lease = .seconds(300)
        let scheduler = Scheduler(configuration: configuration)
        try? await scheduler.addStore(store, named: "shared")
        await scheduler.register("slow") { context in
            try await clock.sleep(until: context.scheduledFireTime.addingTimeInterval(25))
        }
        return scheduler
    }
}
