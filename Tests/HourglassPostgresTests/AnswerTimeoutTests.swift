import Foundation
import Hourglass
@testable import HourglassPostgres
import HourglassPostgresTestSupport
import HourglassTestSupport
import Logging
import PostgresNIO
import Testing

/// Store calls that the database does not answer: they fail with a store error instead of
/// waiting for good, and leave the store usable.
@Suite(
    "The PostgreSQL store gives up on calls the database does not answer", .enabled(if: PostgresTestDatabase.isConfigured),
    .timeLimit(.minutes(1)))
struct AnswerTimeoutTests {
    /// PostgresNIO 1.33 never answers a query sent on a closed connection; after a server
    /// restart, such a query held a scheduler's history writer, then its loop, for good.
    @Test("a call whose connection closes before the answer fails within seconds")
    func connectionClosed() async throws {
        try await PostgresTestDatabase.withStore { store, _ in
            let error = await #expect(throws: SchedulerError.self) {
                try await store.run("read back") { connection in
                    try await connection.close()
                    return try await connection.query("SELECT 1", logger: store.logger).values(Int.self).count
                }
            }
            #expect(error?.code == .storeFailure)
            #expect(error?.description.contains("could not read back: the connection to the database closed") == true)
            let jobs = try await store.jobs(matching: JobFilter())
            #expect(jobs.isEmpty, "the store works again")
        }
    }

    @Test("a call blocked past answerTimeout fails, and what it wrote is rolled back")
    func blocked() async throws {
        try await PostgresTestDatabase.withStore { store, client in
            // A second store on the same schema, impatient.
            var impatient = store.configuration
            impatient.answerTimeout = .seconds(2)
            let blockedStore = try await PostgresJobStore(client: client, configuration: impatient)
            let record = RunRecord(
                id: RunRecord.nextID(), jobID: "held", scheduledFireTime: Date(timeIntervalSince1970: 1_000),
                status: .success, owner: "node")
            try await withLock(on: "\(store.configuration.schema).runs", client: client) {
                let error = await #expect(throws: SchedulerError.self) { try await blockedStore.record([record]) }
                #expect(error?.code == .storeFailure)
                #expect(error?.description.contains("could not record runs: the database did not answer within 2.0 seconds") == true)
            }
            #expect(try await store.runs(of: "held", limit: 10).isEmpty, "the timed-out write was committed")
            try await blockedStore.record([record])
            #expect(try await store.runs(of: "held", limit: 10).map(\.id) == [record.id])
        }
    }

    /// A migration may take long, and a node that starts meanwhile waits for it.
    @Test("opening a store waits for another node's schema migration past answerTimeout")
    func migrationIsNotTimed() async throws {
        try await PostgresTestDatabase.withClient { client in
            var configuration = PostgresJobStore.Configuration()
            configuration.schema = PostgresTestDatabase.schemaName()
            configuration.answerTimeout = .seconds(1)
            let logger = Logger(label: "test")
            let key = try PostgresTables(schema: configuration.schema).migrationLock
            let lock: PostgresQuery = "SELECT pg_advisory_lock(hashtext(\(key)))"
            try await client.withConnection { connection in
                // The other node, migrating: it holds the lock that migrations take.
                try await connection.query(lock, logger: logger)
                let opening = Task { [configuration] in try await PostgresJobStore(client: client, configuration: configuration) }
                try await waitUntil("a session waits for an advisory lock") {
                    try await client.query(Self.advisoryLockWaits).values(Int.self).first != 0
                }
                // Past the timeout and the watchdog's next look.
                try await Task.sleep(for: .seconds(2.5))
                try await connection.query("SELECT pg_advisory_unlock_all()", logger: logger)
                let store = try await opening.value
                #expect(try await store.jobs(matching: JobFilter()).isEmpty)
            }
            try await PostgresTestDatabase.drop(configuration.schema, on: client)
        }
    }

    /// How many sessions of this database wait for an advisory lock.
    private static let advisoryLockWaits: PostgresQuery = """
        SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()
        """

    @Test("an answer timeout of zero or less is refused", arguments: [Duration.zero, .seconds(-1)])
    func invalidTimeout(_ timeout: Duration) async throws {
        try await PostgresTestDatabase.withClient { client in
            var configuration = PostgresJobStore.Configuration()
            configuration.schema = PostgresTestDatabase.schemaName()
            configuration.answerTimeout = timeout
            let error = await #expect(throws: SchedulerError.self) {
                _ = try await PostgresJobStore(client: client, configuration: configuration)
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.description.contains("answerTimeout") == true)
        }
    }

    /// Runs `body` while another connection holds `table` in ACCESS EXCLUSIVE mode.
    private func withLock(on table: String, client: PostgresClient, _ body: () async throws -> Void) async throws {
        let logger = Logger(label: "test")
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "LOCK TABLE \(table) IN ACCESS EXCLUSIVE MODE"), logger: logger)
            do {
                try await body()
                try await connection.query("COMMIT", logger: logger)
            } catch {
                try await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }
}
