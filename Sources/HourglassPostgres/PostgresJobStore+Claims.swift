import Foundation
import Hourglass
import PostgresNIO

extension PostgresJobStore {
    public func nextWakeTime() async throws -> Date? {
        try await run("read the next wake time") { [self] connection in
            let rows = try await connection.query(
                """
                SELECT least(
                    (SELECT min(next_run_time) FROM \(unescaped: tables.jobs)
                        WHERE claim_owner IS NULL AND paused = false AND next_run_time IS NOT NULL),
                    (SELECT min(claim_expiry) FROM \(unescaped: tables.jobs) WHERE claim_owner IS NOT NULL))
                """, logger: logger)
            return try await rows.values(Double?.self).first?.map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Claims in one statement: rows whose lease expired, then due rows, each locked with
    /// `SKIP LOCKED` so that schedulers claiming at once take different jobs. Every claim
    /// takes a new token from the sequence.
    public func claimDueJobs(now: Date, limit: Int, owner: String, lease: Duration) async throws -> [ClaimedJob] {
        let cutoff = now.timeIntervalSince1970
        let expiry = now.addingTimeInterval(IntervalTrigger.seconds(lease))
        let limit = max(0, limit)
        return try await run("claim due jobs") { [self] connection in
            let rows = try await connection.query(
                """
                WITH expired AS (
                    SELECT id, 0 AS kind, claim_expiry AS at FROM \(unescaped: tables.jobs)
                    WHERE claim_owner IS NOT NULL AND claim_expiry <= \(cutoff)
                    ORDER BY claim_expiry, id LIMIT \(limit) FOR UPDATE SKIP LOCKED),
                due AS (
                    SELECT id, 1 AS kind, next_run_time AS at FROM \(unescaped: tables.jobs)
                    WHERE claim_owner IS NULL AND paused = false AND next_run_time IS NOT NULL AND next_run_time <= \(cutoff)
                    ORDER BY next_run_time, id LIMIT \(limit) FOR UPDATE SKIP LOCKED),
                picked AS (
                    SELECT * FROM (SELECT * FROM expired UNION ALL SELECT * FROM due) AS candidates
                    ORDER BY kind, at, id LIMIT \(limit))
                UPDATE \(unescaped: tables.jobs) AS job
                SET claim_owner = \(owner), claim_expiry = \(expiry.timeIntervalSince1970),
                    claim_token = nextval('\(unescaped: tables.claimTokens)'), claim_revision = job.revision
                FROM picked WHERE job.id = picked.id
                RETURNING picked.kind, picked.at, job.claim_token, job.revision,
                    \(unescaped: PostgresJobRow.columns.split(separator: ", ").map { "job.\($0)" }.joined(separator: ", "))
                """, logger: logger)
            var claimed: [(kind: Int, at: Double, claimed: ClaimedJob)] = []
            for try await (kind, at, token, revision, id, name, trigger, handler, arguments, options, next, paused) in rows.decode(
                (Int, Double, Int64, Int64, String, String?, String, String, String?, String?, Double?, Bool).self)
            {
                let job = try PostgresJobRow.job((id, name, trigger, handler, arguments, options, next, paused), store: configuration.schema)
                let claim = JobClaim(owner: owner, leaseExpiry: expiry, token: token, revision: revision)
                claimed.append((kind, at, ClaimedJob(job: job, claim: claim)))
            }
            // RETURNING keeps no order: expired leases first, then by due time and id.
            claimed.sort { ($0.kind, $0.at, $0.claimed.job.id) < ($1.kind, $1.at, $1.claimed.job.id) }
            return claimed.map(\.claimed)
        }
    }

    /// Ends a batch of claims in one transaction: the rows are locked and checked against
    /// each claim's owner and token (the fencing check), then rescheduled, released or
    /// deleted, and the runs handed out are recorded.
    public func complete(
        _ completions: [JobCompletion], recording runs: [RunRecord], starting starts: [RunStart], owner: String
    ) async throws -> JobCompletionReport {
        guard !completions.isEmpty || !runs.isEmpty || !starts.isEmpty else {
            return JobCompletionReport(results: [], started: [])
        }
        return try await transaction("complete claims") { [self] connection in
            // Every job of the batch is locked first, in id order, so that batches of
            // several nodes wait for each other instead of deadlocking, and so that two
            // nodes never count a job's running runs at the same time. The same statement
            // reads the claims that the fencing check compares.
            let ids = Set(completions.map(\.id.rawValue) + starts.map(\.record.jobID.rawValue)).sorted()
            let rows = try await connection.query(
                """
                SELECT id, claim_owner, claim_token, revision FROM \(unescaped: self.tables.jobs)
                WHERE id = ANY(\(ids)) ORDER BY id FOR UPDATE
                """, logger: self.logger)
            var current: [String: LockedClaim] = [:]
            for try await (id, claimOwner, token, revision) in rows.decode((String, String?, Int64, Int64).self) {
                current[id] = (claimOwner, token, revision)
            }
            let results = try await self.complete(completions, current: current, owner: owner, on: connection)
            let lost = completions.isEmpty ? [] : JobCompletionReport.lostJobs(completions, results: results)
            let started = try await PostgresRunHistory.admit(starts, skipping: lost, store: self, on: connection)
            var records = lost.isEmpty ? runs : runs.filter { !lost.contains($0.jobID) }
            for (start, isStarted) in zip(starts, started) where isStarted { records.append(start.record) }
            try await PostgresRunHistory.record(records, store: self, on: connection)
            return JobCompletionReport(results: results, started: started)
        }
    }

    /// A job row's claim as its completion's transaction locked it.
    private typealias LockedClaim = (owner: String?, token: Int64, revision: Int64)

    /// Checks each completion against its job's locked row in `current` (by id), then
    /// reschedules, releases or deletes the jobs whose claims hold.
    private func complete(
        _ completions: [JobCompletion], current: [String: LockedClaim], owner: String, on connection: PostgresConnection
    ) async throws -> [JobCompletionResult] {
        guard !completions.isEmpty else { return [] }
        var current = current
        var rescheduled: (ids: [String], times: [Double]) = ([], [])
        var released: [String] = []
        var finished: [String] = []
        let results = completions.map { completion -> JobCompletionResult in
            let id = completion.id.rawValue
            guard let row = current[id], row.owner == owner, row.token == completion.claim.token else { return .claimLost }
            current[id] = nil  // a second completion of the same claim in the batch is lost
            guard row.revision == completion.claim.revision else {
                released.append(id)
                return .keptUpdate
            }
            switch completion.outcome {
            case .reschedule(let next):
                rescheduled.ids.append(id)
                rescheduled.times.append(next.timeIntervalSince1970)
            case .release: released.append(id)
            case .finish:
                finished.append(id)
                return .removed
            }
            return .updated
        }
        if !rescheduled.ids.isEmpty {
            try await connection.execute(
                """
                UPDATE \(unescaped: tables.jobs) AS job SET claim_owner = NULL, claim_expiry = NULL, claim_revision = NULL,
                    next_run_time = next.time, revision = job.revision + 1
                FROM unnest(\(rescheduled.ids)::text[], \(rescheduled.times)::float8[]) AS next(id, time)
                WHERE job.id = next.id
                """, logger: logger)
        }
        if !released.isEmpty {
            try await connection.execute(
                """
                UPDATE \(unescaped: tables.jobs) SET claim_owner = NULL, claim_expiry = NULL, claim_revision = NULL
                WHERE id = ANY(\(released))
                """, logger: logger)
            // A released job may be due at once: other nodes look again.
            let next = try await connection.query(
                "SELECT min(next_run_time) FROM \(unescaped: tables.jobs) WHERE id = ANY(\(released)) AND paused = false",
                logger: logger)
            try await announce(try await next.values(Double?.self).first ?? nil, on: connection)
        }
        if !finished.isEmpty {
            try await connection.execute("DELETE FROM \(unescaped: tables.jobs) WHERE id = ANY(\(finished))", logger: logger)
        }
        return results
    }
}
