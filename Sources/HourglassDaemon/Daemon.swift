import Foundation
import Hourglass
import HourglassHTTP
import HourglassPostgres
import Logging
import Prometheus
import ServiceLifecycle
import UnixSignals

/// The `hourglass run` daemon: keeps a configuration file's jobs in their store and runs
/// them until SIGTERM or SIGINT; SIGHUP reloads the file.
public struct Daemon: Sendable {
    /// The configuration file.
    public var configurationPath: String
    /// How long running commands may go on after SIGTERM or SIGINT; then they are ended
    /// (SIGTERM to their process group, SIGKILL five seconds later).
    public var shutdownGracePeriod: Duration
    /// How many bytes of a command's output the run history keeps.
    public var outputLimit: Int
    /// Where the daemon logs: syncs, reloads, each command's end, failures.
    public var logger: Logger
    /// The daemon's name as a claim owner in its store, kept across restarts: a daemon
    /// restarted under the same id marks its previous process's runs abandoned at once,
    /// instead of after a lease. Nil: a new name for each process.
    public var nodeID: String?
    /// Where the HTTP API listens, over the file's `http.listen`; nil: as the file says.
    public var httpListen: ListenAddress?
    /// Crontab files to run beside the file's jobs (`--crontab`, `--ignore-user`).
    public var crontabs = CrontabSources()
    /// The variables that give the HTTP API's tokens (``APIAccess/fromEnvironment(_:)``).
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    /// A daemon for the file at `configurationPath`.
    public init(
        configurationPath: String, shutdownGracePeriod: Duration = .seconds(30),
        outputLimit: Int = CommandRunner.defaultOutputLimit, logger: Logger = Logger(label: "hourglass")
    ) {
        self.configurationPath = configurationPath
        self.shutdownGracePeriod = shutdownGracePeriod
        self.outputLimit = outputLimit
        self.logger = logger
    }

    /// Reads the file, opens its store, syncs its jobs and runs them until a shutdown
    /// signal; returns once running commands have ended.
    ///
    /// - Throws: ``ConfigurationError`` for a mistake in the file; ``SchedulerError`` when
    ///   the store cannot be opened or written.
    public func run() async throws {
        let configuration = try DaemonConfiguration.load(path: configurationPath, crontabs: crontabs)
        let http = try httpSetting(configuration)
        // Before the scheduler is made: it takes the backend there is then.
        let metrics = http == nil ? nil : HourglassPrometheus.bootstrap()
        try await DaemonStore.withStore(at: configuration.store, logger: logger) { store in
            if let nodeID {
                let heartbeat = Scheduler.Configuration().lease / 4
                try await NodeIdentity.ensureUnused(nodeID, in: store, heartbeatInterval: heartbeat, logger: logger)
            }
            let scheduler = try await CommandJobs.scheduler(
                on: store, timeZone: configuration.timeZone, outputLimit: outputLimit, logger: logger, nodeID: nodeID)
            // Trapped before the daemon says it has started: a SIGTERM right after that line
            // then stops it cleanly instead of killing it before the group listens.
            let shutdowns = await UnixSignalsSequence(trapping: .sigterm, .sigint)
            let changes = try await ConfigurationSync.apply(configuration, to: scheduler, store: Scheduler.defaultName)
            // Attached before any run starts; delivered (what is queued) after the last run ends.
            let notifications = DaemonNotifications(scheduler: scheduler, logger: logger)
            await notifications.apply(configuration.notify)
            for warning in configuration.warnings { logger.warning("\(warning)") }
            let reloader = ConfigurationReloader(
                path: configurationPath, crontabs: crontabs, store: configuration.store, scheduler: scheduler, notifications: notifications,
                logger: logger, hangUps: await UnixSignalsSequence(trapping: .sighup))
            logger.notice(
                "hourglass daemon started",
                metadata: [
                    "config.file": .string(configurationPath), "config.store": .string(PostgresJobStore.redacted(configuration.store)),
                    "node.id": .string(scheduler.schedulerID),
                    "jobs.added": .stringConvertible(changes.added.count), "jobs.changed": .stringConvertible(changes.changed.count),
                    "jobs.removed": .stringConvertible(changes.removed.count),
                    "jobs.unchanged": .stringConvertible(changes.unchanged.count),
                    "jobs.fired": .stringConvertible(changes.fired.count),
                ])
            do {
                try await run(
                    scheduler, configuration: configuration, reloader: reloader, http: http, metrics: metrics, shuttingDownOn: shutdowns)
            } catch {
                await notifications.shutdown()
                throw error
            }
            await notifications.shutdown()
            logger.notice("hourglass daemon stopped")
        }
    }

    /// Starts the `@reboot` jobs, then runs the scheduler, the reloader and the HTTP API
    /// until one of `shutdowns`.
    private func run(
        _ scheduler: Scheduler, configuration: DaemonConfiguration, reloader: ConfigurationReloader,
        http: (address: ListenAddress, access: APIAccess)?, metrics: PrometheusCollectorRegistry?,
        shuttingDownOn shutdowns: UnixSignalsSequence
    ) async throws {
        try await RebootJobs.start(configuration, on: scheduler, store: Scheduler.defaultName, logger: logger)
        var group = ServiceGroupConfiguration(
            services: [
                .init(service: scheduler, serviceName: "scheduler"),
                .init(service: reloader, successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "reloader"),
            ],
            logger: logger)
        if let http {
            let api = HourglassAPI(scheduler: scheduler, access: http.access, metrics: metrics)
            var dashboard = HourglassDashboard(scheduler: scheduler, access: http.access)
            dashboard.targetDescription = CommandSpec.describe
            group.services.append(
                .init(
                    service: HourglassHTTPServer.service(api: api, dashboard: dashboard, address: http.address, logger: logger),
                    serviceName: "http"))
        }
        group.maximumGracefulShutdownDuration = shutdownGracePeriod
        // As PID 1 in a container, the daemon adopts its commands' orphans: it reaps them.
        let reaper = Task { await OrphanReaper.run() }
        defer { reaper.cancel() }
        try await Self.run(ServiceGroup(configuration: group), shuttingDownOn: shutdowns)
    }

    /// Where the HTTP API listens and who may use it, or nil for no API. Refuses an
    /// address beyond this machine without a token.
    private func httpSetting(_ configuration: DaemonConfiguration) throws -> (address: ListenAddress, access: APIAccess)? {
        guard let address = httpListen ?? configuration.httpListen else { return nil }
        let access: APIAccess
        do {
            access = try APIAccess.fromEnvironment(environment)
        } catch {
            throw ConfigurationError(file: configuration.file, field: "http", message: error.message)
        }
        if access.isOpen && !address.isLoopback {
            throw ConfigurationError(
                file: configuration.file, field: "http",
                message: """
                    listening on \(address) lets other machines in, and no token is set; set HOURGLASS_HTTP_READ_TOKEN \
                    and HOURGLASS_HTTP_ADMIN_TOKEN (or their _FILE forms), or listen on 127.0.0.1
                    """)
        }
        return (address, access)
    }

    /// Runs `group` until it ends; each signal of `signals` shuts it down gracefully.
    private static func run(_ group: ServiceGroup, shuttingDownOn signals: UnixSignalsSequence) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                for await _ in signals { await group.triggerGracefulShutdown() }
            }
            defer { tasks.cancelAll() }
            try await group.run()
        }
    }
}
