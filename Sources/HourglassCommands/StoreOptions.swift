import ArgumentParser
import Foundation
import Hourglass
import HourglassDaemon
import Logging

/// Which store a management command works on: the store of a configuration file, or one
/// named directly.
struct StoreOptions: ParsableArguments {
    @Option(help: "The configuration file whose store to use.")
    var config = ConfigurationDefaults.path

    @Option(
        help: ArgumentHelp(
            "A store to use instead of the configuration file's: an SQLite file or a postgres:// URL.",
            discussion: "${NAME} in it is replaced by the environment variable NAME (quote it for the shell)."))
    var store: String?

    /// The store's location, and the time zone to show times in (the file's, or UTC
    /// without one): `--store`, else the configuration file's store, else `HOURGLASS_STORE`
    /// when there is no configuration file.
    func location() throws -> (store: String, timeZone: TimeZone) {
        let environment = ProcessInfo.processInfo.environment
        if let store { return (try Self.expanded(store, origin: "--store", environment: environment), .gmt) }
        guard FileManager.default.fileExists(atPath: config) else {
            if let location = environment[DaemonStore.environmentVariable], !location.isEmpty {
                return (try Self.expanded(location, origin: DaemonStore.environmentVariable, environment: environment), .gmt)
            }
            throw UsageError(
                description: "no configuration file '\(config)'; give --config FILE or --store LOCATION, "
                    + "or set \(DaemonStore.environmentVariable)")
        }
        // Only the store and the zone are needed: the crontab files are not read.
        let configuration = try DaemonConfiguration.load(
            path: config, environment: environment, crontabs: CrontabSources(readsFiles: false))
        return (configuration.store, configuration.timeZone)
    }

    /// `location` with its `${NAME}` references replaced, or a usage error naming `origin`.
    private static func expanded(_ location: String, origin: String, environment: [String: String]) throws -> String {
        do {
            return try DaemonStore.expanded(location, environment: environment)
        } catch {
            throw UsageError(description: "\(origin): \(error)")
        }
    }

    /// Opens the store, which must exist, and calls `body` with a scheduler on it (not
    /// started) and the zone to show times in.
    func withScheduler(_ body: (Scheduler, TimeZone) async throws -> Void) async throws {
        let (location, timeZone) = try location()
        // A URL of another scheme (mysql://) is refused with its password hidden, before the
        // existence check below could show it as a path.
        _ = try DaemonStore.location(location, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
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
