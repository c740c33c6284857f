import GRDB
import GRDBSQLite

extension Statement {
    /// Binds `values` to the parameters, in order (nil as NULL), and runs the statement to
    /// its end, straight through SQLite's C functions. GRDB's own way (statement arguments,
    /// temporary bindings, observation of each statement) costs more than SQLite's one-row
    /// insert itself; the stores' hot statements (job rows, run records) go this way. Only
    /// for statements that return no rows.
    ///
    /// Measured (issue 18): with `execute(arguments:)` for job rows and run records (and
    /// messages bound as bytes cast to text in the SQL), W5 on tmpfs used 1.10-1.12x the CPU
    /// in `batch_add`, 1.19-1.45x in one-at-a-time adds with `syncEveryCommit` (1.04-1.07x
    /// without) and 1.03-1.19x in the dispatch burst (medians of three calls of 5-6
    /// alternating pairs of whole runs).
    ///
    /// - Throws: `DatabaseError` with SQLite's code and message; the statement stays usable.
    func executeBound(_ values: [(any StatementBinding)?]) throws {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        for (index, value) in values.enumerated() {
            let position = CInt(index + 1)
            let code = value?.bind(to: handle, at: position) ?? sqlite3_bind_null(handle, position)
            guard code == SQLITE_OK else { throw boundFailure(code) }
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw boundFailure(code) }
        sqlite3_reset(handle)
    }

    private func boundFailure(_ code: CInt) -> DatabaseError {
        let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement)))
        sqlite3_reset(sqliteStatement)
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}
