import Foundation

/// Where jobs live: a protocol built for several schedulers sharing one store.
///
/// A scheduler claims due jobs for a while (a lease, under its owner name), works out
/// their runs, and completes each claim with the job's next run time. A claim whose lease
/// has expired (its owner died) can be taken by any scheduler, and a late completion of a
/// lost claim changes nothing, so each fire time runs at most once. Every store must pass
/// `HourglassTesting.JobStoreConformance`. Errors are ``SchedulerError``s.
public protocol JobStore: Sendable {
    /// Whether jobs outlive the process; persistent stores refuse closure jobs.
    var isPersistent: Bool { get }

    /// Whether the store keeps any run record given to ``record(_:)``. A scheduler makes
    /// and writes no records of run ends for a store that keeps none; listeners of
    /// ``SchedulerEvent/runRecorded(_:store:)`` still get them. The default is true.
    var keepsRunHistory: Bool { get }

    /// Adds `job`; on an existing id, `onConflict` decides.
    func add(_ job: Job, onConflict: ConflictPolicy) async throws -> JobAddResult

    /// Adds many jobs at once, each as ``add(_:onConflict:)->JobAddResult`` would.
    func add(_ jobs: [Job], onConflict: ConflictPolicy) async throws -> [JobAddResult]

    /// Replaces the stored job with the same id, if `job`'s ``Job/revision`` is the stored
    /// job's (or nil), and returns the new revision. A claimed job keeps its claim; the
    /// claim's completion then keeps this job's ``Job/nextRunTime``.
    ///
    /// - Throws: ``SchedulerError/Code/jobNotFound``; ``SchedulerError/Code/jobChanged``,
    ///   writing nothing, when the stored job has another revision.
    @discardableResult
    func update(_ job: Job) async throws -> Int64

    /// Removes the job and returns it, or nil when there was none.
    func remove(_ id: JobID) async throws -> Job?

    /// Removes every job and returns their ids.
    func removeAll() async throws -> [JobID]

    /// The job with this id, with its ``Job/revision``, or nil.
    func job(_ id: JobID) async throws -> Job?

    /// The jobs that match `filter`, with their revisions, earliest next run first (paused
    /// jobs last), then by id.
    func jobs(matching filter: JobFilter) async throws -> [Job]

    /// The earliest instant at which ``claimDueJobs(now:limit:owner:lease:)`` may return
    /// something: the earliest next run time of an unclaimed job, or the earliest expiry
    /// of a lease.
    func nextWakeTime() async throws -> Date?

    /// Claims up to `limit` unclaimed jobs whose next run time is at or before `now`,
    /// earliest first, plus claimed jobs whose lease expired, for `owner` until
    /// `now + lease`.
    func claimDueJobs(now: Date, limit: Int, owner: String, lease: Duration) async throws -> [ClaimedJob]

    /// Ends claims held by `owner` and starts runs, in one step.
    ///
    /// Each job gets its new next run time, is removed when finished, or is left as it
    /// was. A claim that was lost (expired and taken by another owner) changes nothing,
    /// and nothing of its job in this call is written or started: a lost claim's runs
    /// belong to the scheduler that took the job over. `runs` (records of runs that did
    /// not start, such as missed ones) are written to the history as ``record(_:)``
    /// would. Each of `starts` is written as running, in order, only while fewer than its
    /// ``RunStart/maxConcurrentRuns`` records of its job are running in the store,
    /// counting every scheduler that shares it (a persistent store); the report says
    /// which started.
    func complete(
        _ completions: [JobCompletion], recording runs: [RunRecord], starting starts: [RunStart], owner: String
    ) async throws -> JobCompletionReport

    /// Writes run records to the history: a new id is added, a known one replaced. An id
    /// names one run, of one job at one fire time: the scheduler records it again only to
    /// note how the run went on (running, then its end). The store's
    /// ``RunHistoryRetention`` then drops what it no longer keeps.
    func record(_ runs: [RunRecord]) async throws

    /// The recorded runs of job `id`, newest fire time first, at most `limit`.
    func runs(of id: JobID, limit: Int) async throws -> [RunRecord]

    /// Notes that scheduler `owner` is alive until `expiry`, then marks
    /// ``RunRecord/Status/abandoned`` every running record whose owner is not alive at
    /// `now`, and, when `restarted`, those of `owner` itself (left by an earlier process
    /// under the same name). Returns the records it marked.
    func heartbeat(owner: String, aliveUntil expiry: Date, now: Date, restarted: Bool) async throws -> [RunRecord]

    /// Until when scheduler `owner` last said it is alive (its latest heartbeat's expiry),
    /// or nil when it never sent one or signed off. The default returns nil: the store
    /// cannot tell.
    func aliveUntil(of owner: String) async throws -> Date?

    /// Notes that scheduler `owner` stopped cleanly: it is no longer alive, so a process
    /// that takes its name next need not wait to see whether it still runs. The default
    /// does nothing.
    func signOff(owner: String) async throws

    /// The schedulers that sent heartbeats and have not signed off, by owner, with their
    /// running records. The default returns none: the store cannot tell.
    func nodes() async throws -> [SchedulerNode]

    /// Reports changes that other processes make to a shared store, until the calling
    /// task is cancelled: `onChange` gets the earliest next run time a change brings, or
    /// nil when it cannot tell (for example after a reconnection, when changes may have
    /// been missed). A scheduler watches each of its stores while it runs, so that it
    /// wakes at once instead of at its next poll. The default returns at once: nothing
    /// else changes the store, or the scheduler's polling is enough.
    func watchChanges(_ onChange: @escaping @Sendable (Date?) -> Void) async
}

extension JobStore {
    /// True: by default a store keeps run history.
    public var keepsRunHistory: Bool { true }

    /// Nil: by default a store cannot tell.
    public func aliveUntil(of owner: String) async throws -> Date? { nil }

    /// Does nothing by default.
    public func signOff(owner: String) async throws {}

    /// None by default: the store cannot tell.
    public func nodes() async throws -> [SchedulerNode] { [] }

    /// Returns at once: by default a store reports no changes from elsewhere.
    public func watchChanges(_ onChange: @escaping @Sendable (Date?) -> Void) async {}

    /// Ends claims and writes `runs`, starting none; see ``complete(_:recording:starting:owner:)``.
    public func complete(
        _ completions: [JobCompletion], recording runs: [RunRecord], owner: String
    ) async throws -> [JobCompletionResult] {
        try await complete(completions, recording: runs, starting: [], owner: owner).results
    }

    /// Ends claims without writing history; see ``complete(_:recording:starting:owner:)``.
    public func complete(_ completions: [JobCompletion], owner: String) async throws -> [JobCompletionResult] {
        try await complete(completions, recording: [], starting: [], owner: owner).results
    }

    /// Starts runs outside any claim (a run that waited for a free place, a recovered or
    /// manual run); see ``complete(_:recording:starting:owner:)``. Returns which started.
    public func start(_ starts: [RunStart], owner: String) async throws -> [Bool] {
        try await complete([], recording: [], starting: starts, owner: owner).started
    }
}

/// What ``JobStore/add(_:onConflict:)->JobAddResult`` did.
public enum JobAddResult: Sendable, Hashable {
    /// The job was new.
    case added(Job)
    /// The job replaced `previous`.
    case replaced(previous: Job, by: Job)
    /// A job with the id existed and was kept (``ConflictPolicy/keepExisting``).
    case keptExisting(Job)

    /// The job now in the store.
    public var job: Job {
        switch self {
        case .added(let job), .keptExisting(let job), .replaced(_, let job): job
        }
    }
}

/// A job claimed by one scheduler for a while.
public struct ClaimedJob: Sendable, Hashable {
    /// The job as it was when claimed; its ``Job/nextRunTime`` is the earliest due fire time.
    public var job: Job
    /// Identifies this claim in ``JobCompletion``.
    public var claim: JobClaim

    /// A claimed job.
    public init(job: Job, claim: JobClaim) {
        self.job = job
        self.claim = claim
    }
}

/// One claim: who holds it, until when, and a token that tells it from later claims.
public struct JobClaim: Sendable, Hashable {
    /// The scheduler that holds the claim.
    public var owner: String
    /// The claim is lost after this instant if not completed.
    public var leaseExpiry: Date
    /// A store-specific token, unique per claim of a job.
    public var token: Int64
    /// The job's revision when claimed; an update in between makes the completion keep the
    /// updated next run time.
    public var revision: Int64

    /// A claim.
    public init(owner: String, leaseExpiry: Date, token: Int64, revision: Int64) {
        self.owner = owner
        self.leaseExpiry = leaseExpiry
        self.token = token
        self.revision = revision
    }
}

/// How a claim ends.
public struct JobCompletion: Sendable, Hashable {
    /// What happens to the job.
    public enum Outcome: Sendable, Hashable {
        /// The job runs next at this instant.
        case reschedule(Date)
        /// The trigger has no next fire time: the job is removed.
        case finish
        /// The job stays exactly as it was (for example, no handler here to run it).
        case release
    }

    /// The job.
    public var id: JobID
    /// The claim being ended.
    public var claim: JobClaim
    /// What happens to the job.
    public var outcome: Outcome

    /// A completion of `claim` on job `id`.
    public init(id: JobID, claim: JobClaim, outcome: Outcome) {
        self.id = id
        self.claim = claim
        self.outcome = outcome
    }
}

/// What a completion did.
public enum JobCompletionResult: Sendable, Hashable {
    /// The job was rescheduled or released.
    case updated
    /// The job was removed (finished).
    case removed
    /// The job was changed while claimed; the change was kept and the claim ended.
    case keptUpdate
    /// The claim had been lost or the job was removed meanwhile: nothing changed.
    case claimLost
}

/// A run to record as running, if its job has a free place; see
/// ``JobStore/complete(_:recording:starting:owner:)``.
public struct RunStart: Sendable, Hashable {
    /// The run's record, with status ``RunRecord/Status/running``.
    public var record: RunRecord
    /// The most runs of the job that may be running at once across the store
    /// (``JobOptions/maxConcurrentRuns``).
    public var maxConcurrentRuns: Int

    /// A run to start under a limit.
    public init(record: RunRecord, maxConcurrentRuns: Int) {
        self.record = record
        self.maxConcurrentRuns = maxConcurrentRuns
    }

    /// Which of `starts` have a free place, in order, given how many records of each job
    /// are `running` in the store: each start admitted counts for the ones after it, and
    /// jobs in `lost` start nothing. Stores call this to apply the rule alike.
    public static func admitted(_ starts: [RunStart], running: [JobID: Int], skipping lost: Set<JobID>) -> [Bool] {
        var running = running
        return starts.map { start in
            let id = start.record.jobID
            let current = running[id] ?? 0
            guard !lost.contains(id), current < start.maxConcurrentRuns else { return false }
            running[id] = current + 1
            return true
        }
    }
}

/// What ``JobStore/complete(_:recording:starting:owner:)`` did.
public struct JobCompletionReport: Sendable, Hashable {
    /// What each completion did, in order.
    public var results: [JobCompletionResult]
    /// For each start, in order, whether it was written as running.
    public var started: [Bool]

    /// A report.
    public init(results: [JobCompletionResult], started: [Bool]) {
        self.results = results
        self.started = started
    }

    /// The jobs whose claim every completion in `completions` lost: their records and
    /// starts in the same call are dropped. Stores call this to apply that rule alike.
    public static func lostJobs(_ completions: [JobCompletion], results: [JobCompletionResult]) -> Set<JobID> {
        var lost = Set<JobID>()
        for (completion, result) in zip(completions, results) where result == .claimLost {
            lost.insert(completion.id)
        }
        // Nearly always none: then no id is hashed at all (hashing every completed id into
        // a set of those held took 3% of W3's CPU).
        guard !lost.isEmpty else { return [] }
        for (completion, result) in zip(completions, results) where result != .claimLost {
            lost.remove(completion.id)
        }
        return lost
    }
}

/// Which jobs a listing returns; every given condition must hold.
public struct JobFilter: Sendable, Hashable {
    /// Jobs that carry all of these tags (default: any).
    public var tags: Set<String> = []
    /// Only paused (true) or only active (false) jobs; nil for both.
    public var isPaused: Bool? = nil
    /// Only jobs whose next run is before this instant.
    public var nextRunBefore: Date? = nil
    /// Only jobs that run this handler.
    public var handlerName: String? = nil

    /// A filter; with no arguments it matches every job.
    public init(tags: Set<String> = [], isPaused: Bool? = nil, nextRunBefore: Date? = nil, handlerName: String? = nil) {
        self.tags = tags
        self.isPaused = isPaused
        self.nextRunBefore = nextRunBefore
        self.handlerName = handlerName
    }

    /// Whether `job` passes the filter.
    public func matches(_ job: Job) -> Bool {
        if !tags.isSubset(of: job.options.tags) { return false }
        if let isPaused, job.isPaused != isPaused { return false }
        if let nextRunBefore {
            guard let next = job.nextRunTime, next < nextRunBefore else { return false }
        }
        if let handlerName, job.target.handlerName != handlerName { return false }
        return true
    }
}

extension Array where Element == Job {
    /// In listing order: earliest next run first, jobs without one last, then by id.
    public func sortedForListing() -> [Job] {
        sorted { lhs, rhs in
            switch (lhs.nextRunTime, rhs.nextRunTime) {
            case let (left?, right?) where left != right: left < right
            case (.some, nil): true
            case (nil, .some): false
            default: lhs.id < rhs.id
            }
        }
    }
}
