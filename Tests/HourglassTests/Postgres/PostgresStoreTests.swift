import Foundation
import Hourglass
import HourglassPostgres
import HourglassTesting
import PostgresNIO
import Testing

@Suite("The PostgreSQL store: conformance, schema, claims across stores", .enabled(if: PostgresTestDatabase.isConfigured))
struct PostgresStoreTests {
    @Test(arguments: JobStoreConformance.checks)
    func conformance(_ check: JobStoreConformance.Check) async throws {
        try await PostgresTestDatabase.withStore { store, _ in try await check.run(on: store) }
    }
}
