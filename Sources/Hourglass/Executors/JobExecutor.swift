/// Runs jobs: decides on which tasks or threads runs execute and how many at once.
///
/// The scheduler calls ``submit(_:)`` from its loop, so it must return at once.
public protocol JobExecutor: Sendable {
    /// Accepts runs; they start as soon as the executor has room, in order.
    func submit(_ runs: [JobRun])

    /// Stops and returns when every accepted run has ended. With `cancelRunning`, queued
    /// runs are dropped (reported cancelled) and running ones are cancelled. The scheduler
    /// may call it again with `cancelRunning` while an earlier call waits, to cancel what
    /// still runs.
    func shutdown(cancelRunning: Bool) async
}
