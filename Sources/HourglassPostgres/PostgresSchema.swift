import Hourglass
import PostgresNIO

/// The store's tables, created and changed by numbered migrations in one transaction
/// under an advisory lock, so that nodes starting together migrate once. A schema with
/// migrations this build does not know was written by a newer Hourglass and is refused.
enum PostgresSchema {
    /// The migrations in order: a version, a name and the statements.
    static func migrations(_ tables: PostgresTables) -> [(version: Int, name: String, statements: [String])] {
        [
            (
                1, "jobs-runs-schedulers",
                [
                    """
                    CREATE TABLE \(tables.jobs) (
                        id text PRIMARY KEY,
                        name text,
                        trigger text NOT NULL,
                        handler text NOT NULL,
                        arguments text,
                        options text,
                        next_run_time double precision,
                        paused boolean NOT NULL DEFAULT false,
                        revision bigint NOT NULL DEFAULT 1,
                        claim_owner text,
                        claim_expiry double precision,
                        claim_token bigint NOT NULL DEFAULT 0,
                        claim_revision bigint)
                    """,
                    """
                    CREATE INDEX jobs_due ON \(tables.jobs) (next_run_time, id)
                        WHERE claim_owner IS NULL AND paused = false AND next_run_time IS NOT NULL
                    """,
                    "CREATE INDEX jobs_leases ON \(tables.jobs) (claim_expiry, id) WHERE claim_owner IS NOT NULL",
                    // The fencing counter: every claim takes the next value as its token.
                    "CREATE SEQUENCE \(tables.claimTokens)",
                    """
                    CREATE TABLE \(tables.runs) (
                        id bigint PRIMARY KEY,
                        job_id text NOT NULL,
                        fire_time double precision NOT NULL,
                        started_at double precision,
                        finished_at double precision,
                        status text NOT NULL,
                        message text,
                        attempt integer NOT NULL,
                        owner text NOT NULL)
                    """,
                    "CREATE INDEX runs_job ON \(tables.runs) (job_id, fire_time)",
                    "CREATE INDEX runs_fire_time ON \(tables.runs) (fire_time)",
                    "CREATE INDEX runs_running ON \(tables.runs) (owner) WHERE status = 'running'",
                    "CREATE TABLE \(tables.schedulers) (owner text PRIMARY KEY, alive_until double precision NOT NULL)",
                ]
            ),
            // The cluster-wide concurrency limit counts a job's running records at every start.
            // The heartbeat's look for running records of dead owners scans the same small
            // partial index, so the one by owner goes: one index fewer to keep per run.
            (
                2, "running-runs-by-job",
                [
                    "CREATE INDEX runs_running_job ON \(tables.runs) (job_id) WHERE status = 'running'",
                    "DROP INDEX \(tables.schema).runs_running",
                ]
            ),
        ]
    }

    /// Creates or migrates the schema; refuses one written by a newer version.
    ///
    /// Not under ``PostgresJobStore/Configuration/answerTimeout``: a migration may take long
    /// (an index on a large run history), and a node waits here for another's migration.
    static func prepare(_ store: PostgresJobStore) async throws {
        let tables = store.tables
        let migrations = migrations(tables)
        try await store.transaction("create or migrate the schema", timesOut: false) { connection in
            let logger = store.logger
            try await connection.execute("SELECT pg_advisory_xact_lock(hashtext(\(tables.migrationLock)))", logger: logger)
            try await connection.execute(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(tables.schema)"), logger: logger)
            try await connection.execute(
                PostgresQuery(
                    unsafeSQL: """
                        CREATE TABLE IF NOT EXISTS \(tables.migrations) (
                            version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                        """), logger: logger)
            let versions = try await connection.query("SELECT version FROM \(unescaped: tables.migrations)", logger: logger)
            let applied = Set(try await versions.values(Int.self))
            let unknown = applied.subtracting(migrations.map(\.version)).sorted()
            guard unknown.isEmpty else {
                throw SchedulerError(
                    code: .unsupportedFormat, field: store.name,
                    reason: "was written by a newer Hourglass (schema migrations \(unknown.map(String.init).joined(separator: ", ")) "
                        + "are unknown to this build); upgrade Hourglass to use it. Nothing was changed")
            }
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.execute(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.execute(
                    "INSERT INTO \(unescaped: tables.migrations) (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
            }
        }
    }
}
