import Hourglass
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the daemon's configuration file on SIGHUP: the store's jobs are synced to
/// it again, and its notifiers replaced. A file with a mistake, or one that names another store, is logged and
/// changes nothing.
struct ConfigurationReloader: Service {
    let path: String
    /// The crontab files given on the command line, read again on each reload.
    let crontabs: CrontabSources
    /// The store the daemon opened; a reload cannot move the jobs to another.
    let store: String
    let scheduler: Scheduler
    /// The daemon's notifiers, replaced by the file's `notify` sections on each reload.
    let notifications: DaemonNotifications
    let logger: Logger
    /// SIGHUP, trapped before the daemon says it has started, so that an early one does not end it.
    let hangUps: UnixSignalsSequence

    func run() async throws {
        for await _ in hangUps.cancelOnGracefulShutdown() {
            await reload()
        }
    }

    /// Reads the file and syncs its jobs; errors are logged, not thrown.
    func reload() async {
        do {
            let configuration = try DaemonConfiguration.load(path: path, crontabs: crontabs)
            guard configuration.store == store else {
                logger.error(
                    "configuration not reloaded: it names another store; restart the daemon to change stores",
                    metadata: ["config.file": .string(path)])
                return
            }
            let changes = try await ConfigurationSync.apply(configuration, to: scheduler, store: Scheduler.defaultName)
            await notifications.apply(configuration.notify)
            for warning in configuration.warnings { logger.warning("\(warning)") }
            logger.notice(
                "configuration reloaded",
                metadata: [
                    "config.file": .string(path), "jobs.added": .stringConvertible(changes.added.count),
                    "jobs.changed": .stringConvertible(changes.changed.count),
                    "jobs.removed": .stringConvertible(changes.removed.count),
                    "jobs.fired": .stringConvertible(changes.fired.count),
                ])
        } catch {
            logger.error(
                "configuration not reloaded; the jobs stay as they were",
                metadata: ["config.file": .string(path), "error.message": .string("\(error)")])
        }
    }
}
