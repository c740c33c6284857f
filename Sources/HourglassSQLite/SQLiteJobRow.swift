import Foundation
import GRDB
import GRDBSQLite
import Hourglass

/// A job as one row of `hourglass_jobs` (a ``StoredJob``), plus its claim.
enum SQLiteJobRow {
    /// The columns a job reads from, in this order.
    static let columns = "id, name, trigger, handler, arguments, options, next_run_time, paused"

    /// Runs `statement`, whose parameters are ``columns`` in order and then `extra` if
    /// given, for `stored`: bound and stepped through SQLite's C functions. GRDB's own way
    /// (statement arguments, temporary bindings, observation of each statement) costs more
    /// than SQLite's one-row insert itself. Only for statements that return no rows.
    static func execute(_ statement: Statement, for stored: StoredJob, then extra: String? = nil, in database: Database) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        let values: [(any StatementBinding)?] = [
            stored.id, stored.name, stored.trigger, stored.handler, stored.arguments, stored.options, stored.nextRunTime,
            stored.paused, extra,
        ]
        for (index, value) in values.enumerated() where index < sqlite3_bind_parameter_count(handle) {
            let code = value?.bind(to: handle, at: CInt(index + 1)) ?? sqlite3_bind_null(handle, CInt(index + 1))
            guard code == SQLITE_OK else { throw failure(code, of: statement, in: database) }
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw failure(code, of: statement, in: database) }
        sqlite3_reset(handle)
    }

    private static func failure(_ code: CInt, of statement: Statement, in database: Database) -> DatabaseError {
        let message = String(cString: sqlite3_errmsg(database.sqliteConnection))
        sqlite3_reset(statement.sqliteStatement)
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    /// The row of `job` in the store at `path`.
    static func stored(_ job: Job, path: String) throws -> StoredJob {
        try StoredJob(job, store: "'\(path)'")
    }

    /// The job in `row`, whose first columns are ``columns``.
    static func job(from row: Row, path: String) throws -> Job {
        try StoredJob(
            id: row[0], name: row[1], trigger: row[2], handler: row[3], arguments: row[4], options: row[5],
            nextRunTime: row[6], paused: row[7]
        ).job(store: "'\(path)'")
    }
}
