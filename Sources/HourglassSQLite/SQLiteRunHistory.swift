import Foundation
import GRDB
import Hourglass

/// Run history in `hourglass_runs` and scheduler heartbeats in `hourglass_schedulers`.
enum SQLiteRunHistory {
    private static let columns = "id, job_id, fire_time, started_at, finished_at, status, message, attempt, owner"
    /// The columns to read, the message whole (a NUL and what follows it included).
    private static let selectedColumns =
        "id, job_id, fire_time, started_at, finished_at, status, \(SQLiteText.selected("message")), attempt, owner"

    /// Inserts or replaces `runs`, then drops what `retention` no longer keeps. `areNew`
    /// says the ids are most likely new (runs just handed out), so inserting comes first.
    static func record(_ runs: [RunRecord], areNew: Bool, retention: RunHistoryRetention, in db: Database) throws {
        guard !runs.isEmpty, retention.keepsRecords else { return }
        // The end of a run changes only what happened; setting the job, fire time and owner
        // too would rewrite their index entries for nothing. A record whose id holds another
        // run is replaced whole.
        let finish = try db.cachedStatement(
            sql: """
                UPDATE hourglass_runs SET started_at = ?4, finished_at = ?5, status = ?6, message = ?7, attempt = ?8
                WHERE id = ?1 AND job_id = ?2 AND fire_time = ?3 AND owner = ?9
                """)
        let replace = try db.cachedStatement(
            sql: """
                UPDATE hourglass_runs SET job_id = ?2, fire_time = ?3, started_at = ?4, finished_at = ?5, status = ?6,
                    message = ?7, attempt = ?8, owner = ?9 WHERE id = ?1
                """)
        let update = { (values: [(any StatementBinding)?]) in
            try finish.executeBound(values)
            if db.changesCount == 0 { try replace.executeBound(values) }
        }
        let insert = try db.cachedStatement(
            sql: "INSERT INTO hourglass_runs (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")
        var grown = Set<JobID>()
        for run in runs {
            let values: [(any StatementBinding)?] = [
                run.id, run.jobID.rawValue, run.scheduledFireTime.timeIntervalSince1970,
                run.startedAt?.timeIntervalSince1970, run.finishedAt?.timeIntervalSince1970, run.status.rawValue,
                run.message.map(SQLiteText.init), run.attempt, run.owner,
            ]
            if areNew {
                try insert.executeBound(values)
                if db.changesCount > 0 { grown.insert(run.jobID) } else { try update(values) }
            } else {
                try update(values)
                if db.changesCount == 0 {
                    try insert.executeBound(values)
                    grown.insert(run.jobID)
                }
            }
        }
        // Only a job that got a new record can hold more than it keeps. For each, the
        // newest record it does not keep (found walking its index, newest first) is the
        // cut: it and every older one go. A job with no more than it keeps has no cut and
        // costs one index step. A running record stays: it holds its job's place under the
        // concurrency limit. (Numbering every job's records with a window function
        // sorted them all, and cost a burst of new runs about 8% of its throughput.)
        if let keep = retention.keepLastRunsPerJob, !grown.isEmpty {
            try db.cachedStatement(
                sql: """
                    DELETE FROM hourglass_runs WHERE id IN (
                        SELECT older.id FROM (
                            SELECT value AS job_id, (
                                SELECT id FROM hourglass_runs WHERE job_id = value ORDER BY fire_time DESC, id DESC
                                LIMIT 1 OFFSET ?2) AS cut_id
                            FROM json_each(?1)) AS cut
                        JOIN hourglass_runs AS cut_run ON cut_run.id = cut.cut_id
                        JOIN hourglass_runs AS older ON older.job_id = cut.job_id
                            AND (older.fire_time, older.id) <= (cut_run.fire_time, cut_run.id)
                            AND older.status <> 'running')
                    """
            ).execute(arguments: [JSONText.array(grown.map(\.rawValue)), keep])
        }
        if let age = retention.maximumAge, let newest = try Double.fetchOne(db, sql: "SELECT MAX(fire_time) FROM hourglass_runs") {
            try db.execute(
                sql: "DELETE FROM hourglass_runs WHERE fire_time < ? AND status <> 'running'",
                arguments: [newest - IntervalTrigger.seconds(age)])
        }
    }

    /// Which of `starts` have a free place: fewer running records of their job than their
    /// limit, counting the starts admitted before them. Jobs in `lost` start nothing. One
    /// count per job; the caller writes the admitted records in the same transaction.
    static func admit(_ starts: [RunStart], skipping lost: Set<JobID>, in db: Database) throws -> [Bool] {
        guard !starts.isEmpty else { return [] }
        // One query for the batch: most jobs have no running record, and a statement per
        // job cost a burst of 5,000 starts about a fifth of its throughput.
        let counts = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT job_id, count(*) FROM hourglass_runs
                    WHERE job_id IN (SELECT value FROM json_each(?)) AND status = 'running' GROUP BY job_id
                    """),
            arguments: [JSONText.array(Array(Set(starts.map(\.record.jobID.rawValue))))])
        var running: [JobID: Int] = [:]
        while let row = try counts.next() { running[JobID(row[0] as String)] = row[1] }
        return RunStart.admitted(starts, running: running, skipping: lost)
    }

    static func runs(of id: JobID, limit: Int, in db: Database, path: String) throws -> [RunRecord] {
        try Row.fetchAll(
            db, sql: "SELECT \(selectedColumns) FROM hourglass_runs WHERE job_id = ? ORDER BY fire_time DESC, id DESC LIMIT ?",
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
                RETURNING \(selectedColumns)
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
            finishedAt: (row[4] as Double?).map(Date.init(timeIntervalSince1970:)), status: status, message: SQLiteText.read(row[6]),
            attempt: row[7], owner: row[8])
    }
}
