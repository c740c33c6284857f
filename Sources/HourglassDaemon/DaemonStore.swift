import Foundation
import Hourglass
import HourglassPostgres
import HourglassSQLite
import Logging
import PostgresNIO

/// Opens the store a daemon configuration names: an SQLite file, or a PostgreSQL
/// database given as a `postgres://` URL (`?schema=name` picks the schema, default
/// `hourglass`; `answer_timeout=seconds` how long a store call waits for the database,
/// default 30: ``PostgresJobStore/configuration(url:)``).
public enum DaemonStore {
    /// Whether `location` names a PostgreSQL database (a `postgres://` or `postgresql://`
    /// URL) rather than an SQLite file. `postgres-jobs.sqlite` is a file.
    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// `location` as messages and logs show it: a PostgreSQL URL with its password as `***`
    /// (``PostgresJobStore/redacted(_:)``), a path as it is.
    public static func redacted(_ location: String) -> String {
        PostgresJobStore.redacted(location)
    }

    /// A configuration file's `store` value as a location: a PostgreSQL URL or an absolute
    /// path as it is, any other path taken from `directory` (the file's).
    ///
    /// - Throws: ``SchedulerError/Code/invalidArgument`` for a URL of another scheme, such
    ///   as `mysql://`, or a PostgreSQL URL with a bad `answer_timeout`, named without its
    ///   password.
    public static func location(_ store: String, relativeTo directory: URL) throws(SchedulerError) -> String {
        try checkScheme(store)
        if isPostgres(store) {
            // Read now, so that a bad setting is refused at the file's line.
            _ = try PostgresJobStore.configuration(url: store)
            return store
        }
        if store.hasPrefix("/") { return store }
        return directory.appendingPathComponent(store).path
    }

    /// Refuses a URL that is not PostgreSQL's, which would otherwise name an SQLite file.
    static func checkScheme(_ location: String) throws(SchedulerError) {
        guard !isPostgres(location), let separator = location.range(of: "://") else { return }
        throw SchedulerError(
            code: .invalidArgument, field: "store '\(PostgresJobStore.redacted(location))'",
            reason: "is a URL of scheme '\(location[..<separator.lowerBound])'; "
                + "use postgres://user:password@host:5432/database, or a file path for SQLite")
    }

    /// Opens the store at `location`, calls `body` with it, and closes it when `body`
    /// returns. A PostgreSQL client runs for as long as `body` does.
    ///
    /// - Throws: ``SchedulerError`` when the store cannot be opened (a bad URL, a file that
    ///   is not an SQLite database, a server that cannot be reached or refuses the login,
    ///   within seconds and with the reason), or what `body` throws.
    public static func withStore<Result: Sendable>(
        at location: String, logger: Logger, _ body: (any JobStore) async throws -> Result
    ) async throws -> Result {
        guard isPostgres(location) else {
            try checkScheme(location)
            return try await body(SQLiteJobStore(path: location))
        }
        let configuration = try PostgresJobStore.clientConfiguration(url: location)
        let storeConfiguration = try PostgresJobStore.configuration(url: location)
        // postgres-nio warns when a query waits for `client.run()` to begin, as the first
        // one here may; the scheduler logs every store failure itself.
        var storeLogger = logger
        storeLogger.logLevel = max(logger.logLevel, .error)
        // The client would retry a wrong password or a closed port for about a minute and
        // then fail without saying why; one connection first fails at once with the reason.
        try await PostgresJobStore.checkConnection(url: location, logger: storeLogger)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let store = try await PostgresJobStore(client: client, configuration: storeConfiguration, logger: storeLogger)
            return try await body(store)
        }
    }
}
