import Foundation

/// A scheduler that sends heartbeats to a store: one node of a cluster (or the only one).
public struct SchedulerNode: Sendable, Hashable, Codable {
    /// The scheduler's id (``Scheduler/schedulerID``), the owner of its claims and runs.
    public var owner: String
    /// Until when its latest heartbeat says it is alive: heartbeat time + its lease.
    public var aliveUntil: Date
    /// How many of its runs are recorded as running in the store.
    public var runningRuns: Int

    /// When the node sent its latest heartbeat, if its lease is `lease` (the nodes of one
    /// cluster share their configuration): ``aliveUntil`` minus the lease.
    public func lastHeartbeat(lease: Duration) -> Date {
        aliveUntil.addingTimeInterval(-IntervalTrigger.seconds(lease))
    }

    /// A node as a store reports it.
    public init(owner: String, aliveUntil: Date, runningRuns: Int) {
        self.owner = owner
        self.aliveUntil = aliveUntil
        self.runningRuns = runningRuns
    }
}
