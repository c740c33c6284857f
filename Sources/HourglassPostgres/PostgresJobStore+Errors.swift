import Foundation
import Hourglass
import PostgresNIO

extension PostgresJobStore {
    /// A `SchedulerError` for a database failure, saying what to check.
    func storeError(_ error: any Error, doing: String) -> any Error {
        if error is SchedulerError || error is CancellationError { return error }
        if let transaction = error as? PostgresTransactionError,
            let cause = transaction.closureError ?? transaction.beginError ?? transaction.commitError
        {
            return storeError(cause, doing: doing)
        }
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
