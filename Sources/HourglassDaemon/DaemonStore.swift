import Foundation
import Hourglass
import HourglassPostgres
import HourglassSQLite
import Logging
import PostgresNIO

/// Opens the store a daemon configuration names: an SQLite file, or a PostgreSQL
/// database given as a `postgres://` URL (`?schema=name` picks the schema; default
/// `hourglass`).
public enum DaemonStore {
    /// Whether `location` names a PostgreSQL database rather than an SQLite file.
    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Opens the store at `location`, calls `body` with it, and closes it when `body`
    /// returns. A PostgreSQL client runs for as long as `body` does.
    ///
    /// - Throws: ``SchedulerError`` when the store cannot be opened (a bad URL, a file that
    ///   is not an SQLite database, a server that cannot be reached), or what `body` throws.
    public static func withStore<Result: Sendable>(
        at location: String, logger: Logger, _ body: (any JobStore) async throws -> Result
    ) async throws -> Result {
        guard isPostgres(location) else {
            return try await body(SQLiteJobStore(path: location))
        }
        let client = PostgresClient(configuration: try PostgresJobStore.clientConfiguration(url: location), backgroundLogger: logger)
        var configuration = PostgresJobStore.Configuration()
        if let schema = URLComponents(string: location)?.queryItems?.first(where: { $0.name == "schema" })?.value {
            configuration.schema = schema
        }
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            // postgres-nio warns when a query waits for `client.run()` to begin, as the first
            // one here may; the scheduler logs every store failure itself.
            var storeLogger = logger
            storeLogger.logLevel = max(logger.logLevel, .error)
            let store = try await PostgresJobStore(client: client, configuration: configuration, logger: storeLogger)
            return try await body(store)
        }
    }
}
