import Foundation
import Synchronization

/// Keeps jobs in this process: a min-heap by next run time and a dictionary by id, so
/// add, remove and claim cost O(log n) and nothing scans every job on the hot path.
///
/// The only store that keeps closure jobs. Jobs and their run history are lost when the
/// process ends.
public final class MemoryJobStore: JobStore {
    private let state = Mutex(MemoryStoreState())
    private let history: Mutex<MemoryRunHistory>
    /// The job count after the last add: how many jobs' histories to make room for at once.
    private let jobCountHint = Atomic<Int>(0)

    /// An empty store that keeps run history as `retention` says (default: the last 100
    /// runs of each job).
    public init(retention: RunHistoryRetention = RunHistoryRetention()) {
        history = Mutex(MemoryRunHistory(retention: retention))
        keepsRunHistory = retention.keepsRecords
    }

    public var isPersistent: Bool { false }

    /// False for ``RunHistoryRetention/none``, which keeps no record at all.
    public let keepsRunHistory: Bool

    /// How many jobs the store holds.
    public var count: Int { state.withLock { $0.count } }

    public func add(_ job: Job, onConflict: ConflictPolicy) throws -> JobAddResult {
        try state.withLock { state in
            defer { jobCountHint.store(state.count, ordering: .relaxed) }
            return try state.add(job, onConflict: onConflict)
        }
    }

    /// Adds every job, or none: with ``ConflictPolicy/fail``, an id that exists (or comes
    /// twice) is refused before anything is added.
    public func add(_ jobs: [Job], onConflict: ConflictPolicy) throws -> [JobAddResult] {
        try state.withLock { state in
            defer { jobCountHint.store(state.count, ordering: .relaxed) }
            if onConflict == .fail {
                var seen = Set<JobID>()
                for job in jobs where state.slot(of: job.id) != nil || !seen.insert(job.id).inserted {
                    throw SchedulerError.jobExists(job.id)
                }
            }
            return try jobs.map { try state.add($0, onConflict: onConflict) }
        }
    }

    @discardableResult
    public func update(_ job: Job) throws -> Int64 {
        try state.withLock { state in
            guard let slot = state.slot(of: job.id) else { throw SchedulerError.jobNotFound(job.id) }
            if let revision = job.revision, revision != state.revision(at: slot) {
                throw SchedulerError.jobChanged(job.id, revision: revision)
            }
            state.replace(slot: slot, with: job)
            return state.revision(at: slot)
        }
    }

    public func remove(_ id: JobID) -> Job? {
        state.withLock { $0.remove(id) }
    }

    public func removeAll() -> [JobID] {
        state.withLock { state in
            let ids = state.slots.compactMap(\.job?.id).sorted()
            state = MemoryStoreState()
            return ids
        }
    }

    public func job(_ id: JobID) -> Job? {
        state.withLock { state in state.slot(of: id).map { state.job(at: $0) } }
    }

    public func jobs(matching filter: JobFilter) -> [Job] {
        let matching = state.withLock { state in
            state.slots.indices.compactMap { index -> Job? in
                guard state.slots[index].job != nil else { return nil }
                let job = state.job(at: Int32(index))
                return filter.matches(job) ? job : nil
            }
        }
        return matching.sortedForListing()
    }

    public func nextWakeTime() -> Date? {
        state.withLock { $0.nextWakeTime() }
    }

    public func claimDueJobs(now: Date, limit: Int, owner: String, lease: Duration) -> [ClaimedJob] {
        state.withLock { $0.claim(now: now, limit: limit, owner: owner, lease: lease) }
    }

    public func complete(
        _ completions: [JobCompletion], recording runs: [RunRecord], starting starts: [RunStart], owner: String
    ) -> JobCompletionReport {
        let results = state.withLock { state in completions.map { state.complete($0, owner: owner) } }
        let lost = completions.isEmpty ? [] : JobCompletionReport.lostJobs(completions, results: results)
        let kept = lost.isEmpty ? runs : runs.filter { !lost.contains($0.jobID) }
        if !kept.isEmpty { record(kept) }
        guard !starts.isEmpty else { return JobCompletionReport(results: results, started: []) }
        let jobs = jobCountHint.load(ordering: .relaxed)
        let started = history.withLock { history in
            var running: [JobID: Int] = [:]
            for start in starts { running[start.record.jobID] = history.runningCount(of: start.record.jobID) }
            let started = RunStart.admitted(starts, running: running, skipping: lost)
            for (start, isStarted) in zip(starts, started) where isStarted { history.record(start.record, expectedJobs: jobs) }
            return started
        }
        return JobCompletionReport(results: results, started: started)
    }

    public func record(_ runs: [RunRecord]) {
        let jobs = jobCountHint.load(ordering: .relaxed)
        history.withLock { history in
            for run in runs { history.record(run, expectedJobs: jobs) }
        }
    }

    /// Records one run, without an array: the scheduler does this for every run's end.
    func record(_ run: RunRecord) {
        let jobs = jobCountHint.load(ordering: .relaxed)
        history.withLock { $0.record(run, expectedJobs: jobs) }
    }

    public func runs(of id: JobID, limit: Int) -> [RunRecord] {
        history.withLock { $0.runs(of: id, limit: limit) }
    }

    public func heartbeat(owner: String, aliveUntil expiry: Date, now: Date, restarted: Bool) -> [RunRecord] {
        history.withLock { $0.heartbeat(owner: owner, aliveUntil: expiry, now: now, restarted: restarted) }
    }

    public func aliveUntil(of owner: String) -> Date? {
        history.withLock { $0.aliveUntil(of: owner) }
    }

    public func signOff(owner: String) {
        history.withLock { $0.signOff(owner: owner) }
    }

    public func nodes() -> [SchedulerNode] {
        history.withLock { $0.nodes() }
    }
}
