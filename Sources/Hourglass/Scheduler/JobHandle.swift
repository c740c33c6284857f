import Foundation

/// A job in a scheduler: the scheduler's job operations, aimed at one job.
public struct JobHandle: Sendable, Hashable {
    /// The job's id.
    public let id: JobID
    /// The store that holds the job.
    public let store: String
    let scheduler: Scheduler

    /// The job as stored now, or nil if it was removed.
    public func job() async throws -> Job? { try await scheduler.job(id, in: store) }

    /// Changes the job; see ``Scheduler/modify(_:in:_:)``.
    @discardableResult
    public func modify(_ change: @Sendable (inout Job) throws -> Void) async throws -> Job {
        try await scheduler.modify(id, in: store, change)
    }

    /// Gives the job a new trigger.
    @discardableResult
    public func reschedule(_ trigger: some Trigger) async throws -> Job {
        try await scheduler.reschedule(id, in: store, trigger: trigger)
    }

    /// Pauses the job.
    @discardableResult
    public func pause() async throws -> Job { try await scheduler.pauseJob(id, in: store) }

    /// Resumes the job from `date` (default: now).
    @discardableResult
    public func resume(from date: Date? = nil) async throws -> Job? {
        try await scheduler.resumeJob(id, in: store, from: date)
    }

    /// Removes the job.
    public func remove() async throws { try await scheduler.remove(id, in: store) }

    /// Runs the job once now, besides its schedule.
    public func runNow() async throws { try await scheduler.runNow(id, in: store) }

    /// The next `count` run times.
    public func nextRunTimes(count: Int) async throws -> [Date] {
        try await scheduler.nextRunTimes(id, in: store, count: count)
    }

    /// The recorded runs, newest first, at most `limit`.
    public func runs(limit: Int = 100) async throws -> [RunRecord] {
        try await scheduler.runs(of: id, in: store, limit: limit)
    }

    public static func == (lhs: JobHandle, rhs: JobHandle) -> Bool {
        lhs.id == rhs.id && lhs.store == rhs.store && lhs.scheduler === rhs.scheduler
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(store)
    }
}
