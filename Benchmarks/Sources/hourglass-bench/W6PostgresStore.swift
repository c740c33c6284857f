import Foundation
import Hourglass
import HourglassPostgres
import PostgresNIO

/// W6: the shared store, ``PostgresJobStore``, as `../shared/bench/w6_postgres.py`
/// measures APScheduler's SQLAlchemyJobStore on PostgreSQL, with durable commits (the
/// server's defaults: `fsync` and `synchronous_commit` on).
///
/// `--url` names the server (`scripts/postgres-test-server.sh start` gives a private one).
/// Each case runs in a child process of its own, in a schema that it creates and drops
/// at the end: the store's default one (`hourglass`) for `add` and `driver_add`, a fresh
/// one for the others. Parts:
/// - `add`: N interval jobs (every 60 s, distinct ids) added one at a time, each one
///   committed transaction, to a scheduler started paused.
/// - `driver_add`: the statement `add` sends for each job, prepared and sent N times one
///   at a time by PostgresNIO itself (`PostgresClient.execute`), with no store and no
///   scheduler: the rate this driver reaches on this machine, the yardstick for `add`'s
///   client side.
/// - `batch_add`: the same jobs added in batches of 1,000, one transaction each.
/// - `dispatch`: W3's procedure with date jobs in the store, run by 1 or 3 schedulers
///   ("nodes": each with a client and store of its own, as separate processes would
///   have); each run deletes its job's row and writes run history.
enum W6PostgresStore {
    /// Jobs per ``Scheduler/add(_:store:onConflict:)`` call in `batch_add`.
    static let batchSize = 1000

    static func run(url: String, nAdd: Int, nDispatch: Int, nodes: [Int]) throws -> [String: Any] {
        var results: [[String: Any]] = []
        results.append(try runChild(["w6", "add", url, String(nAdd)]))
        results.append(try runChild(["w6", "driver_add", url, String(nAdd)]))
        results.append(try runChild(["w6", "batch_add", url, String(nAdd)]))
        for count in nodes { results.append(try runChild(["w6", "dispatch", url, String(nDispatch), String(count)])) }
        return [
            "workload": "W6", "desc": "PostgresJobStore: add N_ADD jobs (singly, in batches); dispatch N_DISPATCH due jobs with 1 and 3 nodes",
            "backend": "postgresql", "params": ["n_add": nAdd, "n_dispatch": nDispatch, "batch": batchSize, "nodes": nodes],
            "versions": versions, "loadavg_1m_at_end": loadAverage(), "results": results,
        ]
    }

    /// `--child w6 {add,driver_add,batch_add} URL N` or `--child w6 dispatch URL N NODES`.
    static func child(_ arguments: [String]) async throws -> [String: Any] {
        switch (arguments.first, arguments.count) {
        case ("add", 3), ("batch_add", 3):
            guard let n = Int(arguments[2]), n > 0 else { break }
            return try await add(url: arguments[1], n: n, batched: arguments[0] == "batch_add")
        case ("driver_add", 3):
            guard let n = Int(arguments[2]), n > 0 else { break }
            return try await driverAdd(url: arguments[1], n: n)
        case ("dispatch", 4):
            guard let n = Int(arguments[2]), n > 0, let nodes = Int(arguments[3]), nodes > 0 else { break }
            return try await dispatch(url: arguments[1], n: n, nodes: nodes)
        default:
            break
        }
        throw BenchmarkError("usage: hourglass-bench --child w6 {add,driver_add,batch_add} URL N | dispatch URL N NODES")
    }

    /// Parts `add` and `batch_add`: N interval jobs into a paused scheduler's store.
    /// `add` runs in the default schema, as a store configured by default would: the
    /// store prepares its add statement there only.
    private static func add(url: String, n: Int, batched: Bool) async throws -> [String: Any] {
        try await withNodes(url: url, count: 1, runs: 0, inDefaultSchema: !batched) { schedulers, _, _, _ in
            try await StoreAdds.measure(schedulers[0], store: "postgres", handler: "w6", n: n, batchSize: batched ? batchSize : nil)
        }
    }

    /// Part `dispatch`: N date jobs due at one instant, added in batches, run by `nodes` schedulers.
    private static func dispatch(url: String, n: Int, nodes: Int) async throws -> [String: Any] {
        try await withNodes(url: url, count: nodes, runs: n) { schedulers, tally, _, _ in
            let (outcome, slack) = try await DueBurst.run(schedulers, n: n, lead: 3, tally: tally, timeout: 300) { index, due in
                guard index % batchSize == 0 else { return }
                let jobs = try (index..<min(index + batchSize, n)).map {
                    Job(id: paddedID("j", $0, width: 7), trigger: try DateTrigger(at: due), target: .handler(name: "w6", arguments: nil))
                }
                try await schedulers[0].add(jobs, store: "postgres")
            }
            guard let outcome else { throw BenchmarkError("adding \(n) jobs left \(slack) s before they were due") }
            try await Task.sleep(for: .milliseconds(200))
            var result: [String: Any] = [
                "part": "dispatch", "nodes": nodes, "n": n, "rows_left_in_store": try await schedulers[0].jobs(in: "postgres").count,
                "peak_rss_mib": mebibytes(peakResidentBytes()),
            ]
            var owners: [String: Int] = [:]
            for index in stride(from: 0, to: n, by: max(1, n / 500)) {
                for run in try await schedulers[0].runs(of: paddedID("j", index, width: 7), in: "postgres") {
                    owners[run.owner, default: 0] += 1
                }
            }
            result["runs_by_node_sampled"] = owners
            result.merge(outcome.fields(n: n)) { current, _ in current }
            return result
        }
    }

    /// Part `driver_add`: `add`'s statement (PostgresJobStore's, announcement included)
    /// prepared and sent N times by PostgresNIO, each its own commit, in the default schema
    /// as `add` runs.
    private static func driverAdd(url: String, n: Int) async throws -> [String: Any] {
        try await withNodes(url: url, count: 1, runs: 0, inDefaultSchema: true) { _, _, client, _ in
            let job = Job(id: "job-0", trigger: try IntervalTrigger(every: .seconds(60)), target: .handler(name: "w6", arguments: nil))
            let trigger = String(decoding: try JSONEncoder().encode(job.trigger), as: UTF8.self)
            let clock = ContinuousClock()
            let cpuStart = Measurement.cpuNow()
            let start = clock.now
            var deciles = DecileTimer(n: n, start: start)
            for index in 0..<n {
                let insert = DriverInsert(id: "job-\(index)", trigger: trigger, nextRunTime: Date().timeIntervalSince1970 + 60)
                var inserted = 0
                for try await _ in try await client.execute(insert) { inserted += 1 }
                guard inserted == 1 else { throw BenchmarkError("job-\(index) was not inserted") }
                deciles.reached(index + 1)
            }
            let seconds = start.duration(to: clock.now).seconds
            return [
                "part": "driver_add", "n": n, "seconds": rounded(seconds, 3), "cpu_seconds": rounded(Measurement.cpuNow() - cpuStart, 3),
                "adds_per_sec": Int((Double(n) / seconds).rounded()), "us_per_add_by_decile": deciles.values,
            ]
        }
    }

    /// The store's add statement in the default schema, for `driver_add`.
    private struct DriverInsert: PostgresPreparedStatement {
        static let sql = """
            WITH inserted AS (
                INSERT INTO hourglass.jobs (id, name, trigger, handler, arguments, options, next_run_time, paused)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (id) DO NOTHING RETURNING id, next_run_time)
            SELECT id, pg_notify('hourglass_jobs', coalesce(next_run_time::text, '')) FROM inserted
            """
        let id: String
        let trigger: String
        let nextRunTime: Double

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 8)
            bindings.append(id)
            bindings.append(String?.none)
            bindings.append(trigger)
            bindings.append("w6")
            bindings.append(String?.none)
            bindings.append(String?.none)
            bindings.append(nextRunTime)
            bindings.append(false)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> String { try row.makeRandomAccess()[0].decode(String.self) }
    }

    /// Runs `body` with `count` paused schedulers ("node-1"...), each with a client and a
    /// store of its own on one fresh schema, handler `w6` counting into a tally that
    /// expects `runs`, the first node's client and the schema's name; drops the schema
    /// afterwards. The schema is a fresh one, or the store's default (`hourglass`), which
    /// must not exist yet, if `inDefaultSchema`.
    private static func withNodes<T>(
        url: String, count: Int, runs: Int, inDefaultSchema: Bool = false,
        _ body: ([Scheduler], W3Dispatch.Tally, PostgresClient, String) async throws -> T
    ) async throws -> T {
        let configuration = try PostgresJobStore.clientConfiguration(url: url)
        let clients = (0..<count).map { _ in PostgresClient(configuration: configuration) }
        let schema = inDefaultSchema
            ? PostgresJobStore.Configuration().schema
            : "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients { group.addTask { await client.run() } }
            defer { group.cancelAll() }
            let existing = try await clients[0].query("SELECT 1 FROM pg_namespace WHERE nspname = \(schema)").collect()
            guard existing.isEmpty else {
                throw BenchmarkError("schema \(schema) already exists in this database; W6 creates and drops it, so give a scratch database")
            }
            let tally = W3Dispatch.Tally(target: runs)
            var schedulers: [Scheduler] = []
            for (number, client) in clients.enumerated() {
                var settings = Scheduler.Configuration()
                settings.schedulerID = "node-\(number + 1)"
                let scheduler = Scheduler(configuration: settings)
                var storeSettings = PostgresJobStore.Configuration()
                storeSettings.schema = schema
                try await scheduler.addStore(PostgresJobStore(client: client, configuration: storeSettings), named: "postgres")
                await scheduler.register("w6") { _ in tally.record() }
                try await scheduler.start(paused: true)
                schedulers.append(scheduler)
            }
            do {
                let result = try await body(schedulers, tally, clients[0], schema)
                for scheduler in schedulers { await scheduler.shutdown(waitForRunningJobs: false) }
                try await clients[0].query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"))
                return result
            } catch {
                for scheduler in schedulers { await scheduler.shutdown(waitForRunningJobs: false) }
                _ = try? await clients[0].query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"))
                throw error
            }
        }
    }
}
