import Foundation
import Synchronization

/// One run of a job as a store's history keeps it.
///
/// The scheduler writes a record when it hands the run to an executor (status
/// ``Status/running``) and again when the run ends. A record left `running` by a
/// scheduler that died is marked ``Status/abandoned``.
public struct RunRecord: Sendable, Hashable, Codable {
    /// How a run ended, or that it has not ended yet.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Handed to an executor and not ended yet.
        case running
        /// The body returned.
        case success
        /// The body threw on its last attempt; ``RunRecord/message`` says what.
        case error
        /// Never started: later than the misfire grace time allows.
        case missed
        /// Exceeded its timeout.
        case timedOut = "timed_out"
        /// Its scheduler died while it was running.
        case abandoned
        /// Cancelled by a shutdown that did not wait.
        case cancelled
        /// Never started, on purpose: the job had its maximum of runs going, or the fire
        /// time was merged into another run (coalescing). ``RunRecord/message`` says why.
        case skipped
    }

    /// Identifies the record in its store.
    public var id: Int64
    /// The job.
    public var jobID: JobID
    /// The fire time the run was for.
    public var scheduledFireTime: Date
    /// When the body was first called; nil if it never was.
    public var startedAt: Date?
    /// When the run ended; nil while running.
    public var finishedAt: Date?
    /// How the run ended.
    public var status: Status
    /// The error of a failed run, why it ended otherwise, or what a successful run
    /// recorded with ``JobContext/recordMessage(_:)``.
    public var message: String?
    /// The last attempt made, from 1.
    public var attempt: Int
    /// The scheduler that ran it.
    public var owner: String

    /// A record.
    public init(
        id: Int64, jobID: JobID, scheduledFireTime: Date, startedAt: Date? = nil, finishedAt: Date? = nil,
        status: Status, message: String? = nil, attempt: Int = 1, owner: String
    ) {
        self.id = id
        self.jobID = jobID
        self.scheduledFireTime = scheduledFireTime
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.message = message
        self.attempt = attempt
        self.owner = owner
    }

    /// A new identifier: 31 random bits drawn once per process, then a counter, so ids
    /// from schedulers that restart or share a store do not collide.
    public static func nextID() -> Int64 {
        let count = lastCount.add(1, ordering: .relaxed).newValue
        return processPrefix << 32 | Int64(count & 0xFFFF_FFFF)
    }

    private static let processPrefix = Int64.random(in: 1..<(1 << 31))
    private static let lastCount = Atomic<UInt64>(0)
}

/// How much run history a store keeps. Both limits apply when both are set.
public struct RunHistoryRetention: Sendable, Hashable {
    /// The most records kept per job (newest fire times first); nil for no limit.
    public var keepLastRunsPerJob: Int?
    /// Records whose fire time is older than this span before the newest fire time
    /// written are dropped; nil for no limit. Measured on the schedule's own clock.
    public var maximumAge: Duration?

    /// A policy. Default: the last 100 runs of each job, of any age.
    public init(keepLastRunsPerJob: Int? = 100, maximumAge: Duration? = nil) {
        self.keepLastRunsPerJob = keepLastRunsPerJob
        self.maximumAge = maximumAge
    }

    /// No history at all.
    public static let none = RunHistoryRetention(keepLastRunsPerJob: 0)

    /// Whether any record is kept: false for ``none`` (a limit of 0 records per job).
    public var keepsRecords: Bool { keepLastRunsPerJob != 0 }
}
