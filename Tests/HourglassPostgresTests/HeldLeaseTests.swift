import Foundation
import Hourglass
@testable import HourglassPostgres
import HourglassPostgresTestSupport
import HourglassTestSupport
import PostgresNIO
import Testing

/// The connection a store keeps leased while its calls follow one another
/// (`PostgresHeldLease`): calls share it one at a time, a call that finds it in use goes
/// through the pool, and the lease ends after a pause or when the connection closes.
///
/// The lease starts a moment after a call through the pool, and a pause of 0.1 s ends it,
/// so each test makes calls one after another until one of them runs on the held
/// connection, rather than counting on when that happens.
@Suite(
    "The PostgreSQL store holds one connection while its calls follow one another",
    .enabled(if: PostgresTestDatabase.isConfigured), .timeLimit(.minutes(1)))
struct HeldLeaseTests {
    @Test("calls that follow one another run on the held connection, which the pool gets back after a pause")
    func heldThenLetGo() async throws {
        try await PostgresTestDatabase.withStore { store, _ in
            let held = try #require(try await Self.onHeldConnection(store) { connection in connection })
            try await waitUntil("the lease ends", timeout: .seconds(5)) {
                store.heldLease.heldConnection == nil && !store.heldLease.isHolding
            }
            #expect(held.isClosed == false, "the pool has the connection back, open")
        }
    }

    @Test("a call that finds the held connection in use runs on another one")
    func inUseGoesThroughThePool() async throws {
        try await PostgresTestDatabase.withStore { store, _ in
            let innerRanOnHeld = try await Self.onHeldConnection(store) { held in
                try await store.run("the inner call") { connection in
                    try await connection.query("SELECT 1", logger: store.logger).values(Int.self).count == 1 && connection === held
                }
            }
            #expect(innerRanOnHeld == false, "the inner call did not share the connection in use")
        }
    }

    @Test("a held connection that closes is let go, and the next calls work")
    func closedIsLetGo() async throws {
        try await PostgresTestDatabase.withStore { store, _ in
            // Closed between calls: a call whose own connection closes under it fails, as it
            // should (the store's watchdog gives it up).
            let closed = try #require(try await Self.onHeldConnection(store) { connection in connection })
            try await closed.close()
            #expect(try await store.jobs(matching: JobFilter()).isEmpty, "the next call works")
            try await waitUntil("the closed connection is let go", timeout: .seconds(5)) {
                store.heldLease.heldConnection !== closed
            }
            #expect(try await store.jobs(matching: JobFilter()).isEmpty)
            #expect(store.heldLease.heldConnection?.isClosed != true)
        }
    }

    /// Makes calls one after another until one runs on the held connection, and returns
    /// what `body` gives in that call; nil (and an issue) if none of 50 did.
    private static func onHeldConnection<T: Sendable>(
        _ store: PostgresJobStore, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T? {
        for _ in 0..<50 {
            let value = try await store.run("look for the held connection") { connection -> T? in
                guard connection === store.heldLease.heldConnection else { return nil }
                return try await body(connection)
            }
            if let value { return value }
        }
        Issue.record("no call of 50 in a row ran on a held connection")
        return nil
    }
}
