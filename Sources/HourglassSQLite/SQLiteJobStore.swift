import Foundation
import GRDB
import Hourglass

/// Keeps jobs and their run history in an SQLite file, so they survive restarts and
/// crashes, without a server.
///
/// The file is in WAL mode. Every change is committed before the call returns. Several
/// processes may open the same file: claims carry an owner and a lease, so each fire time
/// runs once. Opening a file creates or migrates its schema; a file written by a newer
/// Hourglass is refused and left as it was.
///
/// ```swift
/// let store = try SQLiteJobStore(path: "jobs.sqlite")
/// try await scheduler.addStore(store, named: "durable")
/// ```
public final class SQLiteJobStore: JobStore {
    /// How a store opens its file.
    public struct Configuration: Sendable {
        /// How much run history to keep. Default: the last 100 runs of each job.
        public var retention = RunHistoryRetention()
        /// How long to wait for another process's write before failing with
        /// `SchedulerError.Code.storeFailure`. Default: 5 seconds.
        public var busyTimeout: Duration = .seconds(5)
        /// Whether each commit waits until the disk has it (`synchronous = FULL`), so that
        /// it also survives a power cut. Default false: a commit survives a crash of the
        /// process, and of the machine once the next checkpoint has run (`NORMAL`).
        public var syncEveryCommit = false

        /// The default configuration.
        public init() {}
    }

    /// The file's path.
    public let path: String
    let writer: SQLiteWriter
    var pool: DatabasePool { writer.pool }
    let retention: RunHistoryRetention

    /// Opens (creating if needed) the store at `path`. A new file, and its `-wal` and
    /// `-shm` files, get mode 0600 (owner only): the history holds command output.
    ///
    /// - Throws: `SchedulerError` naming the path: `SchedulerError.Code.storeFailure`
    ///   for a file that is not an SQLite database, is damaged, read-only or cannot be
    ///   created; `SchedulerError.Code.unsupportedFormat` for a file written by a newer
    ///   Hourglass.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        self.path = path
        retention = configuration.retention
        do {
            SQLiteFileMode.createOwnerOnly(path)
            writer = try Self.open(path: path, configuration: configuration)
        } catch {
            throw Self.storeError(error, path: path, doing: "open")
        }
    }

    /// Opens the file's connections and prepares its schema. Processes that open a new
    /// file at the same moment can get SQLITE_BUSY at once, without the busy handler
    /// (SQLite skips it where waiting could deadlock, as when a reader must take the write
    /// lock to switch to WAL mode), so a busy open is tried again, after pauses of 10 ms
    /// growing to 100 ms, until the busy timeout has passed.
    private static func open(path: String, configuration: Configuration) throws -> SQLiteWriter {
        let synchronous = configuration.syncEveryCommit ? "FULL" : "NORMAL"
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.busyTimeout
        var attempt = 0
        while true {
            do {
                let writer = try SQLiteWriter(
                    path: path, busyTimeout: configuration.busyTimeout, syncEveryCommit: configuration.syncEveryCommit)
                // Set on the writer once the pool exists: opening the pool in WAL mode sets NORMAL.
                try writer.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
                try SQLiteSchema.prepare(writer.pool, path: path)
                return writer
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && clock.now < deadline {
                attempt += 1
                Thread.sleep(forTimeInterval: min(0.01 * Double(attempt), 0.1))
            }
        }
    }

    public var isPersistent: Bool { true }

    // MARK: Jobs

    public func add(_ job: Job, onConflict: ConflictPolicy) async throws -> JobAddResult {
        try await add([job], onConflict: onConflict)[0]
    }

    public func add(_ jobs: [Job], onConflict: ConflictPolicy) async throws -> [JobAddResult] {
        let rows = try jobs.map { try SQLiteJobRow.stored($0, path: path) }
        return try await write("add jobs") { [path] db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO hourglass_jobs (\(SQLiteJobRow.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """)
            return try zip(jobs, rows).map { job, values in
                try SQLiteJobRow.execute(insert, for: values)
                guard db.changesCount == 0, let existing = try Self.job(job.id, in: db, path: path) else { return .added(job) }
                switch onConflict {
                case .fail: throw SchedulerError.jobExists(job.id)
                case .keepExisting: return .keptExisting(existing)
                case .update:
                    guard let updated = job.updating(existing) else { return .keptExisting(existing) }
                    try Self.replace(job.id, with: try SQLiteJobRow.stored(updated, path: path), in: db)
                    return .replaced(previous: existing, by: updated)
                default:
                    try Self.replace(job.id, with: values, in: db)
                    return .replaced(previous: existing, by: job)
                }
            }
        }
    }

    @discardableResult
    public func update(_ job: Job) async throws -> Int64 {
        let values = try SQLiteJobRow.stored(job, path: path)
        return try await write("update a job") { db in
            guard let current = try Self.revision(of: job.id, in: db) else { throw SchedulerError.jobNotFound(job.id) }
            if let revision = job.revision, revision != current { throw SchedulerError.jobChanged(job.id, revision: revision) }
            try Self.replace(job.id, with: values, in: db)
            return current + 1
        }
    }

    public func remove(_ id: JobID) async throws -> Job? {
        try await write("remove a job") { [path] db in
            guard let job = try Self.job(id, in: db, path: path) else { return nil }
            try db.execute(sql: "DELETE FROM hourglass_jobs WHERE id = ?", arguments: [id.rawValue])
            return job
        }
    }

    public func removeAll() async throws -> [JobID] {
        try await write("remove all jobs") { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM hourglass_jobs ORDER BY id")
            try db.execute(sql: "DELETE FROM hourglass_jobs")
            return ids.map { JobID($0) }
        }
    }

    public func job(_ id: JobID) async throws -> Job? {
        try await read("read a job") { [path] db in try Self.job(id, in: db, path: path) }
    }

    public func jobs(matching filter: JobFilter) async throws -> [Job] {
        try await read("list jobs") { [path] db in
            var sql = "SELECT \(SQLiteJobRow.columns), revision FROM hourglass_jobs WHERE 1"
            var arguments = StatementArguments()
            if let isPaused = filter.isPaused {
                sql += " AND paused = ?"
                arguments += [isPaused]
            }
            if let handler = filter.handlerName {
                sql += " AND handler = ?"
                arguments += [handler]
            }
            if let before = filter.nextRunBefore {
                sql += " AND next_run_time < ?"
                arguments += [before.timeIntervalSince1970]
            }
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            var jobs: [Job] = []
            for row in rows {
                let job = try SQLiteJobRow.jobWithRevision(from: row, path: path)
                if filter.matches(job) { jobs.append(job) }
            }
            return jobs.sortedForListing()
        }
    }

    // MARK: Claims

    public func nextWakeTime() async throws -> Date? {
        try await read("read the next wake time") { db in
            let seconds = try Double.fetchOne(
                db,
                sql: """
                    SELECT MIN(t) FROM (
                        SELECT MIN(next_run_time) AS t FROM hourglass_jobs
                            WHERE claim_owner IS NULL AND paused = 0 AND next_run_time IS NOT NULL
                        UNION ALL
                        SELECT MIN(claim_expiry) FROM hourglass_jobs WHERE claim_owner IS NOT NULL)
                    """)
            return seconds.map(Date.init(timeIntervalSince1970:))
        }
    }

    public func claimDueJobs(now: Date, limit: Int, owner: String, lease: Duration) async throws -> [ClaimedJob] {
        let cutoff = now.timeIntervalSince1970
        let expiry = now.addingTimeInterval(IntervalTrigger.seconds(lease))
        return try await write("claim due jobs") { [path] db in
            // Rows are read through cursors straight into stored jobs, not copied into GRDB
            // rows first: fetching them was a fifth of the CPU of a burst of 5,000 runs.
            var rows: [(stored: StoredJob, revision: Int64)] = []
            let expired = try db.cachedStatement(
                sql: """
                    SELECT \(SQLiteJobRow.columns), revision FROM hourglass_jobs
                    WHERE claim_owner IS NOT NULL AND claim_expiry <= ? ORDER BY claim_expiry, id LIMIT ?
                    """)
            try SQLiteJobRow.readWithRevision(expired, arguments: [cutoff, limit], into: &rows)
            let due = try db.cachedStatement(
                sql: """
                    SELECT \(SQLiteJobRow.columns), revision FROM hourglass_jobs
                    WHERE claim_owner IS NULL AND paused = 0 AND next_run_time IS NOT NULL AND next_run_time <= ?
                    ORDER BY next_run_time, id LIMIT ?
                    """)
            try SQLiteJobRow.readWithRevision(due, arguments: [cutoff, max(0, limit - rows.count)], into: &rows)
            guard !rows.isEmpty else { return [] }
            // Tokens come from the store's counter, unique across jobs and time; one
            // statement claims the whole batch and returns each job's token.
            let last = try Int64.fetchOne(
                db.cachedStatement(
                    sql: "UPDATE hourglass_counters SET value = value + ? WHERE name = 'claim_token' RETURNING value"),
                arguments: [rows.count]) ?? 0
            let tokens = try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            UPDATE hourglass_jobs SET claim_owner = ?, claim_expiry = ?, claim_token = ? + claimed.key,
                                claim_revision = revision
                            FROM json_each(?) AS claimed WHERE hourglass_jobs.id = claimed.value
                            RETURNING id, claim_token
                            """),
                    arguments: [
                        owner, expiry.timeIntervalSince1970, last - Int64(rows.count) + 1,
                        JSONText.array(rows.map(\.stored.id)),
                    ]
                ).map { ($0[0] as String, $0[1] as Int64) })
            let store = "'\(path)'"
            return try rows.map { stored, revision in
                let job = try stored.job(store: store)
                let claim = JobClaim(owner: owner, leaseExpiry: expiry, token: tokens[stored.id] ?? 0, revision: revision)
                return ClaimedJob(job: job, claim: claim)
            }
        }
    }

    public func complete(
        _ completions: [JobCompletion], recording runs: [RunRecord], starting starts: [RunStart], owner: String
    ) async throws -> JobCompletionReport {
        try await write("complete claims") { [retention] db in
            let results = try Self.complete(completions, owner: owner, in: db)
            let lost = completions.isEmpty ? [] : JobCompletionReport.lostJobs(completions, results: results)
            let started = try SQLiteRunHistory.admit(starts, skipping: lost, in: db)
            var records = lost.isEmpty ? runs : runs.filter { !lost.contains($0.jobID) }
            for (start, isStarted) in zip(starts, started) where isStarted { records.append(start.record) }
            try SQLiteRunHistory.record(records, areNew: true, retention: retention, in: db)
            return JobCompletionReport(results: results, started: started)
        }
    }

    // MARK: History

    public func record(_ runs: [RunRecord]) async throws {
        guard !runs.isEmpty else { return }
        try await write("record runs") { [retention] db in
            try SQLiteRunHistory.record(runs, areNew: false, retention: retention, in: db)
        }
    }

    public func runs(of id: JobID, limit: Int) async throws -> [RunRecord] {
        try await read("read run history") { [path] db in try SQLiteRunHistory.runs(of: id, limit: limit, in: db, path: path) }
    }

    public func aliveUntil(of owner: String) async throws -> Date? {
        try await read("read a heartbeat") { db in
            try Double.fetchOne(db, sql: "SELECT alive_until FROM hourglass_schedulers WHERE owner = ?", arguments: [owner])
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    public func nodes() async throws -> [SchedulerNode] {
        try await read("read the schedulers' heartbeats") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.owner, s.alive_until,
                        (SELECT count(*) FROM hourglass_runs r WHERE r.owner = s.owner AND r.status = 'running') AS running
                    FROM hourglass_schedulers s ORDER BY s.owner
                    """
            ).map { row in
                SchedulerNode(
                    owner: row["owner"], aliveUntil: Date(timeIntervalSince1970: row["alive_until"]), runningRuns: row["running"])
            }
        }
    }

    public func signOff(owner: String) async throws {
        try await write("sign off") { db in
            try db.execute(sql: "DELETE FROM hourglass_schedulers WHERE owner = ?", arguments: [owner])
        }
    }

    public func heartbeat(owner: String, aliveUntil expiry: Date, now: Date, restarted: Bool) async throws -> [RunRecord] {
        try await write("write a heartbeat") { [path] db in
            try SQLiteRunHistory.heartbeat(owner: owner, aliveUntil: expiry, now: now, restarted: restarted, in: db, path: path)
        }
    }
}
