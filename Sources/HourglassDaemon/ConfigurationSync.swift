import Hourglass

/// Makes a store hold a configuration file's jobs: adds the new ones, replaces the
/// changed ones, and removes the ones the file no longer lists. Jobs added by other means
/// (the API, `hourglass jobs`, another file) are left alone: a file's jobs carry its
/// ``DaemonConfiguration/source`` (by default its path) in their metadata under ``sourceKey``.
///
/// A `date` job runs once: after it ran, the scheduler removes it from the store as
/// finished, and a later sync does not add it again while the store's run history has a
/// record of it at its date (see ``hasFired(_:in:store:)``). A date that has passed and
/// has no such record runs once when the job is added.
///
/// A job paused or resumed at run time (`hourglass jobs pause`) stays so until its entry
/// in the file changes: the file's own `paused` value is kept under ``pausedKey``.
public enum ConfigurationSync {
    /// The metadata key that marks a job as coming from a configuration file; its value is the file's source.
    public static let sourceKey = "hourglass.config"
    /// The metadata key that keeps the file's `paused` value (`true` or `false`) of a job.
    public static let pausedKey = "hourglass.config.paused"

    /// What a sync did, by job id.
    public struct Changes: Sendable, Hashable {
        /// Jobs the store did not have.
        public var added: [JobID] = []
        /// Jobs whose definition in the file changed.
        public var changed: [JobID] = []
        /// Jobs of this file that the file no longer lists.
        public var removed: [JobID] = []
        /// Jobs already as the file says.
        public var unchanged: [JobID] = []
        /// `date` jobs of the file that have run at their date and are gone from the
        /// store: not added again.
        public var fired: [JobID] = []
    }

    /// Brings the store named `store` of `scheduler` in line with `configuration`. A job
    /// whose trigger did not change keeps its next run time, so a reload does not
    /// disturb its schedule.
    ///
    /// Daemons of a cluster may sync the same file at once: a job another daemon added or
    /// removed a moment ago from the same source is taken as it is found, not as an error.
    ///
    /// - Throws: ``ConfigurationError``, before any change, when a job's id is taken by a
    ///   job that did not come from this file's source; store errors as ``SchedulerError``.
    @discardableResult
    public static func apply(
        _ configuration: DaemonConfiguration, to scheduler: Scheduler, store: String
    ) async throws -> Changes {
        let source = configuration.source
        var existing: [JobID: Job] = [:]
        for job in try await scheduler.jobs(in: store) { existing[job.id] = job }
        // Every id is checked before anything changes, so a refused file changes nothing.
        for job in configuration.jobs {
            if let current = existing[job.id] { try checkOwner(of: current, for: job.id, in: configuration) }
        }
        var changes = Changes()
        for var job in configuration.jobs {
            job.options.metadata[sourceKey] = source
            job.options.metadata[pausedKey] = job.isPaused ? "true" : "false"
            let current: Job
            if let known = existing[job.id] {
                current = known
            } else if try await hasFired(job, in: scheduler, store: store) {
                changes.fired.append(job.id)
                continue
            } else if let added = try await addNew(job, to: scheduler, store: store, configuration: configuration) {
                current = added
            } else {
                changes.added.append(job.id)
                continue
            }
            if current.trigger == job.trigger, current.isPaused == job.isPaused {
                job.nextRunTime = current.nextRunTime
            }
            if Self.definition(of: current) == Self.definition(of: job) {
                changes.unchanged.append(job.id)
            } else {
                try await scheduler.add(job, store: store, onConflict: .replace)
                changes.changed.append(job.id)
            }
        }
        let listed = Set(configuration.jobs.map(\.id))
        for job in existing.values.sorted(by: { $0.id < $1.id })
        where job.options.metadata[sourceKey] == source && !listed.contains(job.id) {
            do {
                try await scheduler.remove(job.id, in: store)
            } catch let error as SchedulerError where error.code == .jobNotFound {
                // Another daemon syncing the same file removed it first.
            }
            changes.removed.append(job.id)
        }
        return changes
    }

    /// Adds a job the store did not have when the sync read it. Another daemon syncing
    /// the same file may have added it since: that job, from this source, is returned, to
    /// be compared with the file's as any job already in the store is.
    ///
    /// - Returns: nil when `job` was added.
    /// - Throws: ``ConfigurationError`` when the job now in the store came from elsewhere.
    private static func addNew(
        _ job: Job, to scheduler: Scheduler, store: String, configuration: DaemonConfiguration
    ) async throws -> Job? {
        do {
            try await scheduler.add(job, store: store)
            return nil
        } catch let error as SchedulerError where error.code == .jobExists {
            guard let added = try await scheduler.job(job.id, in: store) else { throw error }
            try checkOwner(of: added, for: job.id, in: configuration)
            return added
        }
    }

    /// Refuses a job in the store with the id of one of the file's jobs that came from
    /// elsewhere: another source, or other means.
    ///
    /// - Throws: ``ConfigurationError`` naming the file, the job and its owner.
    private static func checkOwner(of current: Job, for id: JobID, in configuration: DaemonConfiguration) throws(ConfigurationError) {
        let source = configuration.source
        guard current.options.metadata[sourceKey] != source else { return }
        let owner = current.options.metadata[sourceKey].map { "the configuration '\($0)'" } ?? "other means"
        throw ConfigurationError(
            file: configuration.file, job: id.rawValue, field: "id",
            message: "is taken in the store by a job added by \(owner), not by this file (source '\(source)'); "
                + "rename one of them, or give the files one 'source' if they are copies for a cluster")
    }

    /// What the file decides about a job: everything but the next run time, runnability
    /// and the pause state (the file's `paused` value is in the metadata).
    private static func definition(of job: Job) -> Job {
        var job = job
        job.nextRunTime = nil
        job.isRunnable = true
        job.isPaused = false
        return job
    }
}
