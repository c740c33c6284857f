import Foundation

/// Something that happened in a scheduler: the lifecycle, stores and executors, job
/// changes, and every step of a run. Read them from ``Scheduler/events`` or a listener.
public enum SchedulerEvent: Sendable, Hashable {
    /// The scheduler started processing (or started paused, see ``schedulerPaused``).
    case schedulerStarted
    /// The scheduler stopped; no more runs start.
    case schedulerShutdown
    /// Processing of all jobs was paused.
    case schedulerPaused
    /// Processing of all jobs resumed.
    case schedulerResumed
    /// A job store was added under this name.
    case storeAdded(name: String)
    /// A job store was removed.
    case storeRemoved(name: String)
    /// An executor was added under this name.
    case executorAdded(name: String)
    /// An executor was removed.
    case executorRemoved(name: String)
    /// A job was added to a store.
    case jobAdded(id: JobID, store: String)
    /// A job was removed, by a user or because its trigger finished.
    case jobRemoved(id: JobID, store: String)
    /// A job was changed (options, trigger, paused or resumed).
    case jobModified(id: JobID, store: String)
    /// Every job of a store was removed.
    case allJobsRemoved(store: String)
    /// A run was handed to an executor.
    case jobSubmitted(RunInfo)
    /// A run began: `lateness` is how long after its scheduled fire time.
    case runStarted(RunInfo, lateness: Duration)
    /// A run returned without error.
    case jobExecuted(RunInfo, duration: Duration)
    /// A run threw (after its last attempt).
    case jobError(RunInfo, message: String)
    /// A run was not started: it was later than its misfire grace time allows, or beyond
    /// the catch-up limit. `count` fire times were missed from `RunInfo.fireTime` on.
    case jobMissed(RunInfo, count: Int)
    /// A run was skipped because the job already had its maximum of runs going.
    case maxInstancesReached(RunInfo)
    /// Fire times were not run on purpose from `RunInfo.fireTime` on (merged into another
    /// run by coalescing); `reason` says why, as the history's `skipped` record does.
    case runSkipped(RunInfo, reason: String)
    /// This scheduler lost its claim on a job before completing it (it stalled longer than
    /// the lease, and another scheduler took the job over): the runs for `fireTimes`
    /// were not started here.
    case claimLost(id: JobID, store: String, fireTimes: [Date])
    /// An attempt threw and the run will be tried again after `delay`.
    case jobRetried(RunInfo, message: String, delay: Duration)
    /// A run took longer than its timeout and was cancelled.
    case jobTimedOut(RunInfo, timeout: Duration)
    /// A due job cannot run here: no handler named `handler` is registered. It stays in
    /// its store and runs once a handler is registered.
    case jobUnrunnable(id: JobID, store: String, handler: String)
    /// A run ended, with its outcome and how long it took.
    case runFinished(RunInfo, outcome: RunOutcome, duration: Duration)
    /// A run was in flight when its scheduler stopped (a crash, or a node that lost
    /// contact); its history record is now ``RunRecord/Status/abandoned``.
    case runAbandoned(RunRecord, store: String)
    /// The record of how a run ended (or why a fire time did not run: missed, skipped),
    /// as its store's history keeps it: the run's id, start and end, status, message,
    /// attempt and the scheduler that ran it (``RunRecord/owner``). Emitted once per
    /// record, by the scheduler that made it, when it is made (it is written to the
    /// history just after), whether or not the store keeps history. Notifications are
    /// built on it.
    case runRecorded(RunRecord, store: String)

    /// The kind of event, to filter on.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case schedulerStarted, schedulerShutdown, schedulerPaused, schedulerResumed
        case storeAdded, storeRemoved, executorAdded, executorRemoved
        case jobAdded, jobRemoved, jobModified, allJobsRemoved
        case jobSubmitted, runStarted, jobExecuted, jobError, jobMissed, maxInstancesReached, runSkipped, claimLost
        case jobRetried, jobTimedOut, jobUnrunnable, runFinished, runAbandoned, runRecorded
    }

    /// The kind of this event.
    public var kind: Kind {
        switch self {
        case .schedulerStarted: .schedulerStarted
        case .schedulerShutdown: .schedulerShutdown
        case .schedulerPaused: .schedulerPaused
        case .schedulerResumed: .schedulerResumed
        case .storeAdded: .storeAdded
        case .storeRemoved: .storeRemoved
        case .executorAdded: .executorAdded
        case .executorRemoved: .executorRemoved
        case .jobAdded: .jobAdded
        case .jobRemoved: .jobRemoved
        case .jobModified: .jobModified
        case .allJobsRemoved: .allJobsRemoved
        case .jobSubmitted: .jobSubmitted
        case .runStarted: .runStarted
        case .jobExecuted: .jobExecuted
        case .jobError: .jobError
        case .jobMissed: .jobMissed
        case .maxInstancesReached: .maxInstancesReached
        case .runSkipped: .runSkipped
        case .claimLost: .claimLost
        case .jobRetried: .jobRetried
        case .jobTimedOut: .jobTimedOut
        case .jobUnrunnable: .jobUnrunnable
        case .runFinished: .runFinished
        case .runAbandoned: .runAbandoned
        case .runRecorded: .runRecorded
        }
    }

    /// The job the event is about, if any.
    public var jobID: JobID? {
        switch self {
        case .jobAdded(let id, _), .jobRemoved(let id, _), .jobModified(let id, _), .jobUnrunnable(let id, _, _),
            .claimLost(let id, _, _):
            id
        case .jobSubmitted(let run), .runStarted(let run, _), .jobExecuted(let run, _), .jobError(let run, _),
            .jobMissed(let run, _), .maxInstancesReached(let run), .runSkipped(let run, _), .jobRetried(let run, _, _),
            .jobTimedOut(let run, _), .runFinished(let run, _, _):
            run.jobID
        case .runAbandoned(let record, _), .runRecorded(let record, _): record.jobID
        default: nil
        }
    }
}

/// Which run an event is about.
public struct RunInfo: Sendable, Hashable {
    /// The job.
    public var jobID: JobID
    /// The store that holds the job.
    public var store: String
    /// The scheduled fire time of the run (for ``Scheduler/runNow(_:in:)``, when it was asked for).
    public var fireTime: Date
    /// The attempt, from 1.
    public var attempt: Int

    /// Information about one run.
    public init(jobID: JobID, store: String, fireTime: Date, attempt: Int) {
        self.jobID = jobID
        self.store = store
        self.fireTime = fireTime
        self.attempt = attempt
    }
}

/// How a run ended.
public enum RunOutcome: Sendable, Hashable {
    /// The handler returned.
    case success
    /// The handler threw (after its last attempt).
    case error(message: String)
    /// The run exceeded its timeout.
    case timedOut
    /// The run was cancelled by a shutdown.
    case cancelled
    /// The run never started: too late (misfire grace) or beyond the catch-up limit.
    case missed

    /// A short name for logs and metrics: success, error, timed_out, cancelled, missed.
    public var label: String {
        switch self {
        case .success: "success"
        case .error: "error"
        case .timedOut: "timed_out"
        case .cancelled: "cancelled"
        case .missed: "missed"
        }
    }
}
