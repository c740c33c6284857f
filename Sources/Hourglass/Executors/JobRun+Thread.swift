import Foundation

extension JobRun {
    /// The body of a run that can go whole on one thread without suspending: a blocking
    /// body with no timeout, no retry and no jitter. Nil for any other run.
    var plainBlockingBody: (@Sendable (JobContext) throws -> Void)? {
        guard case .blocking(let function) = body, timeout == nil, notBefore == nil, (retry?.maxAttempts ?? 1) <= 1
        else { return nil }
        return function
    }

    /// Runs a plain blocking run (see ``plainBlockingBody``) on the calling thread: the
    /// misfire check, its one attempt, its span and telemetry. Returns the record of its end
    /// for the history (nil when it keeps none); the caller writes it and then finishes the run.
    func executeOnThread(_ function: @Sendable (JobContext) throws -> Void) -> RunRecord? {
        let clock = environment.clock
        let start = clock.now()
        guard begin(at: start) else {
            return endRecord(.missed, attempt: 1, started: nil, finished: start)
        }
        let span = environment.tracer.map { RunSpan(tracer: $0, run: self, attempt: info.attempt) }
        var outcome = RunOutcome.success
        var thrown: (any Error)?
        do {
            let context = context(attempt: info.attempt, cancellation: .neverSet, serviceContext: span?.context)
            try context.call(blocking: function)
        } catch {
            outcome = self.outcome(of: error)
            thrown = error
        }
        span?.end(outcome, error: thrown, timeout: nil)
        let end = clock.now()
        environment.telemetry.runFinished(
            info, outcome: outcome, duration: Self.span(from: start, to: end), timeout: nil, metrics: metrics)
        return endRecord(outcome, attempt: info.attempt, started: start, finished: end)
    }
}
