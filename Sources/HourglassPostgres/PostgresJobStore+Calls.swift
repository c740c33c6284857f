import Foundation
import Hourglass
import PostgresNIO

extension PostgresJobStore {
    /// Runs `work` in a transaction on one connection, as ``run(_:timesOut:_:)`` runs a
    /// call; it commits when `work` returns and rolls back when it throws.
    func transaction<T: Sendable>(
        _ doing: String, timesOut: Bool = true, _ work: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await run(doing, timesOut: timesOut) { connection in
            try await connection.withTransaction(logger: self.logger) { connection in try await work(connection) }
        }
    }

    /// Runs `work` on a connection: the one the store holds while calls follow one another
    /// (``PostgresHeldLease``) if no call uses it, else one of the pool. Database errors
    /// become `SchedulerError`s that name the store and what was being done (`doing`).
    /// Waits for the answer, but not forever (``PostgresPendingCalls`` watches every call):
    /// - when the connection closes first, the wait ends within a second. PostgresNIO 1.33
    ///   never answers a query sent on a connection the server is closing (its fix was
    ///   reverted, vapor/postgres-nio#501), which after a server restart left a scheduler
    ///   waiting for good.
    /// - after ``Configuration/answerTimeout``, the connection is closed, so that the server
    ///   rolls back a transaction left open (a lone statement blocked on a lock still
    ///   completes once the lock is released: the server notices the closed connection only
    ///   when it answers). A call with `timesOut` false (creating or migrating the schema,
    ///   which may rightly take long) has no such limit.
    ///
    /// A `work` given up on is left to end by itself; it holds its task and the closed
    /// connection's lease, which the pool has already let go of.
    func run<T: Sendable>(
        _ doing: String, timesOut: Bool = true, _ work: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let gate = OutcomeGate<Result<T, any Error>>()
        let call = pendingCalls.begin(timesOut: timesOut) { [name, timeout = configuration.answerTimeout] reason in
            gate.resolve(.failure(Self.abandonedError(reason, doing: doing, store: name, timeout: timeout)))
        }
        let operation = Task { [pendingCalls, heldLease] in
            do {
                let value = try await heldLease.withConnection { connection in
                    pendingCalls.leased(connection, by: call)
                    return try await work(connection)
                }
                gate.resolve(.success(value))
            } catch {
                gate.resolve(.failure(error))
            }
            pendingCalls.end(call)
        }
        let result = await withTaskCancellationHandler {
            await gate.wait()
        } onCancel: {
            operation.cancel()
        }
        do {
            return try result.get()
        } catch {
            throw storeError(error, doing: doing)
        }
    }

    /// What a call given up on throws.
    private static func abandonedError(
        _ reason: PostgresPendingCalls.Abandonment, doing: String, store: String, timeout: Duration
    ) -> SchedulerError {
        switch reason {
        case .connectionClosed:
            SchedulerError(
                code: .storeFailure, field: store,
                reason: "could not \(doing): the connection to the database closed before it answered; "
                    + "check that the server is running and reachable")
        case .timedOut:
            SchedulerError(
                code: .storeFailure, field: store,
                reason: "could not \(doing): the database did not answer within \(timeout), so the connection was closed; "
                    + "the server rolls back an open transaction, but a single statement it was still running may yet "
                    + "complete; check that the server is running and that nothing blocks it (a lock held by another "
                    + "session, a full disk)")
        }
    }
}
