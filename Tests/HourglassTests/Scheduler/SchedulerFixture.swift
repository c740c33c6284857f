import Foundation
import Hourglass
import HourglassTesting
import Synchronization

/// A scheduler on a manual clock that starts at 2026-01-01T00:00:00Z, with its events recorded.
struct SchedulerFixture {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)
    let clock: ManualClock
    let scheduler: Scheduler
    let driver: SchedulerTestDriver
    let recorder = EventRecorder()

    init(configure: (inout Scheduler.Configuration) -> Void = { _ in }) {
        clock = ManualClock(now: Self.start)
        var configuration = Scheduler.Configuration()
        configuration.clock = clock
        configuration.schedulerID = "test"
        configure(&configuration)
        scheduler = Scheduler(configuration: configuration)
        driver = SchedulerTestDriver(scheduler: scheduler, clock: clock)
        scheduler.addListener { [recorder] event in recorder.record(event) }
    }

    /// Seconds after the start, as an instant.
    static func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    /// The fire times of the runs of `id` that finished, in the order they finished.
    func finishedRuns(_ id: JobID, outcome: RunOutcome? = nil) -> [Date] {
        recorder.events.compactMap { event in
            guard case .runFinished(let run, let result, _) = event, run.jobID == id else { return nil }
            if let outcome, outcome != result { return nil }
            return run.fireTime
        }
    }

    func count(_ kind: SchedulerEvent.Kind, for id: JobID? = nil) -> Int {
        recorder.events.filter { $0.kind == kind && (id == nil || $0.jobID == id) }.count
    }
}

/// Keeps every event, for assertions.
final class EventRecorder: Sendable {
    private let storage = Mutex<[SchedulerEvent]>([])
    func record(_ event: SchedulerEvent) { storage.withLock { $0.append(event) } }
    var events: [SchedulerEvent] { storage.withLock { $0 } }
}

/// A counter that handlers bump, shared with the test.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func increment() { value.add(1, ordering: .relaxed) }
    var count: Int { value.load(ordering: .relaxed) }
}

struct Failing: Error, CustomStringConvertible {
    var description: String { "deliberate failure" }
}

/// A store that hands every call to a memory store; tests override what they need.
protocol MemoryStoreWrapper: JobStore {
    var base: MemoryJobStore { get }
}

extension MemoryStoreWrapper {
    func add(_ job: Job, onConflict: ConflictPolicy) throws -> JobAddResult { try base.add(job, onConflict: onConflict) }
    func add(_ jobs: [Job], onConflict: ConflictPolicy) throws -> [JobAddResult] { try base.add(jobs, onConflict: onConflict) }
    func update(_ job: Job) throws { try base.update(job) }
    func remove(_ id: JobID) -> Job? { base.remove(id) }
    func removeAll() -> [JobID] { base.removeAll() }
    func job(_ id: JobID) -> Job? { base.job(id) }
    func jobs(matching filter: JobFilter) -> [Job] { base.jobs(matching: filter) }
    func nextWakeTime() -> Date? { base.nextWakeTime() }
    func claimDueJobs(now: Date, limit: Int, owner: String, lease: Duration) -> [ClaimedJob] {
        base.claimDueJobs(now: now, limit: limit, owner: owner, lease: lease)
    }
    func complete(
        _ completions: [JobCompletion], recording runs: [RunRecord], starting starts: [RunStart], owner: String
    ) throws -> JobCompletionReport {
        base.complete(completions, recording: runs, starting: starts, owner: owner)
    }
    func record(_ runs: [RunRecord]) { base.record(runs) }
    func runs(of id: JobID, limit: Int) -> [RunRecord] { base.runs(of: id, limit: limit) }
    func heartbeat(owner: String, aliveUntil expiry: Date, now: Date, restarted: Bool) -> [RunRecord] {
        base.heartbeat(owner: owner, aliveUntil: expiry, now: now, restarted: restarted)
    }
}
