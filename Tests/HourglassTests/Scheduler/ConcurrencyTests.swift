import Foundation
@_spi(Testing) import Hourglass
import HourglassTesting
import Synchronization
import Testing
import HourglassTestSupport

@Suite("Concurrency limits, timeouts and retries")
struct ConcurrencyTests {
    typealias F = SchedulerFixture

    /// A job every 10 s whose runs take 25 s on the manual clock.
    private func slowJob(_ options: JobOptions) async throws -> F {
        let fixture = F()
        let clock = fixture.clock
        try await fixture.scheduler.add(
            id: "slow", trigger: IntervalTrigger(every: .seconds(10), start: F.at(10)), options: options
        ) { context in
            try await clock.sleep(until: context.scheduledFireTime.addingTimeInterval(25))
        }
        try await fixture.scheduler.start()
        try await fixture.driver.run(until: F.at(30))
        return fixture
    }

    @Test("beyond maxConcurrentRuns, .skip skips the run with maxInstancesReached")
    func skip() async throws {
        let fixture = try await slowJob(JobOptions())
        #expect(fixture.count(.maxInstancesReached, for: "slow") == 2)  // 20 s and 30 s
        // Each skipped fire time leaves a record saying why.
        let skipped = try await fixture.scheduler.runs(of: "slow").filter { $0.status == .skipped }
        #expect(skipped.map(\.scheduledFireTime).sorted() == [F.at(20), F.at(30)])
        #expect(skipped.allSatisfy { $0.message?.contains("maximum of runs going") == true })
        await fixture.driver.advance(to: F.at(35))
        #expect(fixture.finishedRuns("slow") == [F.at(10)])
        await fixture.scheduler.shutdown()
    }

    @Test("beyond maxConcurrentRuns, .queue waits for a free place")
    func queue() async throws {
        let fixture = try await slowJob(JobOptions(overflow: .queue))
        #expect(fixture.count(.maxInstancesReached) == 0)
        await fixture.driver.advance(to: F.at(35))
        await fixture.driver.advance(to: F.at(60))
        #expect(fixture.finishedRuns("slow").prefix(2) == [F.at(10), F.at(20)])
        await fixture.scheduler.shutdown(waitForRunningJobs: false)
    }

    @Test("cancelling a shutdown that waits for running jobs cancels them (ServiceLifecycle's deadline)", .timeLimit(.minutes(1)))
    func cancelledShutdown() async throws {
        let fixture = try await slowJob(JobOptions())
        #expect(fixture.scheduler.activeRunCount == 1)
        let shutdown = Task { await fixture.scheduler.shutdown(waitForRunningJobs: true) }
        try await waitUntil("the shutdown waits for the run") { await !fixture.scheduler.isRunning }
        shutdown.cancel()
        await shutdown.value
        #expect(fixture.scheduler.activeRunCount == 0)
        #expect(fixture.finishedRuns("slow", outcome: .cancelled) == [F.at(10)])
        let runs = try await fixture.scheduler.runs(of: "slow")
        #expect(runs.first { $0.scheduledFireTime == F.at(10) }?.status == .cancelled)
    }

    @Test("maxConcurrentRuns 2 lets two runs overlap")
    func twoAtOnce() async throws {
        let fixture = try await slowJob(JobOptions(maxConcurrentRuns: 2))
        #expect(fixture.count(.maxInstancesReached, for: "slow") == 1)  // only 30 s
        await fixture.scheduler.shutdown(waitForRunningJobs: false)
    }

    @Test("a run longer than its timeout is cancelled and reported timed out")
    func timeout() async throws {
        let fixture = F()
        let clock = fixture.clock
        let sawCancellation = Counter()
        try await fixture.scheduler.add(
            id: "slow", trigger: DateTrigger(at: F.at(1)), options: JobOptions(timeout: .seconds(5))
        ) { context in
            do {
                try await clock.sleep(until: F.at(100))
            } catch {
                if context.isCancelled { sawCancellation.increment() }
                throw error
            }
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        #expect(fixture.count(.jobTimedOut) == 0)
        await fixture.driver.advance(to: F.at(6))
        #expect(fixture.count(.jobTimedOut, for: "slow") == 1)
        #expect(fixture.finishedRuns("slow", outcome: .timedOut) == [F.at(1)])
        #expect(sawCancellation.count == 1)
        await fixture.scheduler.shutdown()
    }

    @Test("a run that throws is retried with back-off until it succeeds")
    func retry() async throws {
        let fixture = F()
        let attempts = Counter()
        try await fixture.scheduler.add(
            id: "flaky", trigger: DateTrigger(at: F.at(1)),
            options: JobOptions(retry: RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(2)))
        ) { _ in
            attempts.increment()
            if attempts.count < 3 { throw Failing() }
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        #expect(attempts.count == 1)
        fixture.clock.advance(to: F.at(3))  // first back-off: 2 s
        await fixture.driver.advance(by: .zero)
        #expect(attempts.count == 2)
        fixture.clock.advance(to: F.at(7))  // second back-off: 4 s
        await fixture.driver.advance(by: .zero)
        #expect(attempts.count == 3)
        #expect(fixture.count(.jobRetried, for: "flaky") == 2)
        #expect(fixture.finishedRuns("flaky", outcome: .success) == [F.at(1)])
        await fixture.scheduler.shutdown()
    }

    @Test("a run that keeps throwing ends in jobError after its last attempt")
    func retryExhausted() async throws {
        let fixture = F()
        try await fixture.scheduler.add(
            id: "broken", trigger: DateTrigger(at: F.at(1)),
            options: JobOptions(retry: RetryPolicy(maxAttempts: 2, initialBackoff: .seconds(1)))
        ) { _ in throw Failing() }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        fixture.clock.advance(to: F.at(2))
        await fixture.driver.advance(by: .zero)
        #expect(fixture.count(.jobRetried) == 1)
        #expect(fixture.count(.jobError) == 1)
        #expect(fixture.finishedRuns("broken", outcome: .error(message: "deliberate failure")) == [F.at(1)])
    }

    @Test("the back-off grows by the multiplier up to the maximum")
    func backoff() {
        let policy = RetryPolicy(maxAttempts: 10, initialBackoff: .seconds(1), multiplier: 3, maximumBackoff: .seconds(20))
        #expect((1...5).map(policy.backoff(afterAttempt:)) == [.seconds(1), .seconds(3), .seconds(9), .seconds(20), .seconds(20)])
    }
}

/// A memory store whose first `complete` fails, as a locked database would.
final class FailingOnceStore: MemoryStoreWrapper {
    let base = MemoryJobStore()
    private let failed = Mutex(false)
    var isPersistent: Bool { false }

    func complete(
        _ completions: [JobCompletion], recording runs: [RunRecord], starting starts: [RunStart], owner: String
    ) throws -> JobCompletionReport {
        let first = failed.withLock { failed in
            defer { failed = true }
            return !failed
        }
        if first { throw SchedulerError(code: .storeFailure, field: "store 'flaky'", reason: "deliberately locked") }
        return base.complete(completions, recording: runs, starting: starts, owner: owner)
    }
}

/// A store that is down for its first `outageCalls` claims, counting every claim.
final class DownStore: MemoryStoreWrapper {
    let base = MemoryJobStore()
    let outageCalls: Int
    let claims = Mutex(0)
    var isPersistent: Bool { false }

    init(outageCalls: Int) { self.outageCalls = outageCalls }

    func claimDueJobs(now: Date, limit: Int, owner: String, lease: Duration) throws -> [ClaimedJob] {
        let call = claims.withLock { count in
            count += 1
            return count
        }
        if call <= outageCalls { throw SchedulerError(code: .storeFailure, field: "store 'down'", reason: "deliberately down") }
        return base.claimDueJobs(now: now, limit: limit, owner: owner, lease: lease)
    }
}

/// A store that is down for its first `outageCalls` claims, and its heartbeats with them,
/// counting every heartbeat.
final class DownWithHeartbeatsStore: MemoryStoreWrapper {
    let down: DownStore
    let heartbeats = Mutex(0)
    var base: MemoryJobStore { down.base }
    var isPersistent: Bool { false }

    init(outageCalls: Int) { down = DownStore(outageCalls: outageCalls) }

    func claimDueJobs(now: Date, limit: Int, owner: String, lease: Duration) throws -> [ClaimedJob] {
        try down.claimDueJobs(now: now, limit: limit, owner: owner, lease: lease)
    }

    func heartbeat(owner: String, aliveUntil expiry: Date, now: Date, restarted: Bool) throws -> [RunRecord] {
        heartbeats.withLock { $0 += 1 }
        if down.claims.withLock({ $0 }) < down.outageCalls {
            throw SchedulerError(code: .storeFailure, field: "store 'down'", reason: "deliberately down")
        }
        return base.heartbeat(owner: owner, aliveUntil: expiry, now: now, restarted: restarted)
    }
}

/// A store whose heartbeats numbered in `failing` (from 1) fail, counting every heartbeat.
final class FailingHeartbeatsStore: MemoryStoreWrapper {
    let base = MemoryJobStore()
    let failing: Set<Int>
    let heartbeats = Mutex(0)
    var isPersistent: Bool { false }

    init(failing: Set<Int>) { self.failing = failing }

    func heartbeat(owner: String, aliveUntil expiry: Date, now: Date, restarted: Bool) throws -> [RunRecord] {
        let call = heartbeats.withLock { count in
            count += 1
            return count
        }
        if failing.contains(call) { throw SchedulerError(code: .storeFailure, field: "store 'down'", reason: "deliberately down") }
        return base.heartbeat(owner: owner, aliveUntil: expiry, now: now, restarted: restarted)
    }
}

@Suite("A store that fails while runs are handed out")
struct StoreFailureTests {
    typealias F = SchedulerFixture

    @Test(
        "runs of a failed completion are taken back; the claim is released once the store answers, not after the lease",
        .timeLimit(.minutes(1)))
    func completionFails() async throws {
        let fixture = F { $0.lease = .seconds(60) }
        try await fixture.scheduler.addStore(FailingOnceStore(), named: "flaky")
        try await fixture.scheduler.add(id: "tick", trigger: IntervalTrigger(every: .seconds(10), start: F.at(10)), store: "flaky") { _ in }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(10))
        #expect(fixture.finishedRuns("tick").isEmpty)
        #expect(fixture.scheduler.activeRunCount == 0, "a run handed to nobody still counts as active")
        // The store is tried again after 0.25 s: the claim is released and the fire time runs.
        await fixture.driver.advance(to: F.at(10.25))
        #expect(fixture.finishedRuns("tick") == [F.at(10)])
        await fixture.driver.advance(to: F.at(20))
        #expect(fixture.finishedRuns("tick") == [F.at(10), F.at(20)])
        #expect(fixture.count(.maxInstancesReached) == 0)
        await fixture.scheduler.shutdown()
    }

    @Test("a store that is down is tried again after pauses that double, and its jobs run once it is back")
    func backOff() async throws {
        let fixture = F()
        let store = DownStore(outageCalls: 5)
        try await fixture.scheduler.addStore(store, named: "down")
        try await fixture.scheduler.add(id: "once", trigger: DateTrigger(at: F.at(0.5)), store: "down") { _ in }
        try await fixture.scheduler.start()
        // Failures at 0, 1, 2, 3 and 5 s, with pauses of 0.25, 0.5, 1, 2 and 4 s: the next try is at 9 s.
        for second in 0...8 { await fixture.driver.advance(to: F.at(Double(second))) }
        #expect(store.claims.withLock { $0 } == 5, "a pass every second would have tried 9 times")
        #expect(fixture.finishedRuns("once").isEmpty)
        await fixture.driver.advance(to: F.at(9))
        #expect(store.claims.withLock { $0 } >= 6)
        #expect(fixture.finishedRuns("once") == [F.at(0.5)])
        await fixture.scheduler.shutdown()
    }

    @Test("a store that is down gets its heartbeats after the same pauses as its claims, not at every pass")
    func heartbeatsBackOff() async throws {
        let fixture = F()
        let store = DownWithHeartbeatsStore(outageCalls: 5)
        try await fixture.scheduler.addStore(store, named: "down")
        try await fixture.scheduler.start()
        // As in `backOff`: failures at 0, 1, 2, 3 and 5 s; the next try is at 9 s.
        for second in 0...8 { await fixture.driver.advance(to: F.at(Double(second))) }
        #expect(store.heartbeats.withLock { $0 } == 5, "tried at every pass, 7 heartbeats had been sent by then")
        await fixture.driver.advance(to: F.at(9))
        #expect(store.heartbeats.withLock { $0 } == 6)
        #expect(store.down.claims.withLock { $0 } >= 6)
        await fixture.scheduler.shutdown()
    }

    @Test("while processing is paused, a store that is down gets its heartbeats after pauses, and a new outage starts them short")
    func pausedHeartbeatsBackOff() async throws {
        let fixture = F()
        // Down for six heartbeats, up for one, then down again for one.
        let store = FailingHeartbeatsStore(failing: [1, 2, 3, 4, 5, 6, 8])
        try await fixture.scheduler.addStore(store, named: "down")
        try await fixture.scheduler.start(paused: true)
        // Passes come each second. Failures at 0, 1, 2, 3, 5 and 9 s; the next try is at 17 s.
        for second in 0...16 { await fixture.driver.advance(to: F.at(Double(second))) }
        #expect(store.heartbeats.withLock { $0 } == 6, "tried at every pass, 7 heartbeats had been sent by then")
        await fixture.driver.advance(to: F.at(17))
        #expect(store.heartbeats.withLock { $0 } == 7, "the store works again")
        // The next heartbeat is due a quarter of a lease later, at 32 s. It fails, and the
        // outage that starts there is tried again after 0.25 s (the pass at 33 s), not
        // after the 16 s that a seventh failure in a row would wait.
        for second in 18...32 { await fixture.driver.advance(to: F.at(Double(second))) }
        #expect(store.heartbeats.withLock { $0 } == 8)
        await fixture.driver.advance(to: F.at(33))
        #expect(store.heartbeats.withLock { $0 } == 9)
        await fixture.scheduler.shutdown()
    }
}
