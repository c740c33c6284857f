import GRDB
import HourglassSQLite
import HourglassTestSupport

/// A second connection to a store's file that holds SQLite's write lock until released,
/// as another process in the middle of a long write would.
struct WriteLockHolder {
    private let connection: DatabaseQueue

    /// Opens the file at `path` and takes its write lock.
    init(path: String) async throws {
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        connection = try DatabaseQueue(path: path, configuration: configuration)
        try await connection.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
    }

    /// Gives the lock back without writing anything.
    func release() async throws {
        try await connection.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
    }

    /// The number of jobs in the file, as this connection sees them.
    func jobCount() async throws -> Int {
        try await connection.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM hourglass_jobs") ?? -1 }
    }
}

extension SQLiteJobStore {
    /// A store at `path` whose writes wait up to `busyTimeout` for another connection's write lock.
    static func waiting(_ busyTimeout: Duration, path: String) throws -> SQLiteJobStore {
        var configuration = Configuration()
        configuration.busyTimeout = busyTimeout
        return try SQLiteJobStore(path: path, configuration: configuration)
    }
}
