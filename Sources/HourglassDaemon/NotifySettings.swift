import Hourglass
import HourglassNotify

/// The `notify` sections of a configuration file: the defaults at the top, and each
/// job's own.
///
/// A job's `notify` adds its channels to the defaults' (`inherit: true`, the default), or
/// replaces them (`inherit: false`; with no channels, the job sends nothing). Its
/// `events` replace the defaults' events for that job, on every channel it uses.
public struct NotifySettings: Sendable, Hashable {
    /// The top-level `notify`: events and channels for every job.
    public var defaults = NotifyGroup()
    /// At most one problem notification per job per span; nil: every one. The top-level `repeat_after`, default 1 h.
    public var repeatAfter: Duration? = .seconds(3600)
    /// The jobs that have a `notify` of their own.
    public var jobs: [JobID: JobNotify] = [:]

    /// Settings with no channels.
    public init() {}

    /// Whether no channel is configured anywhere.
    public var isEmpty: Bool { defaults.channels.isEmpty && jobs.values.allSatisfy(\.channels.isEmpty) }

    /// Every notifier to attach: each channel with the jobs and events it takes.
    /// A ping takes every start and end of its jobs, unthrottled.
    public var routes: [NotifyRoute] {
        let replacing = Set(jobs.filter { !$0.value.inherit }.keys)
        var eventsByJob: [JobID: Set<NotificationEvent>] = [:]
        for (id, job) in jobs where job.inherit {
            if let events = job.events { eventsByJob[id] = events }
        }
        var routes: [NotifyRoute] = []
        for channel in defaults.channels {
            let filter =
                channel.isPing
                ? NotificationFilter(events: PingNotifier.events, excludedJobs: replacing)
                : NotificationFilter(events: defaults.events, excludedJobs: replacing, eventsByJob: eventsByJob)
            routes.append(NotifyRoute(channel: channel, filter: filter, repeatAfter: channel.isPing ? nil : repeatAfter))
        }
        for (id, job) in jobs.sorted(by: { $0.key < $1.key }) {
            for channel in job.channels {
                let events = channel.isPing ? PingNotifier.events : job.events ?? defaults.events
                routes.append(
                    NotifyRoute(
                        channel: channel, filter: NotificationFilter(events: events, jobs: [id]),
                        repeatAfter: channel.isPing ? nil : repeatAfter))
            }
        }
        return routes
    }

    /// The channels that notify `job`'s runs.
    public func channels(for job: JobID) -> [NotificationChannel] {
        let own = jobs[job]
        return (own?.inherit ?? true ? defaults.channels : []) + (own?.channels ?? [])
    }

    /// Every channel of the file, each once, in the file's order (defaults first).
    public var allChannels: [NotificationChannel] {
        var seen: Set<NotificationChannel> = []
        var all: [NotificationChannel] = []
        for channel in defaults.channels + jobs.sorted(by: { $0.key < $1.key }).flatMap(\.value.channels)
        where seen.insert(channel).inserted {
            all.append(channel)
        }
        return all
    }
}

/// Events and the channels they go to.
public struct NotifyGroup: Sendable, Hashable {
    /// The events sent. Default: ``HourglassNotify/NotificationEvent/defaults``.
    public var events: Set<NotificationEvent> = NotificationEvent.defaults
    /// Where they go.
    public var channels: [NotificationChannel] = []

    /// No channels, the default events.
    public init() {}
}

/// A job's own `notify`.
public struct JobNotify: Sendable, Hashable {
    /// Whether the defaults' channels notify the job too (`inherit`, default true).
    public var inherit = true
    /// The job's events on every channel it uses; nil: the defaults'.
    public var events: Set<NotificationEvent>?
    /// The job's own channels.
    public var channels: [NotificationChannel] = []

    /// Inherits everything, adds nothing.
    public init() {}
}

/// One notifier to attach: a channel, the jobs and events it takes, its throttling.
public struct NotifyRoute: Sendable, Hashable {
    /// The channel.
    public var channel: NotificationChannel
    /// Its jobs and events.
    public var filter: NotificationFilter
    /// Its `repeat_after`; nil: unthrottled.
    public var repeatAfter: Duration?
}
