import Foundation
import Hourglass
import HourglassPostgres
import Logging
import PostgresNIO
import Testing
import HourglassTestSupport

/// The PostgreSQL server the tests use: `HOURGLASS_TEST_POSTGRES_URL` names it (CI starts
/// a private one with `scripts/postgres-test-server.sh`). Without it, the PostgreSQL tests
/// are skipped. Each test works in a schema of its own, dropped at the end.
package enum PostgresTestDatabase {
    package static let url = ProcessInfo.processInfo.environment["HOURGLASS_TEST_POSTGRES_URL"]
    /// The server's data directory, when the tests may restart it with the script.
    package static let directory = ProcessInfo.processInfo.environment["HOURGLASS_TEST_POSTGRES_DIR"]

    package static var isConfigured: Bool { url != nil }

    /// A fresh schema name.
    package static func schemaName() -> String {
        "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    }

    /// Runs `body` with a running client on the test server.
    package static func withClient<T: Sendable>(_ body: (PostgresClient) async throws -> T) async throws -> T {
        let url = try #require(url, "HOURGLASS_TEST_POSTGRES_URL is not set")
        let client = PostgresClient(configuration: try PostgresJobStore.clientConfiguration(url: url))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// Runs `body` with a store in a fresh schema, dropped afterwards.
    package static func withStore<T: Sendable>(
        configure: (inout PostgresJobStore.Configuration) -> Void = { _ in },
        _ body: (PostgresJobStore, PostgresClient) async throws -> T
    ) async throws -> T {
        try await withClient { client in
            var configuration = PostgresJobStore.Configuration()
            configuration.schema = schemaName()
            configure(&configuration)
            let store = try await PostgresJobStore(client: client, configuration: configuration)
            return try await dropping(configuration.schema, on: client) { try await body(store, client) }
        }
    }

    /// Runs `body` with a running client while no other test uses the store's default
    /// schema (`hourglass`, which a store sends some statements to prepared), and drops
    /// that schema before and after.
    package static func withDefaultSchema<T: Sendable>(_ body: (PostgresClient) async throws -> T) async throws -> T {
        try await defaultSchemaTurns.run {
            try await withClient { client in
                let schema = PostgresJobStore.Configuration().schema
                try await drop(schema, on: client)
                return try await dropping(schema, on: client) { try await body(client) }
            }
        }
    }

    private static let defaultSchemaTurns = TestTurns()

    /// Runs `body`, then drops `schema`, whether `body` returned or threw.
    private static func dropping<T: Sendable>(
        _ schema: String, on client: PostgresClient, after body: () async throws -> T
    ) async throws -> T {
        do {
            let result = try await body()
            try await drop(schema, on: client)
            return result
        } catch {
            try? await drop(schema, on: client)
            throw error
        }
    }

    package static func drop(_ schema: String, on client: PostgresClient) async throws {
        try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"))
    }
}
