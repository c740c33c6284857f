import Foundation
import GRDB
import Hourglass

/// A job as one row of `hourglass_jobs` (a `StoredJob`), plus its claim.
enum SQLiteJobRow {
    /// The columns a job reads from, in this order.
    static let columns = "id, name, trigger, handler, arguments, options, next_run_time, paused"

    /// Runs `statement`, whose parameters are ``columns`` in order and then `extra` if
    /// given, for `stored` (see `Statement.executeBound`).
    static func execute(_ statement: Statement, for stored: StoredJob, then extra: String? = nil) throws {
        var values: [(any StatementBinding)?] = [
            stored.id, stored.name, stored.trigger, stored.handler, stored.arguments, stored.options, stored.nextRunTime,
            stored.paused,
        ]
        if let extra { values.append(extra) }
        try statement.executeBound(values)
    }

    /// The row of `job` in the store at `path`.
    static func stored(_ job: Job, path: String) throws -> StoredJob {
        try StoredJob(job, store: "'\(path)'")
    }

    /// The job in `row`, whose first columns are ``columns``.
    static func job(from row: Row, path: String) throws -> Job {
        try stored(from: row).job(store: "'\(path)'")
    }

    /// The job in `row`, whose columns are ``columns`` then `revision`.
    static func jobWithRevision(from row: Row, path: String) throws -> Job {
        var job = try job(from: row, path: path)
        job.revision = row[8]
        return job
    }

    /// The stored job in `row`, whose first columns are ``columns``.
    static func stored(from row: Row) -> StoredJob {
        StoredJob(
            id: row[0], name: row[1], trigger: row[2], handler: row[3], arguments: row[4], options: row[5],
            nextRunTime: row[6], paused: row[7])
    }

    /// Appends the rows of `statement`, whose columns are ``columns`` then `revision`,
    /// read one at a time from the statement rather than copied into GRDB rows.
    static func readWithRevision(
        _ statement: Statement, arguments: StatementArguments, into rows: inout [(stored: StoredJob, revision: Int64)]
    ) throws {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try cursor.next() { rows.append((stored(from: row), row[8])) }
    }
}
