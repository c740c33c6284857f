import ArgumentParser
import Foundation
import Hourglass
import HourglassDaemon
import Logging

/// Which store a management command works on: the store of a configuration file, or one
/// named directly.
struct StoreOptions: ParsableArguments {
    @Option(help: "The configuration file whose store to use.")
    var config = "hourglass.yaml"

    @Option(help: "A store to use instead of the configuration file's: an SQLite file or a postgres:// URL.")
    var store: String?

    /// The store's location, and the time zone to show times in (the file's, or UTC
    /// with `--store`).
    func location() throws -> (store: String, timeZone: TimeZone) {
        if let store { return (store, .gmt) }
        guard FileManager.default.fileExists(atPath: config) else {
            throw UsageError(description: "no configuration file '\(config)'; give --config FILE or --store LOCATION")
        }
        let configuration = try DaemonConfiguration.load(path: config)
        return (configuration.store, configuration.timeZone)
    }

    /// Opens the store, which must exist, and calls `body` with a scheduler on it (not
    /// started) and the zone to show times in.
    func withScheduler(_ body: (Scheduler, TimeZone) async throws -> Void) async throws {
        let (location, timeZone) = try location()
        // A mistyped path would otherwise become a new, empty store.
        guard DaemonStore.isPostgres(location) || FileManager.default.fileExists(atPath: location) else {
            throw UsageError(description: "no store at '\(location)'; start the daemon once (hourglass run) or check the path")
        }
        let logger = CommandLogging.logger(level: .error)
        try await DaemonStore.withStore(at: location, logger: logger) { store in
            try await body(try await CommandJobs.scheduler(on: store, timeZone: timeZone, logger: logger), timeZone)
        }
    }
}

/// A job named on the command line.
struct JobArgument: ParsableArguments {
    @Argument(help: "The job's id.")
    var id: String

    var jobID: JobID { JobID(id) }

    /// The job, or an error that names it.
    func job(in scheduler: Scheduler) async throws -> Job {
        guard let job = try await scheduler.job(jobID) else { throw SchedulerError.jobNotFound(jobID) }
        return job
    }
}
