import Foundation
import Logging
import Metrics

/// Events, log lines and metrics of one scheduler, in one place.
///
/// Metrics (docs/Metrics.md): the per-job ones go through the ``JobRunMetrics`` each run
/// carries, the others through ``metrics``; both are nil without a metrics backend.
final class SchedulerTelemetry: Sendable {
    let hub = EventHub()
    let logger: Logger
    /// Nil when no metrics backend is set.
    let metrics: SchedulerMetrics?

    init(logger: Logger, schedulerID: String, metricsFactory: any MetricsFactory) {
        var logger = logger
        logger[metadataKey: "scheduler.id"] = .string(schedulerID)
        self.logger = logger
        metrics = SchedulerMetrics.make(factory: metricsFactory)
    }

    func emit(_ event: @autoclosure () -> SchedulerEvent) {
        hub.emit(event())
    }

    func runStarted(_ run: RunInfo, lateness: Duration, metrics: JobRunMetrics?) {
        metrics?.started(lateness: StoredTime.nanoseconds(lateness))
        logger.trace("run started", metadata: Self.metadata(run))
        hub.emit(.runStarted(run, lateness: lateness))
    }

    /// Every outcome, in the order of ``outcomeIndex(_:)``.
    static let outcomes: [RunOutcome] = [.success, .error(message: ""), .timedOut, .cancelled, .missed]

    /// The place of an outcome's counter: no string hashing on every run.
    static func outcomeIndex(_ outcome: RunOutcome) -> Int {
        switch outcome {
        case .success: 0
        case .error: 1
        case .timedOut: 2
        case .cancelled: 3
        case .missed: 4
        }
    }

    func runFinished(_ run: RunInfo, outcome: RunOutcome, duration: Duration, timeout: Duration?, metrics: JobRunMetrics?) {
        metrics?.finished(
            outcomeIndex: Self.outcomeIndex(outcome), duration: outcome == .missed ? nil : StoredTime.nanoseconds(duration))
        switch outcome {
        case .success:
            logger.debug("run succeeded", metadata: Self.metadata(run))
            hub.emit(.jobExecuted(run, duration: duration))
        case .error(let message):
            var metadata = Self.metadata(run)
            // One log line per run, whatever the message holds (a command's output).
            metadata["error.message"] = .string(EscapedText.escaped(message))
            logger.warning("run failed", metadata: metadata)
            hub.emit(.jobError(run, message: message))
        case .timedOut:
            logger.warning("run timed out", metadata: Self.metadata(run))
            hub.emit(.jobTimedOut(run, timeout: timeout ?? .zero))
        case .cancelled:
            logger.info("run cancelled", metadata: Self.metadata(run))
        case .missed:
            logger.info("run missed: started later than its misfire grace time allows", metadata: Self.metadata(run))
            hub.emit(.jobMissed(run, count: 1))
        }
        if outcome != .missed { hub.emit(.runFinished(run, outcome: outcome, duration: duration)) }
    }

    func missed(_ run: RunInfo, count: Int, metrics: JobRunMetrics?) {
        metrics?.finished(outcomeIndex: Self.outcomeIndex(.missed), count: count, duration: nil)
        var metadata = Self.metadata(run)
        metadata["run.missed_count"] = .stringConvertible(count)
        logger.info("runs missed", metadata: metadata)
        hub.emit(.jobMissed(run, count: count))
    }

    func maxInstancesReached(_ run: RunInfo, metrics: JobRunMetrics?) {
        metrics?.maxInstancesReached()
        logger.info("run skipped: the job has its maximum of runs going", metadata: Self.metadata(run))
        hub.emit(.maxInstancesReached(run))
    }

    /// Reports fire times not run on purpose (coalescing), with why.
    func skipped(_ run: RunInfo, reason: String) {
        var metadata = Self.metadata(run)
        metadata["run.reason"] = .string(reason)
        logger.info("run skipped", metadata: metadata)
        hub.emit(.runSkipped(run, reason: reason))
    }

    static func metadata(_ run: RunInfo) -> Logger.Metadata {
        [
            "job.id": .string(run.jobID.rawValue), "job.store": .string(run.store),
            "run.fire_time": .string(ISO8601Timestamp.format(run.fireTime, in: .gmt)),
            "run.attempt": .stringConvertible(run.attempt),
        ]
    }
}
