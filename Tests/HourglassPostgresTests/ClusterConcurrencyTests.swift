import Foundation
import Hourglass
import HourglassPostgres
import HourglassSQLite
import Testing
import HourglassTestSupport
import HourglassPostgresTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `maxConcurrentRuns` across real scheduler processes on the wall clock (SEMANTICS: the
/// limit holds across every scheduler that shares the store): a job every second whose
/// runs take 3 s, limit 1, on 3 processes sharing PostgreSQL and 2 sharing one SQLite file.
@Suite("One run at a time across scheduler processes", .serialized, .timeLimit(.minutes(3)))
struct ClusterConcurrencyTests {
    /// How long the nodes run.
    static let seconds = 12.0

    /// A job every second from a whole second two seconds ahead, with the default limit of one run.
    static func job() throws -> Job {
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 2).rounded(.up))
        return Job(
            id: "slow", trigger: try IntervalTrigger(every: .seconds(1), start: start),
            target: .handler(name: "tick", arguments: nil), nextRunTime: start)
    }

    @Test("3 processes on PostgreSQL: no two runs overlap, and the skipped fire times are recorded", .enabled(if: PostgresTestDatabase.isConfigured))
    func postgres() async throws {
        let directory = TemporaryDirectory()
        let log = directory.path("runs.log")
        try await PostgresTestDatabase.withStore { store, _ in
            let url = try #require(PostgresTestDatabase.url)
            try await ExclusiveProcessTests.run {
                _ = try await store.add(try Self.job(), onConflict: .fail)
                let nodes = try (1...3).map {
                    try Probe.launch(store: url, log: log, id: "node-\($0)", schema: store.configuration.schema, runMilliseconds: 3_000)
                }
                try await Self.runAndCheck(nodes, store: store, log: log)
            }
        }
    }

    @Test("2 processes on one SQLite file: no two runs overlap, and the skipped fire times are recorded")
    func sqlite() async throws {
        let directory = TemporaryDirectory()
        let log = directory.path("runs.log")
        let path = directory.path("jobs.sqlite")
        let store = try SQLiteJobStore(path: path)
        try await ExclusiveProcessTests.run {
            _ = try await store.add(try Self.job(), onConflict: .fail)
            let nodes = try (1...2).map { try Probe.launch(store: path, log: log, id: "node-\($0)", runMilliseconds: 3_000) }
            try await Self.runAndCheck(nodes, store: store, log: log)
        }
    }

    /// Lets the nodes run, stops them, and checks the history and the probes' log.
    static func runAndCheck(_ nodes: [Process], store: any JobStore, log: String) async throws {
        do {
            try await Task.sleep(for: .seconds(seconds))
            for node in nodes { kill(node.processIdentifier, SIGTERM) }
            for node in nodes { try await waitForExit(node, "a probe has stopped after SIGTERM") }
        } catch {
            for node in nodes where node.isRunning { kill(node.processIdentifier, SIGKILL) }
            throw error
        }
        for node in nodes { #expect(node.terminationStatus == 0, "a graceful shutdown exits 0") }

        let runs = try await store.runs(of: "slow", limit: 1_000)
        let ran = runs.filter { $0.status == .success }
        let skipped = runs.filter { $0.status == .skipped }
        #expect(ran.count >= 3, "only \(ran.count) runs in \(seconds) s: \(runs)")
        #expect(skipped.count >= 5, "only \(skipped.count) skipped fire times recorded: \(runs)")
        #expect(skipped.allSatisfy { $0.message?.contains("max_concurrent_runs") == true })
        #expect(!runs.contains { $0.status == .running }, "records left running")
        // By the history: each run ended before the next began.
        let spans = ran.compactMap { run in run.startedAt.flatMap { start in run.finishedAt.map { (start, $0, run.owner) } } }
            .sorted { $0.0 < $1.0 }
        for (earlier, later) in zip(spans, spans.dropFirst()) {
            #expect(later.0 >= earlier.1, "runs overlap: \(earlier) and \(later)")
        }
        // By the probes' log, written as the runs start and end: never two starts without an end between.
        var going = 0
        for line in try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n") {
            going += line.hasPrefix("start ") ? 1 : -1
            #expect(going <= 1, "two runs of the job were going at once: \(line)")
        }
    }
}
