import Foundation
import GRDB
import Hourglass

/// A job as one row of `hourglass_jobs` (a ``StoredJob``), plus its claim.
enum SQLiteJobRow {
    /// The columns a job reads from, in this order.
    static let columns = "id, name, trigger, handler, arguments, options, next_run_time, paused"

    /// The values of ``columns`` for `stored`, then `extra`. Written as a literal, which
    /// GRDB builds with code specialized for it; its generic initializers from sequences
    /// cost more than the insert they feed.
    static func arguments(_ stored: StoredJob, then extra: String? = nil) -> StatementArguments {
        var arguments: StatementArguments = [
            stored.id, stored.name, stored.trigger, stored.handler, stored.arguments, stored.options, stored.nextRunTime,
            stored.paused,
        ]
        if let extra { arguments += [extra] }
        return arguments
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
