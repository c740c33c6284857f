import GRDB
import Hourglass

/// The store's tables, created and changed by numbered migrations. All missing migrations
/// run in one `BEGIN IMMEDIATE` transaction that first reads which ones are applied, so
/// processes opening a new file at once do not race: the first creates the tables, the
/// others wait for its write lock and then find them applied. A file whose migrations this
/// build does not know was written by a newer Hourglass and is refused.
///
/// Applied migrations are listed in `grdb_migrations`, the table of GRDB's
/// `DatabaseMigrator`, which earlier versions used: files they wrote open unchanged.
enum SQLiteSchema {
    /// A migration: its identifier, as recorded in `grdb_migrations`, and its statements.
    struct Migration {
        let identifier: String
        let sql: String
    }

    /// The migrations in order.
    static let migrations: [Migration] = [
        Migration(
            identifier: "1-jobs-runs-schedulers",
            sql: """
            CREATE TABLE hourglass_jobs (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT,
                trigger TEXT NOT NULL,
                handler TEXT NOT NULL,
                arguments TEXT,
                options TEXT,
                next_run_time REAL,
                paused INTEGER NOT NULL DEFAULT 0,
                revision INTEGER NOT NULL DEFAULT 1,
                claim_owner TEXT,
                claim_expiry REAL,
                claim_token INTEGER NOT NULL DEFAULT 0,
                claim_revision INTEGER
            ) STRICT;
            CREATE INDEX hourglass_jobs_due ON hourglass_jobs (next_run_time, id)
                WHERE claim_owner IS NULL AND paused = 0 AND next_run_time IS NOT NULL;
            CREATE INDEX hourglass_jobs_leases ON hourglass_jobs (claim_expiry)
                WHERE claim_owner IS NOT NULL;
            CREATE TABLE hourglass_runs (
                id INTEGER PRIMARY KEY NOT NULL,
                job_id TEXT NOT NULL,
                fire_time REAL NOT NULL,
                started_at REAL,
                finished_at REAL,
                status TEXT NOT NULL,
                message TEXT,
                attempt INTEGER NOT NULL,
                owner TEXT NOT NULL
            ) STRICT;
            CREATE INDEX hourglass_runs_job ON hourglass_runs (job_id, fire_time);
            CREATE INDEX hourglass_runs_fire_time ON hourglass_runs (fire_time);
            CREATE INDEX hourglass_runs_running ON hourglass_runs (owner) WHERE status = 'running';
            CREATE TABLE hourglass_schedulers (
                owner TEXT PRIMARY KEY NOT NULL,
                alive_until REAL NOT NULL
            ) STRICT;
            """),
        // Claim tokens come from one counter, so a job removed and added again never gets a
        // token that an old claim of the same id still holds.
        Migration(
            identifier: "2-claim-token-counter",
            sql: """
            CREATE TABLE hourglass_counters (
                name TEXT PRIMARY KEY NOT NULL,
                value INTEGER NOT NULL
            ) STRICT;
            INSERT INTO hourglass_counters (name, value)
                SELECT 'claim_token', coalesce(max(claim_token), 0) FROM hourglass_jobs;
            """),
        // The cluster-wide concurrency limit counts a job's running records at every start.
        // The heartbeat's look for running records of dead owners scans the same small
        // partial index, so the one by owner goes: one index fewer to keep per run.
        Migration(
            identifier: "3-running-runs-by-job",
            sql: """
            CREATE INDEX hourglass_runs_running_job ON hourglass_runs (job_id) WHERE status = 'running';
            DROP INDEX hourglass_runs_running;
            """),
    ]

    /// Creates or migrates the schema; refuses a file written by a newer version.
    ///
    /// A file that is up to date is only read. Otherwise one immediate transaction reads
    /// the applied migrations again and applies the missing ones, so that a process that
    /// waited for another's migration sees it applied and does nothing.
    static func prepare(_ writer: any DatabaseWriter, path: String) throws {
        guard try !writer.read({ db in try pending(in: db, path: path) }).isEmpty else { return }
        try writer.barrierWriteWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                for migration in try pending(in: db, path: path) {
                    try db.execute(sql: migration.sql)
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
                }
                return .commit
            }
        }
    }

    /// The migrations the file lacks, in order.
    ///
    /// - Throws: `SchedulerError.Code.unsupportedFormat` when the file has migrations
    ///   this build does not know.
    private static func pending(in db: Database, path: String) throws -> [Migration] {
        guard try db.tableExists("grdb_migrations") else { return migrations }
        let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        let unknown = applied.subtracting(migrations.map(\.identifier)).sorted()
        guard unknown.isEmpty else {
            throw SchedulerError(
                code: .unsupportedFormat, field: "store '\(path)'",
                reason: "was written by a newer Hourglass (schema migrations \(unknown.joined(separator: ", ")) are unknown to this build); "
                    + "upgrade Hourglass to open it. The file was not changed")
        }
        return migrations.filter { !applied.contains($0.identifier) }
    }
}
