import Foundation

extension Job {
    /// A job's state as a person is told it: in the CLI, the HTTP API and the dashboard.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// It has a next run time and will run.
        case scheduled
        /// Paused: it does not run until resumed.
        case paused
        /// No handler or executor for it is registered in this process.
        case unrunnable
        /// An `@reboot` job: it runs when the daemon starts.
        case atStart = "at start"
        /// It has no next run time: its trigger is done.
        case finished
    }

    /// The job's ``State``; ``Job/isRunnable`` counts only on jobs read through a scheduler.
    public var state: State {
        if isPaused { return .paused }
        if !isRunnable { return .unrunnable }
        if trigger.runsOnlyOnRequest { return .atStart }
        return nextRunTime == nil ? .finished : .scheduled
    }
}

extension AnyTrigger {
    /// The zone the trigger's times are meant in: a cron or calendar trigger's, or that of
    /// the first member of a combination that has one; nil for triggers without a zone
    /// (date and interval triggers are instants).
    public var timeZone: TimeZone? { Self.timeZone(of: base) }

    private static func timeZone(of trigger: any Trigger) -> TimeZone? {
        switch trigger {
        case let cron as CronTrigger: cron.timeZone
        case let calendar as CalendarIntervalTrigger: calendar.timeZone
        case let and as AndTrigger: and.members.lazy.compactMap { timeZone(of: $0.base) }.first
        case let or as OrTrigger: or.members.lazy.compactMap { timeZone(of: $0.base) }.first
        default: nil
        }
    }
}
