import Foundation
import Hourglass
import HourglassPostgres
import HourglassTestSupport
import PostgresNIO
import Testing
import HourglassPostgresTestSupport

/// A store in the default schema sends its add statement prepared; these pin that it
/// behaves as the unprepared one does elsewhere.
@Suite("The PostgreSQL store in its default schema", .enabled(if: PostgresTestDatabase.isConfigured), .timeLimit(.minutes(2)))
struct DefaultSchemaTests {
    /// Runs `body` with a store in the default schema on a client of one connection, so
    /// that every call meets the statements that earlier calls prepared.
    private func withOneConnectionStore(_ body: (PostgresJobStore, PostgresClient) async throws -> Void) async throws {
        try await PostgresTestDatabase.withDefaultSchema { _ in
            var configuration = try PostgresJobStore.clientConfiguration(url: try #require(PostgresTestDatabase.url))
            configuration.options.maximumConnections = 1
            let client = PostgresClient(configuration: configuration)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                try await body(try await PostgresJobStore(client: client), client)
            }
        }
    }

    private static func preparedStatements(on client: PostgresClient) async throws -> [String] {
        try await client.query("SELECT name FROM pg_prepared_statements ORDER BY name").collect().map { try $0.decode(String.self) }
    }

    @Test("prepared adds are announced, and conflicts are settled by the policy")
    func addsInDefaultSchema() async throws {
        try await withOneConnectionStore { store, _ in
            try await PostgresTestDatabase.withClient { otherClient in
                let other = try await PostgresJobStore(client: otherClient)
                let (changes, continuation) = AsyncStream.makeStream(of: Date?.self)
                let watcher = Task { await other.watchChanges { continuation.yield($0) } }
                defer { watcher.cancel() }
                var iterator = changes.makeAsyncIterator()
                #expect(await iterator.next() == .some(nil))

                let first = try PostgresStoreTests.job("first", at: 42)
                #expect(try await store.add(first, onConflict: .fail) == .added(first))
                #expect(await iterator.next() == .some(SchedulerFixture.at(42)))
                #expect(try await other.job("first")?.nextRunTime == SchedulerFixture.at(42))

                let error = await #expect(throws: SchedulerError.self) {
                    _ = try await store.add(try PostgresStoreTests.job("first", at: 7), onConflict: .fail)
                }
                #expect(error?.code == .jobExists)
                let replacement = try PostgresStoreTests.job("first", at: 7)
                guard case .replaced(let previous, _) = try await store.add(replacement, onConflict: .replace) else {
                    Issue.record("a replacing add did not replace")
                    return
                }
                #expect(previous.nextRunTime == SchedulerFixture.at(42))
                #expect(try await other.job("first")?.nextRunTime == SchedulerFixture.at(7))
            }
        }
    }

    @Test("a first add with its optional columns null does not stop later adds from setting them")
    func nullsFirst() async throws {
        try await withOneConnectionStore { store, _ in
            var bare = Job(
                id: "bare", trigger: try IntervalTrigger(every: .seconds(60)), target: .handler(name: "h", arguments: nil))
            bare.isPaused = true
            _ = try await store.add(bare, onConflict: .fail)
            var full = try PostgresStoreTests.job("full", at: 5)
            full.name = "Full"
            full.target = .handler(name: "h", arguments: JobArguments(json: #"{"to":"ops"}"#))
            full.options.maxConcurrentRuns = 2
            _ = try await store.add(full, onConflict: .fail)
            let stored = try #require(try await store.job("full"))
            #expect(stored.name == "Full" && stored.nextRunTime == SchedulerFixture.at(5) && stored.options.maxConcurrentRuns == 2)
            #expect(stored.target == full.target)
            let storedBare = try #require(try await store.job("bare"))
            #expect(storedBare.isPaused && storedBare.nextRunTime == nil && storedBare.name == nil)
        }
    }

    @Test("after its connection is killed, the store adds again on a new connection, prepared there")
    func connectionKilled() async throws {
        try await withOneConnectionStore { store, client in
            _ = try await store.add(try PostgresStoreTests.job("before", at: 1), onConflict: .fail)
            let backend = try await client.query("SELECT pg_backend_pid()").collect().map { try $0.decode(Int32.self) }
            try await PostgresTestDatabase.withClient { other in
                _ = try await other.query("SELECT pg_terminate_backend(\(try #require(backend.first)))").collect()
            }
            // Until the pool has replaced the killed connection, calls fail with storeFailure:
            // the caller tries again after a pause, as the scheduler does. Alone this takes
            // no retry; under the whole suite, with the server's connections in demand, CI
            // saw it take 15 s.
            var failures: [SchedulerError] = []
            let deadline = ContinuousClock.now + .seconds(60)
            while true {
                do {
                    _ = try await store.add(try PostgresStoreTests.job("after", at: 2), onConflict: .fail)
                    break
                } catch let error as SchedulerError where error.code == .storeFailure && ContinuousClock.now < deadline {
                    failures.append(error)
                    try await Task.sleep(for: .milliseconds(250))
                }
            }
            #expect(failures.allSatisfy { $0.description.contains("PostgreSQL store 'hourglass': could not add a job") })
            #expect(try await client.query("SELECT pg_backend_pid()").collect().map { try $0.decode(Int32.self) } != backend)
            #expect(try await Self.preparedStatements(on: client).contains("hourglass_insert_job"))
            #expect(try await store.jobs(matching: JobFilter()).map(\.id).sorted() == ["after", "before"])
        }
    }

    @Test("a schema dropped and made again under a connection that prepared the add still takes adds")
    func schemaMadeAgain() async throws {
        try await withOneConnectionStore { store, client in
            _ = try await store.add(try PostgresStoreTests.job("before", at: 1), onConflict: .fail)
            #expect(try await Self.preparedStatements(on: client).contains("hourglass_insert_job"))
            try await PostgresTestDatabase.drop(store.configuration.schema, on: client)
            let reopened = try await PostgresJobStore(client: client)
            _ = try await reopened.add(try PostgresStoreTests.job("after", at: 2), onConflict: .fail)
            #expect(try await reopened.jobs(matching: JobFilter()).map(\.id) == ["after"])
        }
    }
}
