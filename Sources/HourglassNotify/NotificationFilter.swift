import Hourglass

/// Which events of which jobs a notifier gets: a set of events for every job, with
/// per-job changes. An array literal of events is a filter for every job.
///
/// ```swift
/// scheduler.addNotifier(webhook, for: [.failure, .timeout, .recovered])
/// ```
public struct NotificationFilter: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// The events of every job that has no entry in ``eventsByJob``.
    public var events: Set<NotificationEvent>
    /// The only jobs notified; nil for every job.
    public var jobs: Set<JobID>?
    /// Jobs never notified.
    public var excludedJobs: Set<JobID>
    /// Jobs whose events differ from ``events``.
    public var eventsByJob: [JobID: Set<NotificationEvent>]

    /// The ``NotificationEvent/defaults`` of every job.
    public static let defaults = NotificationFilter(events: NotificationEvent.defaults)

    /// A filter: `events` of the selected jobs (every job unless `jobs` names some).
    public init(
        events: Set<NotificationEvent>, jobs: Set<JobID>? = nil, excludedJobs: Set<JobID> = [],
        eventsByJob: [JobID: Set<NotificationEvent>] = [:]
    ) {
        self.events = events
        self.jobs = jobs
        self.excludedJobs = excludedJobs
        self.eventsByJob = eventsByJob
    }

    /// These events of every job.
    public init(arrayLiteral events: NotificationEvent...) {
        self.init(events: Set(events))
    }

    /// The events notified for `job` (empty when the job is not notified).
    public func events(for job: JobID) -> Set<NotificationEvent> {
        if let jobs, !jobs.contains(job) { return [] }
        if excludedJobs.contains(job) { return [] }
        return eventsByJob[job] ?? events
    }

    /// Every event some job is notified of.
    public var allEvents: Set<NotificationEvent> {
        eventsByJob.values.reduce(events) { $0.union($1) }
    }

    /// The scheduler events a notifier with this filter listens to.
    var eventKinds: Set<SchedulerEvent.Kind> {
        var kinds: Set<SchedulerEvent.Kind> = [.runRecorded, .runAbandoned]
        if allEvents.contains(.started) { kinds.insert(.runStarted) }
        return kinds
    }
}
