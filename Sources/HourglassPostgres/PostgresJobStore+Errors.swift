import Foundation
import Hourglass
import PostgresNIO

extension PostgresJobStore {
    /// Runs `work`; database errors become `SchedulerError`s that name the store and
    /// what was being done.
    func run<T: Sendable>(_ doing: String, _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch {
            throw storeError(error, doing: doing)
        }
    }

    /// Runs `work` in a transaction on one connection; it commits when `work` returns and
    /// rolls back when it throws.
    func transaction<T: Sendable>(_ doing: String, _ work: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await work(connection) }
        } catch let error as PostgresTransactionError {
            throw storeError(error.closureError ?? error.beginError ?? error.commitError ?? error, doing: doing)
        } catch {
            throw storeError(error, doing: doing)
        }
    }

    /// A `SchedulerError` for a database failure, saying what to check.
    func storeError(_ error: any Error, doing: String) -> any Error {
        if error is SchedulerError || error is CancellationError { return error }
        guard let database = error as? PSQLError else {
            return SchedulerError(code: .storeFailure, field: name, reason: "could not \(doing): \(error)")
        }
        if let server = database.serverInfo {
            let code = server[.sqlState] ?? "?"
            let message = server[.message] ?? "no message"
            return SchedulerError(
                code: .storeFailure, field: name,
                reason: "could not \(doing): the server refused (SQLSTATE \(code): \(message))")
        }
        return SchedulerError(
            code: .storeFailure, field: name,
            reason: "could not \(doing): no connection to the database (\(database.code)); "
                + "check that the server is running and reachable, and that the client's run() is running")
    }
}
