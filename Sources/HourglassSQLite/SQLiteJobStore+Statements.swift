import Foundation
import GRDB
import Hourglass

extension SQLiteJobStore {
    /// Runs `work` in a write transaction; database errors become ``SchedulerError``s
    /// that name the file and what was being done.
    func write<T: Sendable>(_ doing: String, _ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(work)
        } catch {
            throw Self.storeError(error, path: path, doing: doing)
        }
    }

    /// Runs `work` on a snapshot of the file.
    func read<T: Sendable>(_ doing: String, _ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(work)
        } catch {
            throw Self.storeError(error, path: path, doing: doing)
        }
    }

    static func job(_ id: JobID, in db: Database, path: String) throws -> Job? {
        let row = try Row.fetchOne(
            db, sql: "SELECT \(SQLiteJobRow.columns) FROM hourglass_jobs WHERE id = ?", arguments: [id.rawValue])
        return try row.map { try SQLiteJobRow.job(from: $0, path: path) }
    }

    /// Writes a job's columns over the row with its id, keeping any claim.
    static func replace(_ id: JobID, with values: SQLiteJobRow.Values, in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE hourglass_jobs SET id = ?, name = ?, trigger = ?, handler = ?, arguments = ?, options = ?,
                    next_run_time = ?, paused = ?, revision = revision + 1 WHERE id = ?
                """,
            arguments: values.arguments(then: [id.rawValue]))
    }

    static func complete(_ completion: JobCompletion, owner: String, in db: Database, path: String) throws -> JobCompletionResult {
        let id = completion.id.rawValue
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT claim_owner, claim_token, revision FROM hourglass_jobs WHERE id = ?", arguments: [id]),
            row[0] as String? == owner, row[1] as Int64 == completion.claim.token
        else { return .claimLost }
        try db.execute(
            sql: "UPDATE hourglass_jobs SET claim_owner = NULL, claim_expiry = NULL, claim_revision = NULL WHERE id = ?",
            arguments: [id])
        guard row[2] as Int64 == completion.claim.revision else { return .keptUpdate }
        switch completion.outcome {
        case .reschedule(let next):
            try db.execute(
                sql: "UPDATE hourglass_jobs SET next_run_time = ?, revision = revision + 1 WHERE id = ?",
                arguments: [next.timeIntervalSince1970, id])
        case .finish:
            guard let job = try job(completion.id, in: db, path: path) else { return .claimLost }
            try db.execute(sql: "DELETE FROM hourglass_jobs WHERE id = ?", arguments: [id])
            return .removed(job)
        case .release:
            break
        }
        return .updated
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// A ``SchedulerError`` for a failure of the file at `path`, saying what to check.
    static func storeError(_ error: any Error, path: String, doing: String) -> any Error {
        if error is SchedulerError || error is CancellationError { return error }
        guard let database = error as? DatabaseError else {
            return SchedulerError(code: .storeFailure, field: "store '\(path)'", reason: "could not \(doing): \(error)")
        }
        let advice: String
        switch database.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            advice = "is not an SQLite database, or is damaged; restore it from a backup or point the store at another file"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            advice = "is locked by another process for longer than the busy timeout; retry, or raise Configuration.busyTimeout"
        case .SQLITE_READONLY:
            advice = "is read-only; give this process write access to the file and its directory"
        case .SQLITE_CANTOPEN:
            advice = "cannot be opened; check that its directory exists and is writable"
        case .SQLITE_FULL:
            advice = "cannot grow: the disk is full"
        default:
            advice = "failed"
        }
        return SchedulerError(
            code: .storeFailure, field: "store '\(path)'",
            reason: "\(advice) (could not \(doing): SQLite error \(database.extendedResultCode.rawValue), \(database.message ?? "no message"))")
    }
}
