import Foundation
import Hourglass
import Testing
import HourglassTestSupport
import HourglassPostgresTestSupport

/// Daemons of a cluster started at the same moment on a store that does not exist yet:
/// each creates the schema or waits for the one that does, and each syncs the same file's
/// jobs, without one of them failing. Real processes on the wall clock.
@Suite("Daemons started together on a new store (the built binary)", .timeLimit(.minutes(2)))
struct DaemonStartupRaceTests {
    static let daemons = 6
    static let rounds = 3

    let directory = TemporaryDirectory()
    var hourglass: HourglassBinary { HourglassBinary(directory: directory) }

    /// Per round: a configuration naming a new store, six daemons started on it at once;
    /// each must say it has started, then stop with exit status 0 on SIGTERM.
    func startTogether(store: (Int) -> String) async throws {
        try await ExclusiveProcessTests.run {
            for round in 1...Self.rounds {
                let configuration = "round\(round).yaml"
                try """
                    store: \(store(round))
                    source: startup-race
                    jobs:
                      - {id: nightly, cron: "0 3 * * *", command: ["true"]}
                      - {id: hourly, interval: 1h, shell: echo hourly}
                      - {id: weekly, cron: "0 4 * * mon", shell: echo weekly}
                    """.write(toFile: directory.path(configuration), atomically: true, encoding: .utf8)
                let logs = (1...Self.daemons).map { "round\(round)-daemon\($0).log" }
                let processes = try logs.map { try hourglass.start(["run", "--config", configuration], log: $0) }
                defer { for process in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) } }
                for (process, log) in zip(processes, logs) {
                    try await waitUntil("\(log): the daemon has started or exited", timeout: .seconds(15)) {
                        hourglass.log(log).contains("hourglass daemon started") || !process.isRunning
                    }
                }
                for (process, log) in zip(processes, logs) {
                    #expect(process.isRunning, "round \(round), \(log) exited: \(hourglass.log(log))")
                }
                for process in processes where process.isRunning { kill(process.processIdentifier, SIGTERM) }
                for (process, log) in zip(processes, logs) {
                    try await waitForExit(process, "\(log): the daemon has stopped", timeout: .seconds(10))
                    #expect(process.terminationStatus == 0, "round \(round), \(log): \(hourglass.log(log))")
                }
                let list = try await hourglass.run(["jobs", "list", "--config", configuration, "--json"])
                let ids = try JSONDecoder().decode([Job].self, from: Data(list.output.utf8)).map(\.id.rawValue)
                #expect(ids.sorted() == ["hourly", "nightly", "weekly"], "round \(round): \(list.errorOutput)")
            }
        }
    }

    @Test("six daemons on one SQLite file that does not exist yet all start, and stop with status 0")
    func sqlite() async throws {
        try await startTogether { round in directory.path("round\(round).sqlite") }
    }

    @Test(
        "six daemons on one new PostgreSQL schema all start, and stop with status 0",
        .enabled(if: PostgresTestDatabase.isConfigured))
    func postgres() async throws {
        let base = try #require(PostgresTestDatabase.url)
        let schemas = (1...Self.rounds).map { _ in PostgresTestDatabase.schemaName() }
        let drop = {
            try await PostgresTestDatabase.withClient { client in
                for schema in schemas { try await PostgresTestDatabase.drop(schema, on: client) }
            }
        }
        do {
            try await startTogether { round in base + "?schema=\(schemas[round - 1])" }
        } catch {
            try? await drop()
            throw error
        }
        try await drop()
    }
}
