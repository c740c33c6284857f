import Dispatch
import Foundation
@_spi(Testing) import Hourglass
import HourglassTesting
import Synchronization
import Testing
import HourglassTestSupport

@Suite("The blocking executor: its thread limit, queued runs, history and shutdown", .timeLimit(.minutes(1)))
struct BlockingExecutorTests {
    typealias F = SchedulerFixture

    /// Moves the clock to `instant` and waits until `count` handlers wait at `gate`.
    private func start(_ fixture: F, at instant: Date, until count: Int, at gate: RunGate) async throws {
        try await fixture.scheduler.start()
        fixture.clock.advance(to: instant)
        await fixture.scheduler.waitForPass(at: instant)
        try await waitUntil("\(count) runs wait at the gate") { gate.waiting >= count }
    }

    @Test("plain blocking runs, blocking runs with a timeout and async runs share the thread limit")
    func sharedLimit() async throws {
        let fixture = F()
        try await fixture.scheduler.addExecutor(BlockingExecutor(threadCount: 2), named: "two")
        let gate = RunGate()
        let due = try DateTrigger(at: F.at(1))
        for index in 0..<3 {
            try await fixture.scheduler.addBlocking(id: JobID("plain-\(index)"), trigger: due, options: JobOptions(executor: "two")) { _ in
                gate.passBlocking()
            }
            try await fixture.scheduler.addBlocking(
                id: JobID("timed-\(index)"), trigger: due, options: JobOptions(executor: "two", timeout: .seconds(600))
            ) { _ in gate.passBlocking() }
            try await fixture.scheduler.add(id: JobID("async-\(index)"), trigger: due, options: JobOptions(executor: "two")) { _ in
                await gate.pass()
            }
        }
        try await start(fixture, at: F.at(1), until: 2, at: gate)
        gate.open()
        // A run's timeout timer sleeps on the clock, but the run counts as asleep only
        // when its body sleeps: settle waits for the blocking bodies to end.
        await fixture.driver.settle()
        #expect(fixture.count(.jobExecuted) == 9)
        #expect(gate.mostWaiting == 2)
        await fixture.scheduler.shutdown()
    }

    @Test("a run counts as finished only once its end is in the history", arguments: [true, false])
    func historyBeforeFinish(blocking: Bool) async throws {
        let fixture = F()
        let gate = RunGate()
        try await fixture.scheduler.addStore(HeldHistoryStore(gate: gate), named: "held")
        if blocking {
            await fixture.scheduler.registerBlocking("tick") { _ in }
        } else {
            await fixture.scheduler.register("tick") { _ in }
        }
        try await fixture.scheduler.add(id: "job", trigger: DateTrigger(at: F.at(1)), handler: "tick", store: "held")
        try await start(fixture, at: F.at(1), until: 1, at: gate)
        #expect(fixture.count(.jobExecuted) == 1)
        #expect(fixture.scheduler.activeRunCount == 1)
        gate.open()
        await fixture.driver.settle()
        #expect(fixture.scheduler.activeRunCount == 0)
        #expect(try await fixture.scheduler.runs(of: "job", in: "held").map(\.status) == [.success])
        await fixture.scheduler.shutdown()
    }

    @Test("the ends of many blocking runs reach the history of a memory store")
    func historyOfMany() async throws {
        let fixture = F()
        try await BlockingRunsHistory.check(fixture, store: nil)
    }

    @Test("with .queue, a blocking job's waiting run starts once the run before it has finished")
    func queuedRunStarts() async throws {
        let fixture = F()
        let gate = RunGate()
        try await fixture.scheduler.addBlocking(
            id: "slow", trigger: IntervalTrigger(every: .seconds(10), start: F.at(10)), options: JobOptions(overflow: .queue)
        ) { _ in gate.passBlocking() }
        try await start(fixture, at: F.at(10), until: 1, at: gate)
        fixture.clock.advance(to: F.at(20))
        await fixture.scheduler.waitForPass(at: F.at(20))
        #expect(fixture.count(.maxInstancesReached) == 0)
        #expect(gate.mostWaiting == 1)
        gate.open()
        try await waitUntil("both runs finish") { fixture.finishedRuns("slow").count == 2 }
        #expect(fixture.finishedRuns("slow", outcome: .success) == [F.at(10), F.at(20)])
        await fixture.scheduler.shutdown()
    }

    @Test("a shutdown without waiting reports queued blocking runs cancelled and waits for the running one")
    func shutdownDropsQueued() async throws {
        let fixture = F()
        try await fixture.scheduler.addExecutor(BlockingExecutor(threadCount: 1), named: "one")
        let gate = RunGate()
        let ids: [JobID] = ["a", "b", "c"]
        for id in ids {
            try await fixture.scheduler.addBlocking(id: id, trigger: DateTrigger(at: F.at(1)), options: JobOptions(executor: "one")) { _ in
                gate.passBlocking()
            }
        }
        try await start(fixture, at: F.at(1), until: 1, at: gate)
        let shutdown = Task { await fixture.scheduler.shutdown(waitForRunningJobs: false) }
        try await waitUntil("the queued runs are dropped") { fixture.count(.runFinished) == 2 }
        gate.open()
        await shutdown.value
        #expect(fixture.scheduler.activeRunCount == 0)
        var statuses: [RunRecord.Status] = []
        for id in ids { statuses += try await fixture.scheduler.runs(of: id).map(\.status) }
        #expect(statuses.sorted { $0.rawValue < $1.rawValue } == [.cancelled, .cancelled, .success])
    }
}

/// A persistent memory store whose history writes wait at a gate.
final class HeldHistoryStore: MemoryStoreWrapper {
    let base = MemoryJobStore()
    let gate: RunGate
    var isPersistent: Bool { true }

    init(gate: RunGate) { self.gate = gate }

    func record(_ runs: [RunRecord]) async {
        await gate.pass()
        base.record(runs)
    }
}

/// Holds handlers until the test opens it, and counts how many wait at once (at most).
final class RunGate: Sendable {
    private struct State {
        var isOpen = false
        var waiting = 0
        var mostWaiting = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    /// Signalled once on opening; every blocked thread that wakes passes the signal on.
    private let opened = DispatchSemaphore(value: 0)

    /// How many handlers wait now.
    var waiting: Int { state.withLock { $0.waiting } }
    /// The most handlers that waited at once.
    var mostWaiting: Int { state.withLock { $0.mostWaiting } }

    /// Blocks the calling thread until the gate is open.
    func passBlocking() {
        guard enter() else { return }
        opened.wait()
        opened.signal()
        leave()
    }

    /// Suspends the calling task until the gate is open.
    func pass() async {
        guard enter() else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isOpen = state.withLock { state -> Bool in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
        leave()
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
        opened.signal()
    }

    /// Counts a waiting handler; false once open (nothing to wait for).
    private func enter() -> Bool {
        state.withLock { state in
            guard !state.isOpen else { return false }
            state.waiting += 1
            state.mostWaiting = max(state.mostWaiting, state.waiting)
            return true
        }
    }

    private func leave() {
        state.withLock { $0.waiting -= 1 }
    }
}
