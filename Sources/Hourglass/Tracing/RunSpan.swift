import Foundation
import Tracing

/// The span of one attempt of a run: started when the attempt's body starts, ended with
/// the attempt's outcome. A retry's next attempt gets a span of its own.
///
/// Every run's span has one name, ``operationName``, so that the name stays
/// low-cardinality whatever the jobs; the job is told by the attributes (``Attribute``).
/// It is a root span: a run belongs to no request, and the task that first submitted a
/// run is no parent of the runs that follow it.
struct RunSpan: Sendable {
    /// The name of every run's span.
    static let operationName = "hourglass.run"

    /// The span attributes of a run, all under `hourglass.`.
    enum Attribute {
        static let jobID = "hourglass.job.id"
        static let jobName = "hourglass.job.name"
        static let store = "hourglass.store"
        static let fireTime = "hourglass.fire_time"
        static let attempt = "hourglass.attempt"
        static let schedulerID = "hourglass.scheduler.id"
        /// How the attempt ended: ``RunOutcome/label`` (success, error, timed_out, cancelled).
        static let outcome = "hourglass.outcome"
    }

    private let span: any Span

    /// Starts the span of attempt `attempt` of `run`.
    init(tracer: any Tracer, run: JobRun, attempt: Int) {
        span = tracer.startSpan(Self.operationName, context: .topLevel, ofKind: .internal)
        // A span that records nothing (sampled out) costs no formatting.
        guard span.isRecording else { return }
        let info = run.info
        span.updateAttributes { attributes in
            attributes[Attribute.jobID] = info.jobID.rawValue
            attributes[Attribute.jobName] = run.jobName
            attributes[Attribute.store] = info.store
            attributes[Attribute.fireTime] = ISO8601Timestamp.format(info.fireTime, in: .gmt)
            attributes[Attribute.attempt] = attempt
            attributes[Attribute.schedulerID] = run.environment.owner
        }
    }

    /// The span's context, current in the attempt's body.
    var context: ServiceContext { span.context }

    /// Ends the span with the attempt's outcome; `error`, what the body threw, is recorded
    /// on it. A failed or timed-out attempt sets the status to error; the others leave it unset.
    func end(_ outcome: RunOutcome, error: (any Error)?, timeout: Duration?) {
        if span.isRecording { span.attributes[Attribute.outcome] = outcome.label }
        switch outcome {
        case .error:
            if let error { span.recordError(error) }
            span.setStatus(SpanStatus(code: .error))
        case .timedOut:
            span.setStatus(SpanStatus(code: .error, message: "exceeded its timeout of \(timeout ?? .zero)"))
        case .success, .cancelled, .missed:
            break
        }
        span.end()
    }
}
