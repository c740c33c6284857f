import GRDB
import GRDBSQLite

extension Statement {
    /// Binds `values` to the parameters, in order (nil as NULL), and runs the statement to
    /// its end, straight through SQLite's C functions. GRDB's own way (statement arguments,
    /// temporary bindings, observation of each statement) costs more than SQLite's one-row
    /// insert itself; the stores' hot statements (job rows, run records) go this way. Only
    /// for statements that return no rows.
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
