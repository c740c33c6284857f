import Foundation
import Hourglass
import HourglassPostgres
import PostgresNIO
import Testing
import HourglassTestSupport
import HourglassPostgresTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Several scheduler processes on one database, on the wall clock: real processes, a real
/// server, and checks read from the run history.
@Suite(
    "A cluster of scheduler processes on one PostgreSQL database", .serialized,
    .enabled(if: PostgresTestDatabase.isConfigured), .timeLimit(.minutes(5)))
struct ClusterTests {
    /// How long the exactly-once test lets the cluster run (default a minute).
    static let runSeconds = ProcessInfo.processInfo.environment["HOURGLASS_CLUSTER_SECONDS"].flatMap(Double.init) ?? 60
    /// The probes' lease, after which another node takes over a dead node's claims.
    static let lease = 2.0

    /// `count` jobs firing every second from a whole second two seconds ahead, spread over
    /// the second, with `options`.
    static func jobs(_ count: Int, options: JobOptions = JobOptions()) throws -> [Job] {
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 2).rounded(.up))
        return try (0..<count).map { number in
            // Tenths of a second: stored triggers keep instants to the nanosecond, not to Date's last bit.
            let first = start.addingTimeInterval(Double(number % 10) / 10)
            return Job(
                id: JobID("tick-\(number)"), trigger: try IntervalTrigger(every: .seconds(1), start: first),
                target: .handler(name: "tick", arguments: nil), options: options, nextRunTime: first)
        }
    }

    /// Runs `body` with a store in a fresh schema holding the jobs that `makeJobs` makes
    /// (once no other process-heavy test runs, so that their first fire times are ahead),
    /// and three probes on it.
    private func withCluster(
        jobs makeJobs: () throws -> [Job], runMilliseconds: Int,
        _ body: (PostgresJobStore, PostgresClient, [Process], String, [Job]) async throws -> Void
    ) async throws {
        let directory = TemporaryDirectory()
        let log = directory.path("runs.log")
        try await ExclusiveProcessTests.run {
            try await PostgresTestDatabase.withStore { store, client in
                let jobs = try makeJobs()
                _ = try await store.add(jobs, onConflict: .fail)
                let url = try #require(PostgresTestDatabase.url)
                let nodes = try (1...3).map {
                    try Probe.launch(
                        store: url, log: log, id: "node-\($0)", schema: store.configuration.schema, runMilliseconds: runMilliseconds)
                }
                do {
                    try await body(store, client, nodes, log, jobs)
                } catch {
                    for node in nodes where node.isRunning { kill(node.processIdentifier, SIGKILL) }
                    throw error
                }
            }
        }
    }

    /// Ends the probes that still run with SIGTERM and expects a clean exit.
    private func stop(_ nodes: [Process]) async throws {
        let running = nodes.filter(\.isRunning)
        for node in running { kill(node.processIdentifier, SIGTERM) }
        for node in running {
            try await waitForExit(node, "a probe has stopped after SIGTERM")
            #expect(node.terminationStatus == 0, "a graceful shutdown exits 0")
        }
    }

    /// Every job's recorded runs, by job.
    private func history(_ jobs: [Job], in store: PostgresJobStore) async throws -> [JobID: [RunRecord]] {
        var history: [JobID: [RunRecord]] = [:]
        for job in jobs { history[job.id] = try await store.runs(of: job.id, limit: 1_000) }
        return history
    }

    /// The fire times of `runs` in order, expecting none twice.
    private func fireTimes(of runs: [RunRecord], _ id: JobID) -> [Double] {
        let times = runs.map { $0.scheduledFireTime.timeIntervalSince1970 }.sorted()
        #expect(times.count == Set(times).count, "\(id): a fire time ran twice")
        return times
    }

    @Test("three nodes, a few hundred jobs every second for about a minute: every fire time runs exactly once")
    func exactlyOnce() async throws {
        // Two places: a run's place frees when its end reaches the store, which can lag a
        // second behind the run under the full suite's load; the limit has tests of its own
        // (ClusterConcurrencyTests), and this one is about each fire time running once.
        let options = JobOptions(maxConcurrentRuns: 2)
        try await withCluster(jobs: { try Self.jobs(300, options: options) }, runMilliseconds: 50) { store, _, nodes, log, jobs in
            try await Task.sleep(for: .seconds(Self.runSeconds))
            try await stop(nodes)
            let history = try await history(jobs, in: store)
            var owners = Set<String>()
            for job in jobs {
                let runs = try #require(history[job.id])
                owners.formUnion(runs.map(\.owner))
                #expect(runs.allSatisfy { $0.status == .success }, "\(job.id): \(runs.filter { $0.status != .success })")
                let times = fireTimes(of: runs, job.id)
                // Every second from the first fire time to the last: none lost.
                if let first = times.first, let last = times.last {
                    #expect(times.count == Int((last - first).rounded()) + 1, "\(job.id): fire times lost")
                }
                #expect(Double(times.count) >= Self.runSeconds - 4, "\(job.id) ran only \(times.count) times")
            }
            #expect(owners == ["node-1", "node-2", "node-3"], "every node should have run jobs, ran: \(owners)")
            let started = try ProbeLog(path: log).started
            #expect(started.count == Set(started).count, "the probes started a fire time twice")
        }
    }

    @Test("kill -9 one node mid-run: its runs in flight are recorded abandoned, the others take its jobs over within the lease")
    func nodeKilled() async throws {
        try await withCluster(jobs: { try Self.jobs(60) }, runMilliseconds: 600) { store, client, nodes, log, jobs in
            let schema = store.configuration.schema
            // Runs of fire times under 0.3 s old: a run lasts 0.6 s from its start, which is
            // not before its fire time, so they are still going when the kill comes. A record
            // merely still `running` can belong to a run that has ended and whose end is on its
            // way to the store; once (under the full suite's load) node-1 had nothing left to
            // abandon when it was killed.
            try await waitUntil("node-1 has runs in flight", timeout: .seconds(30)) {
                try await count(
                    """
                    SELECT count(*) FROM \(schema).runs WHERE owner = 'node-1' AND status = 'running'
                    AND fire_time > extract(epoch FROM clock_timestamp()) - 0.3
                    """, client) > 0
                    && ProbeLog(path: log).started.count > 200
            }
            kill(nodes[0].processIdentifier, SIGKILL)
            try await waitForExit(nodes[0], "the killed probe has ended")
            let killedAt = Date().timeIntervalSince1970
            try await Task.sleep(for: .seconds(10))
            try await stop(Array(nodes.dropFirst()))

            let history = try await history(jobs, in: store)
            let all = history.values.flatMap { $0 }
            #expect(all.filter { $0.status == .abandoned }.allSatisfy { $0.owner == "node-1" })
            #expect(all.contains { $0.status == .abandoned }, "the runs in flight on node-1 were not marked abandoned")
            #expect(!all.contains { $0.status == .running }, "records left running")
            for job in jobs {
                let times = fireTimes(of: history[job.id] ?? [], job.id)
                // After the kill, at most a lease (and the second it takes to notice) passes between runs.
                let after = times.filter { $0 > killedAt - 1 }
                let gaps = zip(after.dropFirst(), after).map { $0 - $1 }
                #expect((gaps.max() ?? 0) <= Self.lease + 1.5, "\(job.id): not taken over within the lease: \(after)")
                #expect(after.last ?? 0 > killedAt + 8, "\(job.id) stopped running after the kill")
            }
        }
    }

    @Test(
        "restart PostgreSQL mid-run: every node recovers, and no job, run or history record is lost",
        .enabled(if: PostgresTestDatabase.directory != nil, "needs HOURGLASS_TEST_POSTGRES_DIR, a server it may restart"))
    func databaseRestart() async throws {
        let directory = try #require(PostgresTestDatabase.directory, "HOURGLASS_TEST_POSTGRES_DIR names the server to restart")
        try await withCluster(jobs: { try Self.jobs(60) }, runMilliseconds: 100) { store, _, nodes, log, jobs in
            try await waitUntil("the cluster runs jobs", timeout: .seconds(30)) { try ProbeLog(path: log).started.count > 300 }
            try await restartServer(directory)
            let restartedAt = Date().timeIntervalSince1970
            try await Task.sleep(for: .seconds(12))
            try await stop(nodes)

            #expect(try await store.jobs(matching: JobFilter()).map(\.id).sorted() == jobs.map(\.id).sorted())
            let history = try await history(jobs, in: store)
            var recorded = Set<ProbeLog.Run>()
            for job in jobs {
                let runs = history[job.id] ?? []
                let times = fireTimes(of: runs, job.id)
                #expect(times.contains { $0 > restartedAt + 6 }, "\(job.id) did not run again after the restart")
                for run in runs where run.status == .success {
                    recorded.insert(ProbeLog.Run(job: job.id.rawValue, fireTime: run.scheduledFireTime.timeIntervalSince1970))
                }
                #expect(!runs.contains { $0.status == .running }, "\(job.id): records left running")
            }
            let ended = try ProbeLog(path: log).ended
            let unrecorded = ended.subtracting(recorded)
            #expect(unrecorded.isEmpty, "runs that ended without a success record: \(unrecorded.count), e.g. \(unrecorded.prefix(3))")
            let started = try ProbeLog(path: log).started
            #expect(started.count == Set(started).count, "the probes started a fire time twice")
        }
    }

    private func count(_ sql: String, _ client: PostgresClient) async throws -> Int {
        var value = 0
        for try await count in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(Int.self) { value = count }
        return value
    }

    /// Restarts the test server with the script that started it.
    private func restartServer(_ directory: String) async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/postgres-test-server.sh")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, "restart", directory]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try await waitForExit(process, "the server restart script has ended", timeout: .seconds(60))
        #expect(process.terminationStatus == 0, "the server did not restart")
    }
}
