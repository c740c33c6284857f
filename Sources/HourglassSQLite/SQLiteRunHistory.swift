import Foundation
import GRDB
import Hourglass

/// Run history in `hourglass_runs` and scheduler heartbeats in `hourglass_schedulers`.
enum SQLiteRunHistory {
    private static let columns = "id, job_id, fire_time, started_at, finished_at, status, message, attempt, owner"

    /// Inserts or replaces `runs`, then drops what `retention` no longer keeps.
    static func record(_ runs: [RunRecord], retention: RunHistoryRetention, in db: Database) throws {
        guard !runs.isEmpty, retention.keepLastRunsPerJob != 0 else { return }
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO hourglass_runs (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET job_id = excluded.job_id, fire_time = excluded.fire_time,
                    started_at = excluded.started_at, finished_at = excluded.finished_at, status = excluded.status,
                    message = excluded.message, attempt = excluded.attempt, owner = excluded.owner
                """)
        for run in runs {
            try upsert.execute(arguments: [
                run.id, run.jobID.rawValue, run.scheduledFireTime.timeIntervalSince1970,
                run.startedAt?.timeIntervalSince1970, run.finishedAt?.timeIntervalSince1970, run.status.rawValue,
                run.message, run.attempt, run.owner,
            ])
        }
        if let keep = retention.keepLastRunsPerJob {
            let trim = try db.cachedStatement(
                sql: """
                    DELETE FROM hourglass_runs WHERE id IN (
                        SELECT id FROM hourglass_runs WHERE job_id = ? ORDER BY fire_time DESC, id DESC LIMIT -1 OFFSET ?)
                    """)
            for job in Set(runs.map(\.jobID)) { try trim.execute(arguments: [job.rawValue, keep]) }
        }
        if let age = retention.maximumAge, let newest = try Double.fetchOne(db, sql: "SELECT MAX(fire_time) FROM hourglass_runs") {
            let (seconds, attoseconds) = age.components
            try db.execute(
                sql: "DELETE FROM hourglass_runs WHERE fire_time < ?",
                arguments: [newest - Double(seconds) - Double(attoseconds) / 1e18])
        }
    }

    static func runs(of id: JobID, limit: Int, in db: Database, path: String) throws -> [RunRecord] {
        try Row.fetchAll(
            db, sql: "SELECT \(columns) FROM hourglass_runs WHERE job_id = ? ORDER BY fire_time DESC, id DESC LIMIT ?",
            arguments: [id.rawValue, max(0, limit)]
        ).map { try record(from: $0, path: path) }
    }

    /// Notes `owner` alive until `expiry`; marks abandoned the running records of owners
    /// not alive at `now` (and of `owner` itself when `restarted`); returns them.
    static func heartbeat(
        owner: String, aliveUntil expiry: Date, now: Date, restarted: Bool, in db: Database, path: String
    ) throws -> [RunRecord] {
        try db.execute(
            sql: """
                INSERT INTO hourglass_schedulers (owner, alive_until) VALUES (?, ?)
                ON CONFLICT (owner) DO UPDATE SET alive_until = excluded.alive_until
                """,
            arguments: [owner, expiry.timeIntervalSince1970])
        let rows = try Row.fetchAll(
            db,
            sql: """
                UPDATE hourglass_runs SET status = 'abandoned',
                    message = 'scheduler ''' || owner || ''' stopped while the run was in flight'
                WHERE status = 'running' AND (
                    (owner = ? AND ?)
                    OR (owner <> ? AND NOT EXISTS (
                        SELECT 1 FROM hourglass_schedulers s WHERE s.owner = hourglass_runs.owner AND s.alive_until >= ?)))
                RETURNING \(columns)
                """,
            arguments: [owner, restarted, owner, now.timeIntervalSince1970])
        return try rows.map { try record(from: $0, path: path) }.sorted { $0.scheduledFireTime < $1.scheduledFireTime }
    }

    private static func record(from row: Row, path: String) throws -> RunRecord {
        let statusText: String = row[5]
        guard let status = RunRecord.Status(rawValue: statusText) else {
            throw SchedulerError(
                code: .unsupportedFormat, field: "run \(row[0] as Int64) in store '\(path)'",
                reason: "has status '\(statusText)', unknown to this build; it may have been written by a newer Hourglass")
        }
        return RunRecord(
            id: row[0], jobID: JobID(row[1] as String), scheduledFireTime: Date(timeIntervalSince1970: row[2]),
            startedAt: (row[3] as Double?).map(Date.init(timeIntervalSince1970:)),
            finishedAt: (row[4] as Double?).map(Date.init(timeIntervalSince1970:)), status: status, message: row[6],
            attempt: row[7], owner: row[8])
    }
}
