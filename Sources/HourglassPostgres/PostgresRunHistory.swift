import Foundation
import Hourglass
import PostgresNIO

/// Run history in the `runs` table and scheduler heartbeats in `schedulers`.
enum PostgresRunHistory {
    static let columns = "id, job_id, fire_time, started_at, finished_at, status, message, attempt, owner"
    private static let columnTypes =
        "id bigint, job_id text, fire_time float8, started_at float8, finished_at float8, status text, message text, attempt integer, owner text"

    /// Inserts or replaces `runs`, then drops what the store's retention no longer keeps.
    /// Which of `starts` have a free place: fewer running records of their job than their
    /// limit, counting the starts admitted before them. Jobs in `lost` start nothing. The
    /// caller holds the jobs' rows locked and writes the admitted records in the same
    /// transaction.
    static func admit(
        _ starts: [RunStart], skipping lost: Set<JobID>, store: PostgresJobStore, on connection: PostgresConnection
    ) async throws -> [Bool] {
        guard !starts.isEmpty else { return [] }
        let ids = Array(Set(starts.map(\.record.jobID.rawValue)))
        let rows = try await connection.query(
            """
            SELECT job_id, count(*)::bigint FROM \(unescaped: store.tables.runs)
            WHERE job_id = ANY(\(ids)) AND status = 'running' GROUP BY job_id
            """, logger: store.logger)
        var running: [JobID: Int] = [:]
        for try await (jobID, count) in rows.decode((String, Int64).self) { running[JobID(jobID)] = Int(count) }
        return RunStart.admitted(starts, running: running, skipping: lost)
    }

    static func record(_ runs: [RunRecord], store: PostgresJobStore, on connection: PostgresConnection) async throws {
        let retention = store.configuration.retention
        guard !runs.isEmpty, retention.keepsRecords else { return }
        let tables = store.tables
        let logger = store.logger
        // A run recorded twice in one batch keeps its last record.
        var latest: [Int64: RunRecord] = [:]
        for run in runs { latest[run.id] = run }
        let grown = try await connection.query(
            """
            INSERT INTO \(unescaped: tables.runs) AS run (\(unescaped: columns))
            SELECT \(unescaped: columns) FROM jsonb_to_recordset(\(try json(Array(latest.values)))::jsonb) AS new(\(unescaped: columnTypes))
            ON CONFLICT (id) DO UPDATE SET job_id = excluded.job_id, fire_time = excluded.fire_time,
                started_at = excluded.started_at, finished_at = excluded.finished_at, status = excluded.status,
                message = excluded.message, attempt = excluded.attempt, owner = excluded.owner
            RETURNING run.job_id, (xmax = 0) AS inserted
            """, logger: logger)
        var jobsWithNewRecords = Set<String>()
        for try await (jobID, inserted) in grown.decode((String, Bool).self) where inserted {
            jobsWithNewRecords.insert(jobID)
        }
        // Only a job that got a new record can hold more than it keeps. A running record
        // stays: it holds its job's place under the concurrency limit.
        if let keep = retention.keepLastRunsPerJob, !jobsWithNewRecords.isEmpty {
            try await connection.execute(
                """
                DELETE FROM \(unescaped: tables.runs) WHERE id IN (
                    SELECT id FROM (
                        SELECT id, row_number() OVER (PARTITION BY job_id ORDER BY fire_time DESC, id DESC) AS place
                        FROM \(unescaped: tables.runs) WHERE job_id = ANY(\(Array(jobsWithNewRecords)))) AS ranked
                    WHERE place > \(keep)) AND status <> 'running'
                """, logger: logger)
        }
        if let age = retention.maximumAge {
            try await connection.execute(
                """
                DELETE FROM \(unescaped: tables.runs)
                WHERE fire_time < (SELECT max(fire_time) FROM \(unescaped: tables.runs)) - \(IntervalTrigger.seconds(age))
                    AND status <> 'running'
                """, logger: logger)
        }
    }

    static func runs(
        of id: JobID, limit: Int, store: PostgresJobStore, on connection: PostgresConnection
    ) async throws -> [RunRecord] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: columns) FROM \(unescaped: store.tables.runs) WHERE job_id = \(id.rawValue)
            ORDER BY fire_time DESC, id DESC LIMIT \(max(0, limit))
            """, logger: store.logger)
        return try await records(in: rows, store: store)
    }

    /// Notes `owner` alive until `expiry`; marks abandoned the running records of owners
    /// not alive at `now` (and of `owner` itself when `restarted`); returns them. Row
    /// locks make each record marked by one scheduler only.
    static func heartbeat(
        owner: String, aliveUntil expiry: Date, now: Date, restarted: Bool, store: PostgresJobStore,
        on connection: PostgresConnection
    ) async throws -> [RunRecord] {
        let tables = store.tables
        try await connection.execute(
            """
            INSERT INTO \(unescaped: tables.schedulers) (owner, alive_until) VALUES (\(owner), \(expiry.timeIntervalSince1970))
            ON CONFLICT (owner) DO UPDATE SET alive_until = excluded.alive_until
            """, logger: store.logger)
        let rows = try await connection.query(
            """
            UPDATE \(unescaped: tables.runs) AS run SET status = 'abandoned',
                message = 'scheduler ''' || run.owner || ''' stopped while the run was in flight'
            WHERE run.status = 'running' AND (
                (run.owner = \(owner) AND \(restarted))
                OR (run.owner <> \(owner) AND NOT EXISTS (
                    SELECT 1 FROM \(unescaped: tables.schedulers) AS s
                    WHERE s.owner = run.owner AND s.alive_until >= \(now.timeIntervalSince1970))))
            RETURNING \(unescaped: columns)
            """, logger: store.logger)
        return try await records(in: rows, store: store).sorted { $0.scheduledFireTime < $1.scheduledFireTime }
    }

    private static func records(in rows: PostgresRowSequence, store: PostgresJobStore) async throws -> [RunRecord] {
        var records: [RunRecord] = []
        for try await (id, jobID, fireTime, startedAt, finishedAt, statusText, message, attempt, owner) in rows.decode(
            (Int64, String, Double, Double?, Double?, String, String?, Int, String).self)
        {
            guard let status = RunRecord.Status(rawValue: statusText) else {
                throw SchedulerError(
                    code: .unsupportedFormat, field: "run \(id) in \(store.name)",
                    reason: "has status '\(statusText)', unknown to this build; it may have been written by a newer Hourglass")
            }
            records.append(
                RunRecord(
                    id: id, jobID: JobID(jobID), scheduledFireTime: Date(timeIntervalSince1970: fireTime),
                    startedAt: startedAt.map(Date.init(timeIntervalSince1970:)),
                    finishedAt: finishedAt.map(Date.init(timeIntervalSince1970:)), status: status, message: message,
                    attempt: attempt, owner: owner))
        }
        return records
    }

    /// Records as a JSON array of objects keyed by column.
    private static func json(_ runs: [RunRecord]) throws -> String {
        let objects = runs.map {
            Object(
                id: $0.id, job_id: $0.jobID.rawValue, fire_time: $0.scheduledFireTime.timeIntervalSince1970,
                started_at: $0.startedAt?.timeIntervalSince1970, finished_at: $0.finishedAt?.timeIntervalSince1970,
                status: $0.status.rawValue, message: $0.message.map(storable), attempt: $0.attempt, owner: $0.owner)
        }
        return try PostgresJobRow.recordSet(objects)
    }

    /// `message` as PostgreSQL text can hold it: each NUL (which text cannot hold, and
    /// which would make the whole write fail) becomes U+FFFD; everything else is kept.
    static func storable(_ message: String) -> String {
        message.contains("\u{0}") ? message.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : message
    }

    private struct Object: Encodable {
        var id: Int64
        var job_id: String
        var fire_time: Double
        var started_at: Double?
        var finished_at: Double?
        var status: String
        var message: String?
        var attempt: Int
        var owner: String
    }
}

extension PostgresJobStore {
    public func record(_ runs: [RunRecord]) async throws {
        guard !runs.isEmpty else { return }
        try await transaction("record runs") { connection in
            try await PostgresRunHistory.record(runs, store: self, on: connection)
        }
    }

    public func runs(of id: JobID, limit: Int) async throws -> [RunRecord] {
        try await run("read run history") { connection in
            try await PostgresRunHistory.runs(of: id, limit: limit, store: self, on: connection)
        }
    }

    public func aliveUntil(of owner: String) async throws -> Date? {
        try await run("read a heartbeat") { connection in
            let rows = try await connection.query(
                "SELECT alive_until FROM \(unescaped: self.tables.schedulers) WHERE owner = \(owner)", logger: self.logger)
            return try await rows.values(Double.self).first.map(Date.init(timeIntervalSince1970:))
        }
    }

    public func nodes() async throws -> [SchedulerNode] {
        try await run("read the schedulers' heartbeats") { [self] connection in
            let rows = try await connection.query(
                """
                SELECT s.owner, s.alive_until,
                    (SELECT count(*) FROM \(unescaped: tables.runs) r WHERE r.owner = s.owner AND r.status = 'running')
                FROM \(unescaped: tables.schedulers) s ORDER BY s.owner
                """, logger: logger)
            var nodes: [SchedulerNode] = []
            for try await (owner, aliveUntil, running) in rows.decode((String, Double, Int64).self) {
                nodes.append(SchedulerNode(owner: owner, aliveUntil: Date(timeIntervalSince1970: aliveUntil), runningRuns: Int(running)))
            }
            return nodes
        }
    }

    public func signOff(owner: String) async throws {
        try await transaction("sign off") { connection in
            try await connection.execute("DELETE FROM \(unescaped: self.tables.schedulers) WHERE owner = \(owner)", logger: self.logger)
        }
    }

    public func heartbeat(owner: String, aliveUntil expiry: Date, now: Date, restarted: Bool) async throws -> [RunRecord] {
        try await transaction("write a heartbeat") { connection in
            try await PostgresRunHistory.heartbeat(
                owner: owner, aliveUntil: expiry, now: now, restarted: restarted, store: self, on: connection)
        }
    }
}

extension PostgresConnection {
    /// Runs a statement and reads its rows to the end, so that an error in them is thrown.
    func execute(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}
