import Foundation
import Hourglass
import HourglassTesting
import Synchronization
import Testing
import HourglassTestSupport

@Suite("Run history: every run recorded with its outcome, retention, abandoned runs")
struct RunHistoryTests {
    typealias F = SchedulerFixture

    @Test("successes, errors after retries, timeouts and misfires are recorded with times and attempts")
    func outcomes() async throws {
        let fixture = F()
        let clock = fixture.clock
        try await fixture.scheduler.add(id: "ok", trigger: IntervalTrigger(every: .seconds(10), start: F.at(10))) { _ in
            try await clock.sleep(until: clock.now().addingTimeInterval(2))
        }
        try await fixture.scheduler.add(
            id: "failing", trigger: DateTrigger(at: F.at(10)),
            options: JobOptions(retry: RetryPolicy(maxAttempts: 2, initialBackoff: .seconds(1)))
        ) { _ in throw Failing() }
        try await fixture.scheduler.add(id: "slow", trigger: DateTrigger(at: F.at(10)), options: JobOptions(timeout: .seconds(3))) { _ in
            try await clock.sleep(until: F.at(1_000))
        }
        try await fixture.scheduler.add(id: "late", trigger: DateTrigger(at: F.at(5)), options: JobOptions(misfireGraceTime: .seconds(1))) { _ in }
        try await fixture.scheduler.add(id: "reporting", trigger: DateTrigger(at: F.at(10))) { context in
            context.recordMessage("draft")
            context.recordMessage("42 rows copied")
        }
        try await fixture.scheduler.add(
            id: "retried", trigger: DateTrigger(at: F.at(10)),
            options: JobOptions(retry: RetryPolicy(maxAttempts: 2, initialBackoff: .seconds(1)))
        ) { context in
            guard context.attempt > 1 else {
                context.recordMessage("from the failed attempt")
                throw Failing()
            }
        }
        try await fixture.scheduler.start()
        for instant in [10.0, 11, 12, 13, 20, 25] { await fixture.driver.advance(to: F.at(instant)) }

        let ok = try await fixture.scheduler.runs(of: "ok")
        #expect(ok.map(\.scheduledFireTime) == [F.at(20), F.at(10)])
        #expect(ok.last?.status == .success && ok.last?.startedAt == F.at(10) && ok.last?.finishedAt == F.at(12))
        #expect(ok.allSatisfy { $0.owner == "test" && $0.attempt == 1 })
        let failing = try #require(try await fixture.scheduler.runs(of: "failing").first)
        #expect(failing.status == .error && failing.message == "deliberate failure" && failing.attempt == 2)
        let slow = try #require(try await fixture.scheduler.runs(of: "slow").first)
        #expect(slow.status == .timedOut && slow.finishedAt == F.at(13))
        let late = try #require(try await fixture.scheduler.runs(of: "late").first)
        #expect(late.status == .missed && late.startedAt == nil && late.scheduledFireTime == F.at(5))
        let reporting = try #require(try await fixture.scheduler.runs(of: "reporting").first)
        #expect(reporting.status == .success && reporting.message == "42 rows copied", "the last message recorded is kept")
        let retried = try #require(try await fixture.scheduler.runs(of: "retried").first)
        #expect(retried.status == .success && retried.attempt == 2 && retried.message == nil, "a failed attempt's message is not kept")
        let handle = try #require(try await fixture.scheduler.job("ok")).id
        #expect(try await fixture.scheduler.runs(of: handle, limit: 1).count == 1)
        await fixture.scheduler.shutdown(waitForRunningJobs: false)
    }

    @Test("runs of several stores that end together on one executor each go to their own store's history")
    func historyPerStore() async throws {
        let fixture = F()
        try await fixture.scheduler.addStore(MemoryJobStore(), named: "second")
        try await fixture.scheduler.addStore(MemoryJobStore(retention: .none), named: "forgetful")
        // The same ids in each store, added in turn, so that their runs end in one batch.
        for index in 0..<20 {
            for store in ["default", "second", "forgetful"] {
                try await fixture.scheduler.add(
                    id: JobID("job-\(index)"), trigger: DateTrigger(at: F.at(10 + Double(index % 2))), store: store
                ) { _ in }
            }
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(11))
        for index in 0..<20 {
            let id = JobID("job-\(index)")
            let fireTime = F.at(10 + Double(index % 2))
            for store in ["default", "second"] {
                let runs = try await fixture.scheduler.runs(of: id, in: store)
                #expect(runs.map(\.status) == [.success] && runs.map(\.scheduledFireTime) == [fireTime], "\(id) in \(store)")
            }
            #expect(try await fixture.scheduler.runs(of: id, in: "forgetful").isEmpty)
        }
        await fixture.scheduler.shutdown()
    }

    @Test("a memory store drops records older than its maximum age, measured on the schedule's clock")
    func maximumAge() async throws {
        let store = MemoryJobStore(retention: RunHistoryRetention(keepLastRunsPerJob: nil, maximumAge: .seconds(100)))
        let records = (0..<50).map { step in
            RunRecord(id: Int64(step), jobID: step < 10 ? "old" : "busy", scheduledFireTime: F.at(Double(step * 10)), status: .success, owner: "o")
        }
        store.record(records)
        #expect(store.runs(of: "busy", limit: 100).map(\.id) == Array((39...49).reversed()))
        #expect(store.runs(of: "old", limit: 100).isEmpty, "a job that stopped running ages out too")
        let none = MemoryJobStore(retention: .none)
        none.record(records)
        #expect(none.runs(of: "busy", limit: 100).isEmpty)
    }

    @Test("a memory store says it keeps no run history only when its retention keeps no record")
    func keepsRunHistory() {
        #expect(MemoryJobStore().keepsRunHistory)
        #expect(!MemoryJobStore(retention: .none).keepsRunHistory)
        #expect(MemoryJobStore(retention: RunHistoryRetention(keepLastRunsPerJob: 1)).keepsRunHistory)
        #expect(MemoryJobStore(retention: RunHistoryRetention(keepLastRunsPerJob: nil, maximumAge: .seconds(1))).keepsRunHistory)
    }

    @Test("a memory store keeps each job's newest runs up to its limit, in fire-time order whatever the arrival order")
    func keepLast() async throws {
        func record(_ id: Int64, _ job: JobID, at seconds: Double, _ status: RunRecord.Status = .success) -> RunRecord {
            RunRecord(id: id, jobID: job, scheduledFireTime: F.at(seconds), status: status, owner: "o")
        }
        let one = MemoryJobStore(retention: RunHistoryRetention(keepLastRunsPerJob: 1))
        one.record([record(1, "a", at: 10), record(2, "a", at: 30), record(3, "a", at: 20)])
        #expect(one.runs(of: "a", limit: 10).map(\.id) == [2], "the run at 20 s arrived last but is older than the one kept")
        one.record([record(2, "a", at: 30, .error)])
        #expect(one.runs(of: "a", limit: 10).map(\.status) == [.error], "a known id is replaced, not added")

        let three = MemoryJobStore(retention: RunHistoryRetention(keepLastRunsPerJob: 3))
        three.record([record(1, "b", at: 40), record(2, "b", at: 10), record(3, "b", at: 30), record(4, "b", at: 20)])
        #expect(three.runs(of: "b", limit: 10).map(\.id) == [1, 3, 4])
        #expect(three.runs(of: "b", limit: 0).isEmpty)
        #expect(three.runs(of: "c", limit: 10).isEmpty)
    }

    /// A scheduler with `store` as "durable" and a handler "wait" whose runs last 100 s.
    static func schedulerWithLongRuns(on store: PersistentMemoryStore) async throws -> F {
        let fixture = F()
        try await fixture.scheduler.addStore(store, named: "durable")
        let clock = fixture.clock
        await fixture.scheduler.register("wait") { context in
            try await clock.sleep(until: context.scheduledFireTime.addingTimeInterval(100))
        }
        return fixture
    }

    @Test("a persistent store shows a run as running while it runs; a restart under the same id marks it abandoned")
    func abandonedOnRestart() async throws {
        let store = PersistentMemoryStore()
        let first = try await Self.schedulerWithLongRuns(on: store)
        try await first.scheduler.add(id: "long", trigger: DateTrigger(at: F.at(10)), handler: "wait", store: "durable")
        try await first.scheduler.start()
        await first.driver.advance(to: F.at(10))
        let running = try await first.scheduler.runs(of: "long", in: "durable")
        #expect(running.map(\.status) == [.running])

        let second = F()
        try await second.scheduler.addStore(store, named: "durable")
        try await second.scheduler.start()
        await second.driver.advance(to: F.at(11))
        let after = try await second.scheduler.runs(of: "long", in: "durable")
        #expect(after.map(\.status) == [.abandoned])
        #expect(second.count(.runAbandoned, for: "long") == 1)
        await first.scheduler.shutdown(waitForRunningJobs: false)
        await second.scheduler.shutdown()
    }

    @Test("an abandoned run runs again for its fire time only when its job asks for recovery")
    func recovery() async throws {
        let store = PersistentMemoryStore()
        let first = try await Self.schedulerWithLongRuns(on: store)
        let trigger = try IntervalTrigger(every: .seconds(1_000), start: F.at(10))
        try await first.scheduler.add(
            id: "recovered", trigger: trigger, handler: "wait", options: JobOptions(recoverAbandonedRuns: true), store: "durable")
        try await first.scheduler.add(id: "plain", trigger: trigger, handler: "wait", store: "durable")
        try await first.scheduler.start()
        await first.driver.advance(to: F.at(10))

        let second = F()
        try await second.scheduler.addStore(store, named: "durable")
        await second.scheduler.register("wait") { _ in }
        try await second.scheduler.start()
        await second.driver.advance(to: F.at(11))
        let recovered = try await second.scheduler.runs(of: "recovered", in: "durable")
        #expect(recovered.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.abandoned, .success])
        #expect(recovered.allSatisfy { $0.scheduledFireTime == F.at(10) })
        let plain = try await second.scheduler.runs(of: "plain", in: "durable")
        #expect(plain.map(\.status) == [.abandoned])
        #expect(second.finishedRuns("recovered") == [F.at(10)] && second.finishedRuns("plain").isEmpty)
        await first.scheduler.shutdown(waitForRunningJobs: false)
        await second.scheduler.shutdown()
    }
}

/// A persistent store whose history writes fail the first `failures` times.
final class FlakyHistoryStore: MemoryStoreWrapper {
    let base = MemoryJobStore()
    let failures: Int
    private let attempts = Mutex(0)
    var isPersistent: Bool { true }

    init(failures: Int) { self.failures = failures }

    func record(_ runs: [RunRecord]) throws {
        let attempt = attempts.withLock { count in
            count += 1
            return count
        }
        if attempt <= failures { throw SchedulerError(code: .storeFailure, field: "store 'flaky'", reason: "deliberately down") }
        base.record(runs)
    }
}

extension RunHistoryTests {
    @Test("a run's end that the store fails to take is written again after a pause, not lost")
    func historyRetry() async throws {
        let fixture = F()
        let store = FlakyHistoryStore(failures: 2)
        try await fixture.scheduler.addStore(store, named: "flaky")
        await fixture.scheduler.register("quick") { _ in }
        try await fixture.scheduler.add(id: "once", trigger: DateTrigger(at: F.at(10)), handler: "quick", store: "flaky")
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(10))
        #expect(try await fixture.scheduler.runs(of: "once", in: "flaky").map(\.status) == [.running])
        // Pauses of 0.25 s, then 0.5 s.
        await fixture.driver.advance(to: F.at(10.25))
        await fixture.driver.advance(to: F.at(10.75))
        try await waitForHistory(of: "once", in: fixture) { $0.map(\.status) == [.success] }
        await fixture.scheduler.shutdown()
    }

    /// Waits (a few seconds at most) until the history writer's retry, woken by the manual clock, has run.
    private func waitForHistory(
        of id: JobID, in fixture: F, until condition: ([RunRecord]) -> Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for _ in 0..<500 {
            if condition(try await fixture.scheduler.runs(of: id, in: "flaky")) { return }
            await Task.yield()
        }
        Issue.record("history of \(id): \(try await fixture.scheduler.runs(of: id, in: "flaky"))", sourceLocation: sourceLocation)
    }
}
