import GRDB
import Hourglass

/// The store's tables, created and changed by numbered migrations. A file whose
/// migrations this build does not know was written by a newer Hourglass and is refused.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-jobs-runs-schedulers") { db in
            try db.execute(
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
                    """)
        }
        // Claim tokens come from one counter, so a job removed and added again never gets a
        // token that an old claim of the same id still holds.
        migrator.registerMigration("2-claim-token-counter") { db in
            try db.execute(
                sql: """
                    CREATE TABLE hourglass_counters (
                        name TEXT PRIMARY KEY NOT NULL,
                        value INTEGER NOT NULL
                    ) STRICT;
                    INSERT INTO hourglass_counters (name, value)
                        SELECT 'claim_token', coalesce(max(claim_token), 0) FROM hourglass_jobs;
                    """)
        }
        // The cluster-wide concurrency limit counts a job's running records at every start.
        migrator.registerMigration("3-running-runs-by-job") { db in
            try db.execute(sql: "CREATE INDEX hourglass_runs_running_job ON hourglass_runs (job_id) WHERE status = 'running'")
        }
        return migrator
    }

    /// Creates or migrates the schema; refuses a file written by a newer version.
    static func prepare(_ writer: any DatabaseWriter, path: String) throws {
        let migrator = migrator
        let unknown = try writer.read { db -> [String] in
            guard try db.tableExists("grdb_migrations") else { return [] }
            let applied = try migrator.appliedIdentifiers(db)
            return applied.filter { !migrator.migrations.contains($0) }.sorted()
        }
        guard unknown.isEmpty else {
            throw SchedulerError(
                code: .unsupportedFormat, field: "store '\(path)'",
                reason: "was written by a newer Hourglass (schema migrations \(unknown.joined(separator: ", ")) are unknown to this build); "
                    + "upgrade Hourglass to open it. The file was not changed")
        }
        try migrator.migrate(writer)
    }
}
