import Foundation
import Hourglass

/// Decides, per job, which run ends become notifications: at most one problem
/// notification per `repeatAfter` (the ones held back are counted, and the count goes
/// with the next one sent), and ``NotificationEvent/recovered`` for the first success
/// after a problem, which closes the streak. A value; its owner keeps it under a lock.
struct ProblemThrottle {
    /// A job, by store and id.
    struct Key: Hashable {
        let store: String
        let id: JobID
    }

    private struct JobState {
        /// Whether the job's last end was a problem.
        var failing = false
        /// When the last problem notification was sent.
        var lastSent: Date?
        /// Problem notifications held back since then.
        var suppressed = 0
    }

    /// What to send for a run's end: `event`, with how many were held back before it.
    struct Decision: Equatable {
        let event: NotificationEvent
        let suppressed: Int
    }

    let repeatAfter: Duration?
    /// Only jobs with a streak of problems have an entry.
    private var jobs: [Key: JobState] = [:]

    init(repeatAfter: Duration?) {
        self.repeatAfter = repeatAfter
    }

    /// A run of `job` ended with the problem `event` at `now`; nil when nothing is sent.
    mutating func problem(_ event: NotificationEvent, job: Key, wanted: Set<NotificationEvent>, now: Date) -> Decision? {
        var state = jobs[job] ?? JobState()
        state.failing = true
        defer { jobs[job] = state }
        guard wanted.contains(event) else { return nil }
        if let repeatAfter, let last = state.lastSent, now < last.addingTimeInterval(IntervalTrigger.seconds(repeatAfter)) {
            state.suppressed += 1
            return nil
        }
        let decision = Decision(event: event, suppressed: state.suppressed)
        state.lastSent = now
        state.suppressed = 0
        return decision
    }

    /// A run of `job` succeeded: ``NotificationEvent/recovered`` after a problem (when
    /// wanted), else ``NotificationEvent/success`` when wanted, else nil.
    mutating func success(job: Key, wanted: Set<NotificationEvent>) -> Decision? {
        if let state = jobs.removeValue(forKey: job), state.failing, wanted.contains(.recovered) {
            return Decision(event: .recovered, suppressed: state.suppressed)
        }
        return wanted.contains(.success) ? Decision(event: .success, suppressed: 0) : nil
    }
}
