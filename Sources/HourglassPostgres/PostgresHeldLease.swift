import Hourglass
import PostgresNIO

/// One connection of the pool that a store keeps leased while its calls follow one
/// another, so that each call does not lease and give back a connection.
///
/// Leasing through `PostgresClient`'s pool costs each call hand-overs to the pool, and
/// each release starts timer tasks (keep-alive, idle timeout) that the next lease
/// cancels. W6 `add`, 3,000 one-at-a-time durable adds, six rounds taking turns
/// (2026-12-05): 2,503–2,624 adds/s against 1,979–2,389 through the pool (median +15%
/// per round; 57–63% of the pgbench floor against 48–55%), 0.15–0.19 ms of client CPU per
/// add against 0.26–0.31.
///
/// A call takes the held connection when it is free. A call that finds it in use goes
/// through the pool, so concurrent calls still run on several connections. The lease
/// starts after a call through the pool (the pool usually gives the connection that call
/// gave back), and ends once no call has used the connection for ``linger``, or once it
/// closes (a restarted server, a call given up on): the next call then goes through the
/// pool again.
final class PostgresHeldLease: Sendable {
    /// How long the lease outlives the last call, at least; it is looked at this often, so
    /// at most twice as long.
    static let linger: Duration = .milliseconds(100)

    private struct State {
        /// The leased connection, while the lease lasts.
        var held: PostgresConnection?
        /// The leased connection while no call uses it.
        var free: PostgresConnection?
        /// True from when a lease is asked for until it ends.
        var isHolding = false
        var lastUse = ContinuousClock.now
    }

    private let client: PostgresClient
    private let state = Lock(State())

    init(client: PostgresClient) {
        self.client = client
    }

    /// Whether a lease is held or asked for.
    var isHolding: Bool { state.withLock { $0.isHolding } }

    /// The leased connection, free or in use; nil without a lease.
    var heldConnection: PostgresConnection? { state.withLock { $0.held } }

    /// Runs `work` on the held connection if no call uses it, else on one of the pool;
    /// after a call through the pool, starts holding a connection if none is held.
    func withConnection<T: Sendable>(_ work: (PostgresConnection) async throws -> T) async throws -> T {
        if let connection = take() {
            defer { giveBack(connection) }
            return try await work(connection)
        }
        let value = try await client.withConnection { connection in try await work(connection) }
        holdIfNone()
        return value
    }

    /// Takes the held connection if no call uses it; nil otherwise.
    private func take() -> PostgresConnection? {
        state.withLock { state in
            guard let connection = state.free, !connection.isClosed else { return nil }
            state.free = nil
            return connection
        }
    }

    /// Gives back a connection that ``take()`` gave, after its call.
    private func giveBack(_ connection: PostgresConnection) {
        state.withLock { state in
            state.lastUse = .now
            if state.held === connection, !connection.isClosed { state.free = connection }
        }
    }

    /// Asks the pool for a connection to hold, unless one is held or asked for already.
    private func holdIfNone() {
        let starts = state.withLock { state -> Bool in
            guard !state.isHolding else { return false }
            state.isHolding = true
            return true
        }
        guard starts else { return }
        Task { await hold() }
    }

    /// Holds a lease until the connection has not been used for ``linger`` or closes.
    private func hold() async {
        do {
            try await client.withConnection { connection in
                state.withLock { state in
                    state.held = connection
                    state.free = connection
                    state.lastUse = .now
                }
                while true {
                    try? await Task.sleep(for: Self.linger)
                    let ends = state.withLock { state -> Bool in
                        let isIdle = state.free != nil && ContinuousClock.now - state.lastUse >= Self.linger
                        guard connection.isClosed || isIdle else { return false }
                        state.held = nil
                        state.free = nil
                        return true
                    }
                    if ends { return }
                }
            }
        } catch {
            // No connection to hold: calls go through the pool, which reports the failure.
        }
        state.withLock { state in
            state.held = nil
            state.free = nil
            state.isHolding = false
        }
    }
}
