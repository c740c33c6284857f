import Hourglass
import Logging

/// The `@reboot` jobs of a configuration file (`cron: "@reboot"`), which the daemon runs
/// once each time it starts, on its own node: every daemon of a cluster runs them. They
/// are stored with a ``RebootTrigger``, which never fires by itself, so a reload by
/// SIGHUP does not run them; `hourglass jobs run-now` does, and a job paused with
/// `hourglass jobs pause` is not run at a start.
enum RebootJobs {
    /// Starts a run of each unpaused `@reboot` job of `configuration` in `store`, as
    /// ``Scheduler/runNow(_:in:)`` does (under the job's concurrency limit); a job that
    /// cannot start is logged, and the others still run.
    static func start(
        _ configuration: DaemonConfiguration, on scheduler: Scheduler, store: String, logger: Logger
    ) async throws {
        let jobs = try await scheduler.jobs(in: store).filter {
            $0.trigger.runsOnlyOnRequest && !$0.isPaused
                && $0.options.metadata[ConfigurationSync.sourceKey] == configuration.source
        }
        for job in jobs {
            do {
                try await scheduler.runNow(job.id, in: store)
                logger.notice("@reboot job started", metadata: ["job.id": .string(job.id.rawValue)])
            } catch {
                logger.error(
                    "@reboot job not started",
                    metadata: ["job.id": .string(job.id.rawValue), "error.message": .string("\(error)")])
            }
        }
    }
}
