import Foundation
import Hourglass
import HourglassTesting
import Synchronization

/// A scheduler on a manual clock that starts at 2026-01-01T00:00:00Z, with its events recorded.
package struct SchedulerFixture {
    package static let start = Date(timeIntervalSince1970: 1_767_225_600)
    package let clock: ManualClock
    package let scheduler: Scheduler
    package let driver: SchedulerTestDriver
    package let recorder = EventRecorder()

    package init(configure: (inout Scheduler.Configuration) -> Void = { _ in }) {
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
    package static func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    /// The fire times of the runs of `id` that finished, in the order they finished.
    package func finishedRuns(_ id: JobID, outcome: RunOutcome? = nil) -> [Date] {
        recorder.events.compactMap { event in
            guard case .runFinished(let run, let result, _) = event, run.jobID == id else { return nil }
            if let outcome, outcome != result { return nil }
            return run.fireTime
        }
    }

    package func count(_ kind: SchedulerEvent.Kind, for id: JobID? = nil) -> Int {
        recorder.events.filter { $0.kind == kind && (id == nil || $0.jobID == id) }.count
    }
}

/// Keeps every event, for assertions.
package final class EventRecorder: Sendable {
    package init() {}
    private let storage = Mutex<[SchedulerEvent]>([])
    package func record(_ event: SchedulerEvent) { storage.withLock { $0.append(event) } }
    package var events: [SchedulerEvent] { storage.withLock { $0 } }
}

/// A counter that handlers bump, shared with the test.
package final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    package init() {}
    package func increment() { value.add(1, ordering: .relaxed) }
    package var count: Int { value.load(ordering: .relaxed) }
}

package struct Failing: Error, CustomStringConvertible {
    package init() {}
    package var description: String { "deliberate failure" }
}

/// A store that hands every call to a memory store; tests override what they need.
package protocol MemoryStoreWrapper: JobStore {
    var base: MemoryJobStore { get }
}

extension MemoryStoreWrapper {
    package func add(_ job: Job, onConflict: ConflictPolicy) throws -> JobAddResult { try base.add(job, onConflict: onConflict) }
    package func add(_ jobs: [Job], onConflict: ConflictPolicy) throws -> [JobAddResult] { try base.add(jobs, onConflict: onConflict) }
    package func update(_ job: Job) throws -> Int64 { try base.update(job) }
    package func remove(_ id: JobID) -> Job? { base.remove(id) }
    package func removeAll() -> [JobID] { base.removeAll() }
    package func job(_ id: JobID) -> Job? { base.job(id) }
    package func jobs(matching filter: JobFilter) -> [Job] { base.jobs(matching: filter) }
    package func nextWakeTime() -> Date? { base.nextWakeTime() }
    package func claimDueJobs(now: Date, limit: Int, owner: String, lease: Duration) -> [ClaimedJob] {
        base.claimDueJobs(now: now, limit: limit, owner: owner, lease: lease)
    }
    package func complete(
        _ completions: [JobCompletion], recording runs: [RunRecord], starting starts: [RunStart], owner: String
    ) throws -> JobCompletionReport {
        base.complete(completions, recording: runs, starting: starts, owner: owner)
    }
    package func record(_ runs: [RunRecord]) { base.record(runs) }
    package func runs(of id: JobID, limit: Int) -> [RunRecord] { base.runs(of: id, limit: limit) }
    package func heartbeat(owner: String, aliveUntil expiry: Date, now: Date, restarted: Bool) -> [RunRecord] {
        base.heartbeat(owner: owner, aliveUntil: expiry, now: now, restarted: restarted)
    }
}
