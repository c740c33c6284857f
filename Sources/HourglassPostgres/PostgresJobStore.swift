import Foundation
import Hourglass
import Logging
import PostgresNIO

/// Keeps jobs and their run history in PostgreSQL, where several scheduler processes
/// share them and each fire time still runs once.
///
/// Due jobs are claimed in batches with `FOR UPDATE SKIP LOCKED`, under the scheduler's
/// id and a lease; every claim gets a token from one sequence, and a completion changes
/// a job only while the same owner holds the claim with the same token. Adds and changes
/// are announced with `NOTIFY`, so sleeping schedulers on other nodes wake at once.
/// Every change is committed before the call returns.
///
/// The client must be running (add it to your `ServiceGroup`, or call its `run()` in a
/// task) while the store is used.
///
/// ```swift
/// let client = PostgresClient(configuration: try PostgresJobStore.clientConfiguration(url: "postgres://app@db/app"))
/// // run the client (its `run()`) in your ServiceGroup, then:
/// let store = try await PostgresJobStore(client: client)
/// try await scheduler.addStore(store, named: "shared")
/// ```
public final class PostgresJobStore: JobStore {
    /// How a store uses its database.
    public struct Configuration: Sendable {
        /// The schema that holds the store's tables; created when missing. Lowercase
        /// letters, digits and underscores. Default: `hourglass`, the one schema in which
        /// adding a job is a prepared statement, with ``notifiesChanges`` on (about 1.25
        /// times as fast one at a time).
        public var schema = PostgresTables.defaultSchema
        /// How much run history to keep. Default: the last 100 runs of each job.
        public var retention = RunHistoryRetention()
        /// Whether adds and changes are announced with `NOTIFY`, and other nodes'
        /// announcements are listened to. Default: true.
        public var notifiesChanges = true
        /// The longest wait before listening again after the connection dropped. Default: 5 seconds.
        public var maximumReconnectDelay: Duration = .seconds(5)
        /// The longest a store call waits for the database to answer. After it, the call
        /// throws `SchedulerError.Code.storeFailure` and its connection is closed: the
        /// server rolls back a transaction the call had open, but a single statement it was
        /// still running (one blocked on a lock, say) may yet complete. A call whose
        /// connection closes stops waiting within a second. Creating or migrating the schema
        /// when the store opens is not timed. More than zero; default: 30 seconds.
        public var answerTimeout: Duration = .seconds(30)

        /// The default configuration.
        public init() {}
    }

    let client: PostgresClient
    let logger: Logger
    /// The settings the store was opened with.
    public let configuration: Configuration
    let tables: PostgresTables
    /// The calls waiting for the database's answer.
    let pendingCalls: PostgresPendingCalls
    /// The connection kept leased while calls follow one another.
    let heldLease: PostgresHeldLease

    /// Opens the store in `client`'s database, creating or migrating its schema.
    ///
    /// - Throws: `SchedulerError`: `SchedulerError.Code.invalidArgument` for a bad
    ///   schema name or an ``Configuration/answerTimeout`` not above zero,
    ///   `SchedulerError.Code.unsupportedFormat` for a schema written by a newer Hourglass
    ///   (left unchanged), `SchedulerError.Code.storeFailure` when the database cannot be
    ///   reached or refuses.
    public init(client: PostgresClient, configuration: Configuration = Configuration(), logger: Logger? = nil) async throws {
        self.client = client
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "hourglass.postgres")
        tables = try PostgresTables(schema: configuration.schema)
        pendingCalls = PostgresPendingCalls(answerTimeout: configuration.answerTimeout)
        heldLease = PostgresHeldLease(client: client)
        guard configuration.answerTimeout > .zero else {
            throw SchedulerError(
                code: .invalidArgument, field: "answerTimeout",
                reason: "is \(configuration.answerTimeout); give the store calls more than zero to answer")
        }
        try await PostgresSchema.prepare(self)
    }

    public var isPersistent: Bool { true }

    /// How errors name this store.
    var name: String { "PostgreSQL store '\(configuration.schema)'" }

    // MARK: Jobs

    public func add(_ job: Job, onConflict: ConflictPolicy) async throws -> JobAddResult {
        let stored = try PostgresJobRow.stored(job, schema: configuration.schema)
        // The common case, a new id, takes one statement that also announces the job.
        let insert = PostgresInsertJob(row: stored)
        let announces = configuration.notifiesChanges
        let inserted = try await run("add a job") { [tables, logger] connection in
            if PostgresInsertJob.isPrepared(tables: tables, announces: announces) {
                return try await connection.execute(insert, logger: logger).reduce(0) { count, _ in count + 1 }
            }
            let rows = try await connection.query(insert.query(tables: tables, announces: announces), logger: logger)
            return try await rows.values(String.self).count
        }
        if inserted == 1 { return .added(job) }
        return try await add([job], onConflict: onConflict)[0]
    }

    public func add(_ jobs: [Job], onConflict: ConflictPolicy) async throws -> [JobAddResult] {
        guard !jobs.isEmpty else { return [] }
        let rows = try jobs.map { try PostgresJobRow.stored($0, schema: configuration.schema) }
        var ids = Set<String>()
        if onConflict == .fail, let repeated = rows.first(where: { !ids.insert($0.id).inserted }) {
            throw SchedulerError.jobExists(JobID(repeated.id))
        }
        return try await transaction("add jobs") { connection in
            var inserted = Set<String>()
            // Several at a time, so a batch takes few round trips; ids repeated in a batch go one by one.
            for chunk in Self.chunks(of: Self.firstOccurrences(rows), size: 1_000) {
                let ids = try await connection.query(try self.insert(Array(chunk)), logger: self.logger)
                inserted.formUnion(try await ids.values(String.self))
            }
            var results: [JobAddResult] = []
            var seen = Set<String>()
            for (job, row) in zip(jobs, rows) {
                let isNew = inserted.contains(row.id) && seen.insert(row.id).inserted
                if isNew {
                    results.append(.added(job))
                    continue
                }
                guard let existing = try await self.job(JobID(row.id), on: connection, lock: true) else {
                    throw SchedulerError.jobNotFound(job.id)
                }
                if onConflict == .fail { throw SchedulerError.jobExists(job.id) }
                if onConflict == .keepExisting {
                    results.append(.keptExisting(existing))
                } else if onConflict == .update {
                    guard let updated = job.updating(existing) else {
                        results.append(.keptExisting(existing))
                        continue
                    }
                    let row = try PostgresJobRow.stored(updated, schema: self.configuration.schema)
                    try await connection.execute(self.replace(row), logger: self.logger)
                    results.append(.replaced(previous: existing, by: updated))
                } else {
                    try await connection.execute(self.replace(row), logger: self.logger)
                    results.append(.replaced(previous: existing, by: job))
                }
            }
            try await self.announce(rows.compactMap(\.nextRunTime).min(), on: connection)
            return results
        }
    }

    @discardableResult
    public func update(_ job: Job) async throws -> Int64 {
        let row = try PostgresJobRow.stored(job, schema: configuration.schema)
        return try await transaction("update a job") { connection in
            let changed = try await connection.query(self.replace(row, ifRevision: job.revision), logger: self.logger)
            guard let revision = try await changed.values(Int64.self).first else {
                let current = try await connection.query(
                    "SELECT revision FROM \(unescaped: self.tables.jobs) WHERE id = \(row.id)", logger: self.logger)
                guard try await current.values(Int64.self).first != nil else { throw SchedulerError.jobNotFound(job.id) }
                throw SchedulerError.jobChanged(job.id, revision: job.revision ?? 0)
            }
            try await self.announce(row.nextRunTime, on: connection)
            return revision
        }
    }

    public func remove(_ id: JobID) async throws -> Job? {
        try await run("remove a job") { connection in
            let rows = try await connection.query(
                "DELETE FROM \(unescaped: self.tables.jobs) WHERE id = \(id.rawValue) RETURNING \(unescaped: PostgresJobRow.columns)",
                logger: self.logger)
            return try await PostgresJobRow.jobs(in: rows, store: self.configuration.schema).first
        }
    }

    public func removeAll() async throws -> [JobID] {
        try await run("remove all jobs") { connection in
            let rows = try await connection.query("DELETE FROM \(unescaped: self.tables.jobs) RETURNING id", logger: self.logger)
            return try await rows.values(String.self).sorted().map { JobID($0) }
        }
    }

    public func job(_ id: JobID) async throws -> Job? {
        try await run("read a job") { connection in try await self.job(id, on: connection, lock: false) }
    }

    public func jobs(matching filter: JobFilter) async throws -> [Job] {
        try await run("list jobs") { connection in
            var sql = "SELECT \(PostgresJobRow.columns), revision FROM \(self.tables.jobs) WHERE true"
            var bindings = PostgresBindings()
            if let isPaused = filter.isPaused {
                bindings.append(isPaused)
                sql += " AND paused = $\(bindings.count)"
            }
            if let handler = filter.handlerName {
                bindings.append(handler)
                sql += " AND handler = $\(bindings.count)"
            }
            if let before = filter.nextRunBefore {
                bindings.append(before.timeIntervalSince1970)
                sql += " AND next_run_time < $\(bindings.count)"
            }
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: self.logger)
            return try await PostgresJobRow.jobsWithRevision(in: rows, store: self.configuration.schema)
                .filter(filter.matches).sortedForListing()
        }
    }

    // MARK: Statements

    /// Inserts rows whose ids are new, returning their ids.
    private func insert(_ rows: [StoredJob]) throws -> PostgresQuery {
        """
        INSERT INTO \(unescaped: tables.jobs) (\(unescaped: PostgresJobRow.columns))
        SELECT \(unescaped: PostgresJobRow.columns) FROM jsonb_to_recordset(\(try PostgresJobRow.json(rows))::jsonb)
            AS new(\(unescaped: PostgresJobRow.columnTypes))
        ON CONFLICT (id) DO NOTHING RETURNING id
        """
    }

    /// Writes a job's columns over the row with its id, keeping any claim, if its revision
    /// is `revision` (or `revision` is nil); returns the new revision if it wrote.
    private func replace(_ row: StoredJob, ifRevision revision: Int64? = nil) -> PostgresQuery {
        """
        UPDATE \(unescaped: tables.jobs) SET name = \(row.name), trigger = \(row.trigger), handler = \(row.handler),
            arguments = \(row.arguments), options = \(row.options), next_run_time = \(row.nextRunTime),
            paused = \(row.paused), revision = revision + 1
        WHERE id = \(row.id) AND (\(revision)::bigint IS NULL OR revision = \(revision))
        RETURNING revision
        """
    }

    func job(_ id: JobID, on connection: PostgresConnection, lock: Bool) async throws -> Job? {
        let rows = try await connection.query(
            "SELECT \(unescaped: PostgresJobRow.columns), revision FROM \(unescaped: tables.jobs) WHERE id = \(id.rawValue)\(unescaped: lock ? " FOR UPDATE" : "")",
            logger: logger)
        return try await PostgresJobRow.jobsWithRevision(in: rows, store: configuration.schema).first
    }

    /// Tells listening schedulers that a job may now run at `nextRunTime`.
    func announce(_ nextRunTime: Double?, on connection: PostgresConnection) async throws {
        guard configuration.notifiesChanges, let nextRunTime else { return }
        try await connection.execute("SELECT pg_notify(\(tables.channel), \(String(nextRunTime)))", logger: logger)
    }

    /// Each row whose id comes first in `rows`, so one insert never sees an id twice.
    private static func firstOccurrences(_ rows: [StoredJob]) -> [StoredJob] {
        var seen = Set<String>()
        return rows.filter { seen.insert($0.id).inserted }
    }

    static func chunks<T>(of items: [T], size: Int) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: size).map { items[$0..<min($0 + size, items.count)] }
    }
}
