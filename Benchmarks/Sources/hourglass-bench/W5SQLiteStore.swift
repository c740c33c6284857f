import Foundation
import Hourglass
import HourglassSQLite

/// W5: a persistent store, ``SQLiteJobStore``, as `../shared/bench/w5_sqlalchemy_store.py`
/// measures APScheduler's SQLAlchemyJobStore on an SQLite file.
///
/// Each case runs in a child process of its own, with its SQLite file in a fresh temporary
/// directory under `--dir` (default `/dev/shm`, a tmpfs, where fsync costs nothing; `/tmp`
/// puts it on disk) that the child deletes at the end. Parts:
/// - `add`: N interval jobs (every 60 s, distinct ids) added one at a time, each one
///   transaction, to a scheduler started paused; with `syncEveryCommit` false (`normal`)
///   and true (`full`).
/// - `batch_add`: the same jobs added in batches of 1,000, one transaction each.
///
///   Both first make throw-away adds for ``warmUp`` into a file of their own, so that the
///   measured adds start on a CPU at speed. A child starts adding within milliseconds of
///   its start, and its first 0.1 s ran about a quarter slower per add than the rest. A
///   child that spun the CPU for 0.3 s first had no slow start either, so it is the CPU
///   coming up to speed, not the store. The anchor's adds start after its Python imports
///   and show no slow tenth.
/// - `dispatch`: W3's procedure with date jobs in the SQLite store (the lead is estimated
///   from throw-away adds, as many as the anchor makes, into a file of their own); each
///   run removes its job's row and writes run history to the file.
enum W5SQLiteStore {
    /// `task_async`: an async handler; `blocking_sync`: a blocking one (`registerBlocking`).
    static let variants = ["task_async", "blocking_sync"]
    /// `normal`: `syncEveryCommit` false (`synchronous = NORMAL` in WAL); `full`: true.
    static let syncs = ["normal", "full"]
    /// Jobs per ``Scheduler/add(_:store:onConflict:)`` call in `batch_add`.
    static let batchSize = 1000

    static func run(directory: String, nAdd: Int, nDispatch: Int, variants: [String]) throws -> [String: Any] {
        var results: [[String: Any]] = []
        for sync in syncs { results.append(try runChild(["w5", "add", sync, directory, String(nAdd)])) }
        results.append(try runChild(["w5", "batch_add", "normal", directory, String(nAdd)]))
        for variant in variants {
            var factor = 1.5
            var result: [String: Any] = [:]
            for _ in 0..<4 {
                result = try runChild(["w5", "dispatch", variant, directory, String(nDispatch), String(factor)])
                if result["retry"] as? Bool != true { break }
                factor *= 2
            }
            results.append(result)
        }
        return [
            "workload": "W5",
            "desc": "SQLiteJobStore: add N_ADD jobs (singly, in batches); dispatch N_DISPATCH jobs due at one instant",
            "backend": "sqlite", "sqlite_dir": directory,
            "params": ["n_add": nAdd, "n_dispatch": nDispatch, "batch": batchSize],
            "versions": versions.merging(["sqlite": sqliteVersion]) { $1 }, "loadavg_1m_at_end": loadAverage(),
            "results": results,
        ]
    }

    /// The version of the SQLite library GRDB links (the system's), as the anchor's `versions.sqlite`.
    private static var sqliteVersion: String {
        typealias LibraryVersion = @convention(c) () -> UnsafePointer<CChar>
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "sqlite3_libversion") else { return "unknown" }
        return String(cString: unsafeBitCast(symbol, to: LibraryVersion.self)())
    }

    /// `--child w5 {add,batch_add} SYNC DIR N` or `--child w5 dispatch VARIANT DIR N LEAD_FACTOR`.
    static func child(_ arguments: [String]) async throws -> [String: Any] {
        switch (arguments.first, arguments.count) {
        case ("add", 4), ("batch_add", 4):
            guard syncs.contains(arguments[1]), let n = Int(arguments[3]), n > 0 else { break }
            return try await add(
                sync: arguments[1], directory: arguments[2], n: n, batched: arguments[0] == "batch_add")
        case ("dispatch", 5):
            guard variants.contains(arguments[1]), let n = Int(arguments[3]), n > 0,
                let leadFactor = Double(arguments[4])
            else { break }
            return try await dispatch(variant: arguments[1], directory: arguments[2], n: n, leadFactor: leadFactor)
        default:
            break
        }
        throw BenchmarkError(
            "usage: hourglass-bench --child w5 {add,batch_add} {\(syncs.joined(separator: ","))} DIR N\n"
                + "       hourglass-bench --child w5 dispatch {\(variants.joined(separator: ","))} DIR N LEAD_FACTOR")
    }

    /// How long the add parts add throw-away jobs before the measured ones.
    static let warmUp = Duration.milliseconds(300)

    /// Parts `add` and `batch_add`: N interval jobs into a paused scheduler's SQLite store.
    private static func add(sync: String, directory: String, n: Int, batched: Bool) async throws -> [String: Any] {
        try await withTemporaryDirectory(under: directory, prefix: batched ? "batch" : "add-\(sync)") { path in
            var configuration = SQLiteJobStore.Configuration()
            configuration.syncEveryCommit = sync == "full"
            try await warmUp(path: path + "/warm-up.sqlite", configuration: configuration)
            let scheduler = try await pausedNoopScheduler(path: path + "/jobs.sqlite", configuration: configuration)
            var result = try await StoreAdds.measure(
                scheduler, store: "sqlite", handler: "noop", n: n, batchSize: batched ? batchSize : nil)
            await scheduler.shutdown(waitForRunningJobs: false)
            result["sync"] = sync
            result["dir"] = directory
            return result
        }
    }

    /// Adds throw-away jobs, one at a time, to a paused scheduler on the file at `path` for ``warmUp``.
    private static func warmUp(path: String, configuration: SQLiteJobStore.Configuration) async throws {
        let scheduler = try await pausedNoopScheduler(path: path, configuration: configuration)
        let end = ContinuousClock.now + warmUp
        var index = 0
        while ContinuousClock.now < end {
            try await scheduler.add(
                id: JobID("warm-up-\(index)"), trigger: try IntervalTrigger(every: .seconds(60)), handler: "noop",
                store: "sqlite")
            index += 1
        }
        await scheduler.shutdown(waitForRunningJobs: false)
    }

    /// A scheduler started paused, with an SQLite store `sqlite` at `path` and a no-op
    /// handler `noop`: what the add parts add to.
    private static func pausedNoopScheduler(path: String, configuration: SQLiteJobStore.Configuration) async throws
        -> Scheduler
    {
        let scheduler = Scheduler()
        try await scheduler.addStore(SQLiteJobStore(path: path, configuration: configuration), named: "sqlite")
        await scheduler.register("noop") { _ in }
        try await scheduler.start(paused: true)
        return scheduler
    }

    /// Part `dispatch`: W3's procedure on the SQLite store, counting with ``W3Dispatch/Tally``.
    private static func dispatch(variant: String, directory: String, n: Int, leadFactor: Double) async throws
        -> [String: Any]
    {
        try await withTemporaryDirectory(under: directory, prefix: variant) { path in
            let tally = W3Dispatch.Tally(target: n)
            let clock = ContinuousClock()

            // Estimate the cost of an add with a throw-away paused scheduler and file.
            let probe = try await pausedScheduler(
                variant, path: path + "/probe.sqlite", tally: W3Dispatch.Tally(target: 0))
            let far = Date(timeIntervalSinceNow: 3600)
            let probeCount = max(50, min(300, n / 10))
            let probeStart = clock.now
            for i in 0..<probeCount {
                try await probe.add(
                    id: paddedID("p", i, width: 7), trigger: DateTrigger(at: far), handler: "w5", store: "sqlite")
            }
            let perAdd = probeStart.duration(to: clock.now).seconds / Double(probeCount)
            await probe.shutdown(waitForRunningJobs: false)

            let scheduler = try await pausedScheduler(variant, path: path + "/jobs.sqlite", tally: tally)
            let lead = 1.0 + Double(n) * perAdd * leadFactor
            let (outcome, slack) = try await DueBurst.run([scheduler], n: n, lead: lead, tally: tally, timeout: 300) { index, due in
                try await scheduler.add(
                    id: paddedID("j", index, width: 7), trigger: DateTrigger(at: due), handler: "w5", store: "sqlite")
            }
            guard let outcome else { return ["retry": true, "slack_s": rounded(slack, 3)] }
            // Give the scheduler a moment to remove the last rows, then count, as the anchor does.
            try await Task.sleep(for: .milliseconds(200))
            let remaining = try await scheduler.jobs(in: "sqlite").count
            var result: [String: Any] = [
                "part": "dispatch", "variant": variant, "dir": directory, "n": n,
                "adds_per_sec": Int((Double(n) / outcome.addSeconds).rounded()),
                "rows_left_in_store": remaining, "peak_rss_mib": mebibytes(peakResidentBytes()),
            ]
            result.merge(outcome.fields(n: n)) { current, _ in current }
            await scheduler.shutdown(waitForRunningJobs: false)
            return result
        }
    }

    /// A scheduler started paused, with an SQLite store `sqlite` at `path` (default
    /// configuration) and the variant's handler `w5` counting into `tally`.
    private static func pausedScheduler(_ variant: String, path: String, tally: W3Dispatch.Tally) async throws
        -> Scheduler
    {
        let scheduler = Scheduler()
        try await scheduler.addStore(SQLiteJobStore(path: path), named: "sqlite")
        if variant == "blocking_sync" {
            await scheduler.registerBlocking("w5") { _ in tally.record() }
        } else {
            await scheduler.register("w5") { _ in tally.record() }
        }
        try await scheduler.start(paused: true)
        return scheduler
    }

    /// Runs `body` with a new directory `<parent>/w5-<prefix>-XXXXXX`, deleted afterwards.
    private static func withTemporaryDirectory<T>(
        under parent: String, prefix: String, _ body: (String) async throws -> T
    ) async throws -> T {
        var template = Array("\(parent)/w5-\(prefix)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw BenchmarkError("cannot create a directory under \(parent): errno \(errno)")
        }
        let path = String(cString: made)
        do {
            let result = try await body(path)
            try? FileManager.default.removeItem(atPath: path)
            return result
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }
}
