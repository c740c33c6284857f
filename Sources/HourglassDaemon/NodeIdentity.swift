import Foundation
import Hourglass
import Logging

/// Makes sure no live daemon already runs under a node id on a store.
///
/// A node id whose heartbeat in the store is still fresh belongs to a live daemon, or to
/// one that died within the last lease (a `kill -9`, then a quick restart). A live
/// daemon renews its heartbeat every quarter lease, so the check watches the heartbeat
/// that long (plus a margin): renewed means a twin, and the daemon refuses to start; not
/// renewed means the earlier process is gone. A daemon that stopped cleanly signed off,
/// so a restart after a clean stop does not wait.
enum NodeIdentity {
    /// Returns once no other live daemon uses `nodeID` on `store`.
    ///
    /// - Throws: ``SchedulerError`` (``SchedulerError/Code/invalidState``) when another
    ///   daemon renews the heartbeat of `nodeID` meanwhile.
    static func ensureUnused(
        _ nodeID: String, in store: any JobStore, heartbeatInterval: Duration, logger: Logger
    ) async throws {
        guard let first = try await store.aliveUntil(of: nodeID), first > Date() else { return }
        let window = heartbeatInterval + .seconds(2)
        logger.notice(
            "node id has a fresh heartbeat in the store: watching it to tell a live daemon from an earlier process that died",
            metadata: ["node.id": .string(nodeID), "node.wait_seconds": .stringConvertible(IntervalTrigger.seconds(window))])
        let deadline = ContinuousClock.now + window
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(250))
            let current = try await store.aliveUntil(of: nodeID)
            guard let current else { return }  // it signed off
            if current != first {
                throw SchedulerError(
                    code: .invalidState, field: "node id '\(nodeID)'",
                    reason: "is in use by a live daemon on this store (it renewed its heartbeat while this one waited); "
                        + "give each daemon its own --node-id or HOURGLASS_NODE_ID")
            }
        }
    }
}
