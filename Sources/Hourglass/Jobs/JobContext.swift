import Foundation
import Logging
import Synchronization
import Tracing

/// What a running handler knows about its run, and how it learns it should stop.
public struct JobContext: Sendable {
    /// The job.
    public let jobID: JobID
    /// The job's display name.
    public let jobName: String
    /// The fire time this run is for (for a `runNow` run, when it was asked for).
    public let scheduledFireTime: Date
    /// The attempt, from 1 (see ``RetryPolicy``).
    public let attempt: Int
    /// A logger with `job.id` and `run.fire_time` metadata.
    public var logger: Logger {
        var logger = schedulerLogger
        logger[metadataKey: "job.id"] = .string(jobID.rawValue)
        logger[metadataKey: "run.fire_time"] = .string(ISO8601Timestamp.format(scheduledFireTime, in: .gmt))
        return logger
    }
    /// The context of this attempt's span (`hourglass.run`), nil when the scheduler has no
    /// tracer. The body already runs with it as `ServiceContext.current`, so spans it starts
    /// are children of the run's; bind it on threads the body starts, to carry it there.
    public let serviceContext: ServiceContext?
    /// The scheduler's logger; metadata is added only when a handler asks for ``logger``.
    let schedulerLogger: Logger
    let cancellation: CancellationFlag
    let schedulerCancellation: CancellationFlag
    /// The run, which keeps the message set by ``recordMessage(_:)``.
    let run: JobRun

    /// Whether the run should stop: it timed out, or the scheduler is shutting down
    /// without waiting. Async handlers are also cancelled as tasks.
    public var isCancelled: Bool { cancellation.isSet || schedulerCancellation.isSet || Task.isCancelled }

    /// Sets the message the run history keeps if this attempt succeeds, such as a
    /// command's output (a failed run keeps its error instead). A later call replaces it.
    public func recordMessage(_ message: String) {
        run.successMessage.withLock { $0 = message }
    }

    /// Throws `CancellationError` if ``isCancelled``; blocking handlers call this now and then.
    public func checkCancellation() throws {
        if isCancelled { throw CancellationError() }
    }
}

/// A flag that any thread may set once and read at any time.
final class CancellationFlag: Sendable {
    /// A flag nobody sets, for runs that nothing but a shutdown can cancel.
    static let neverSet = CancellationFlag()

    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}
