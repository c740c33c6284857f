import Foundation
import Hourglass
import HourglassPostgres
import HourglassSQLite
import HourglassTesting
import Synchronization
import Testing
import HourglassTestSupport
import HourglassPostgresTestSupport

/// A node that stalls between its claim and its completion (a slow reply, SIGSTOP, a VM
/// pause) longer than its lease: another node takes the job over and runs it, and the
/// stalled node, once it goes on, must run nothing (issue 17, finding 1).
@Suite("A claim lost while its scheduler stalled runs nothing", .serialized, .timeLimit(.minutes(1)))
struct LostClaimTests {
    typealias F = SchedulerFixture

    @Test("two schedulers on one SQLite file")
    func sqlite() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        try await Self.stalledNode(first: SQLiteJobStore(path: path), second: SQLiteJobStore(path: path))
    }

    @Test("two schedulers on one PostgreSQL database", .enabled(if: PostgresTestDatabase.isConfigured))
    func postgres() async throws {
        try await PostgresTestDatabase.withStore { store, _ in
            try await Self.stalledNode(first: store, second: store)
        }
    }

    /// Node A claims a job due at 10 s and stalls in its completion; node B takes the job
    /// over after the lease and runs it; then A goes on.
    static func stalledNode(first: any JobStore, second: any JobStore) async throws {
        let clock = ManualClock(now: F.start)
        let stalling = StallingStore(base: first)
        let (nodeA, ranOnA) = await node("node-a", store: stalling, clock: clock)
        let (nodeB, ranOnB) = await node("node-b", store: second, clock: clock)
        let eventsOfA = EventRecorder()
        nodeA.addListener { eventsOfA.record($0) }
        try await nodeA.add(id: "once", trigger: DateTrigger(at: F.at(10)), handler: "tick", store: "shared")

        stalling.stallNextCompletion()
        try await nodeA.start()
        clock.advance(to: F.at(10))
        try await waitUntil("node A has claimed the job and stalls before completing") { stalling.isStalled }

        try await nodeB.start()
        // Past node A's lease of 30 s: node B takes the claim over and runs the fire time.
        await SchedulerTestDriver(scheduler: nodeB, clock: clock).advance(to: F.at(41))
        #expect(ranOnB.count == 1)

        stalling.release()
        await SchedulerTestDriver(scheduler: nodeA, clock: clock).settle()
        #expect(ranOnA.count == 0, "the stalled node ran a fire time that another node had taken over")
        #expect(eventsOfA.events.contains(.claimLost(id: "once", store: "shared", fireTimes: [F.at(10)])))
        let runs = try await second.runs(of: "once", limit: 10)
        #expect(runs.map(\.status) == [.success], "\(runs)")
        #expect(runs.map(\.owner) == ["node-b"])
        await nodeA.shutdown()
        await nodeB.shutdown()
    }

    /// A scheduler on `clock` with `store` named `shared`, a lease of 30 s, and a handler
    /// `tick` that counts its runs.
    static func node(_ id: String, store: any JobStore, clock: ManualClock) async -> (Scheduler, Counter) {
        var configuration = Scheduler.Configuration()
        configuration.clock = clock
        configuration.schedulerID = id
        configuration.lease = .seconds(30)
        let scheduler = Scheduler(configuration: configuration)
        try? await scheduler.addStore(store, named: "shared")
        let counter = Counter()
        await scheduler.register("tick") { _ in counter.increment() }
        return (scheduler, counter)
    }
}

/// A store that holds its next completion back until released, as a node that stalls
/// between claiming jobs and completing the claims.
final class StallingStore: JobStore {
    let base: any JobStore
    private struct State {
        var armed = false
        var stalled = false
        var waiter: CheckedContinuation<Void, Never>?
        var released = false
    }
    private let state = Mutex(State())

    init(base: any JobStore) { self.base = base }

    /// Makes the next ``complete(_:recording:starting:owner:)`` wait for ``release()``.
    func stallNextCompletion() { state.withLock { $0.armed = true } }

    /// Whether a completion is being held back now.
    var isStalled: Bool { state.withLock { $0.stalled } }

    /// Lets the held completion go on.
    func release() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.released = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    func complete(
        _ completions: [JobCompletion], recording runs: [RunRecord], starting starts: [RunStart], owner: String
    ) async throws -> JobCompletionReport {
        let stall = state.withLock { state in
            defer { state.armed = false }
            return state.armed && !completions.isEmpty
        }
        if stall {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    state.stalled = true
                    if state.released { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
        return try await base.complete(completions, recording: runs, starting: starts, owner: owner)
    }

    var isPersistent: Bool { base.isPersistent }
    func add(_ job: Job, onConflict: ConflictPolicy) async throws -> JobAddResult { try await base.add(job, onConflict: onConflict) }
    func add(_ jobs: [Job], onConflict: ConflictPolicy) async throws -> [JobAddResult] {
        try await base.add(jobs, onConflict: onConflict)
    }
    func update(_ job: Job) async throws -> Int64 { try await base.update(job) }
    func remove(_ id: JobID) async throws -> Job? { try await base.remove(id) }
    func removeAll() async throws -> [JobID] { try await base.removeAll() }
    func job(_ id: JobID) async throws -> Job? { try await base.job(id) }
    func jobs(matching filter: JobFilter) async throws -> [Job] { try await base.jobs(matching: filter) }
    func nextWakeTime() async throws -> Date? { try await base.nextWakeTime() }
    func claimDueJobs(now: Date, limit: Int, owner: String, lease: Duration) async throws -> [ClaimedJob] {
        try await base.claimDueJobs(now: now, limit: limit, owner: owner, lease: lease)
    }
    func record(_ runs: [RunRecord]) async throws { try await base.record(runs) }
    func runs(of id: JobID, limit: Int) async throws -> [RunRecord] { try await base.runs(of: id, limit: limit) }
    func heartbeat(owner: String, aliveUntil expiry: Date, now: Date, restarted: Bool) async throws -> [RunRecord] {
        try await base.heartbeat(owner: owner, aliveUntil: expiry, now: now, restarted: restarted)
    }
}
