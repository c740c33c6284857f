import Foundation
import GRDB
import Hourglass

extension SQLiteJobStore {
    /// Runs `work` in a write transaction; database errors become `SchedulerError`s
    /// that name the file and what was being done.
    func write<T: Sendable>(_ doing: String, _ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(work)
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

    /// The writer connection's `PRAGMA synchronous` (1 NORMAL, 2 FULL), for tests.
    @_spi(Testing) public func writerSynchronousMode() async throws -> Int {
        try await write("read the synchronous mode") { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The job `id`, with its revision.
    static func job(_ id: JobID, in db: Database, path: String) throws -> Job? {
        let select = try db.cachedStatement(sql: "SELECT \(SQLiteJobRow.columns), revision FROM hourglass_jobs WHERE id = ?")
        return try Row.fetchOne(select, arguments: [id.rawValue]).map { try SQLiteJobRow.jobWithRevision(from: $0, path: path) }
    }

    /// The stored revision of job `id`, or nil when there is no such job.
    static func revision(of id: JobID, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT revision FROM hourglass_jobs WHERE id = ?"), arguments: [id.rawValue])
    }

    /// Writes a job's columns over the row with its id, keeping any claim.
    static func replace(_ id: JobID, with values: StoredJob, in db: Database) throws {
        let update = try db.cachedStatement(
            sql: """
                UPDATE hourglass_jobs SET id = ?, name = ?, trigger = ?, handler = ?, arguments = ?, options = ?,
                    next_run_time = ?, paused = ?, revision = revision + 1 WHERE id = ?
                """)
        try SQLiteJobRow.execute(update, for: values, then: id.rawValue)
    }

    /// Ends a batch of claims: one read of their rows, one delete for finished jobs, one
    /// update for each rescheduled or released job.
    static func complete(_ completions: [JobCompletion], owner: String, in db: Database) throws -> [JobCompletionResult] {
        guard !completions.isEmpty else { return [] }
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT id, claim_owner, claim_token, revision FROM hourglass_jobs WHERE id IN (SELECT value FROM json_each(?))"),
            arguments: [JSONText.array(completions.map(\.id.rawValue))])
        var current: [String: (owner: String?, token: Int64, revision: Int64)] = [:]
        for row in rows { current[row[0]] = (row[1], row[2], row[3]) }
        let release = try db.cachedStatement(
            sql: "UPDATE hourglass_jobs SET claim_owner = NULL, claim_expiry = NULL, claim_revision = NULL WHERE id = ?")
        let reschedule = try db.cachedStatement(
            sql: """
                UPDATE hourglass_jobs SET claim_owner = NULL, claim_expiry = NULL, claim_revision = NULL,
                    next_run_time = ?, revision = revision + 1 WHERE id = ?
                """)
        var finished: [String] = []
        let results = try completions.map { completion -> JobCompletionResult in
            let id = completion.id.rawValue
            guard let row = current[id], row.owner == owner, row.token == completion.claim.token else { return .claimLost }
            current[id] = nil  // a second completion of the same claim in the batch is lost
            guard row.revision == completion.claim.revision else {
                try release.execute(arguments: [id])
                return .keptUpdate
            }
            switch completion.outcome {
            case .reschedule(let next): try reschedule.execute(arguments: [next.timeIntervalSince1970, id])
            case .release: try release.execute(arguments: [id])
            case .finish:
                finished.append(id)
                return .removed
            }
            return .updated
        }
        if !finished.isEmpty {
            try db.cachedStatement(sql: "DELETE FROM hourglass_jobs WHERE id IN (SELECT value FROM json_each(?))")
                .execute(arguments: [JSONText.array(finished)])
        }
        return results
    }

    /// A `SchedulerError` for a failure of the file at `path`, saying what to check.
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
