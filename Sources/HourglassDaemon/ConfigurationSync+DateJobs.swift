import Foundation
import Hourglass

extension ConfigurationSync {
    /// Whether `job` is a `date` job that has already run at its date: the store's run
    /// history keeps a record of the job at that fire time, of any status (a `missed` or
    /// `running` one too). Such a job was removed from the store as finished when it ran;
    /// adding it again from the file would run it a second time.
    ///
    /// The history is the memory of it: a record dropped by the store's retention (the
    /// last 100 runs of each job by default) lets the job run again.
    static func hasFired(_ job: Job, in scheduler: Scheduler, store: String) async throws -> Bool {
        guard let date = (job.trigger.base as? DateTrigger)?.date else { return false }
        return try await scheduler.runs(of: job.id, in: store, limit: 100).contains {
            abs($0.scheduledFireTime.timeIntervalSince(date)) < 0.000_5
        }
    }
}
