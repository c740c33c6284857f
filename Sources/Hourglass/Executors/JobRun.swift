import Foundation
import Synchronization
import Tracing

/// One run of a job, handed to an executor: what to call, for which fire time, and the
/// rules it runs under (misfire deadline, timeout, retry).
///
/// A class of constants: queues and the runs in flight pass a reference instead of copying its
/// fields.
public final class JobRun: Sendable {
    /// Which run this is.
    public let info: RunInfo
    /// The job's display name.
    public let jobName: String
    let body: JobBody
    /// The run is missed if it starts after this instant (fire time + misfire grace).
    let misfireDeadline: Date?
    /// The run does not start before this instant (fire time + jitter).
    let notBefore: Date?
    let timeout: Duration?
    let retry: RetryPolicy?
    let environment: RunEnvironment
    /// The executor chosen for this run; a run that waited for a free place is submitted here.
    let executor: any JobExecutor
    /// The job as ``RunsInFlight`` knows it.
    let jobKey: JobKey
    /// The run's history record: its id, and where its end is written.
    let recordID: Int64
    let history: HistoryWriter?
    /// The job's metric handles; nil without a metrics backend.
    let metrics: JobRunMetrics?
    /// What the handler asked the history to keep if the run succeeds (``JobContext/recordMessage(_:)``).
    /// A `Mutex`, not a ``Lock``: it lives inline in every run, where a ``Lock`` would cost
    /// two allocations per run, and only the run's own handler takes it.
    let successMessage = Mutex<String?>(nil)

    init(
        info: RunInfo, jobName: String, body: JobBody, misfireDeadline: Date?, notBefore: Date?,
        timeout: Duration?, retry: RetryPolicy?, environment: RunEnvironment, executor: any JobExecutor,
        recordID: Int64 = RunRecord.nextID(), history: HistoryWriter? = nil, metrics: JobRunMetrics? = nil
    ) {
        self.info = info
        self.jobName = jobName
        self.body = body
        self.misfireDeadline = misfireDeadline
        self.notBefore = notBefore
        self.timeout = timeout
        self.retry = retry
        self.environment = environment
        self.executor = executor
        self.jobKey = JobKey(store: info.store, id: info.jobID)
        self.recordID = recordID
        self.history = history
        self.metrics = metrics
    }

    /// The history record of this run as handed out: running, not started yet.
    var runningRecord: RunRecord {
        RunRecord(id: recordID, jobID: info.jobID, scheduledFireTime: info.fireTime, status: .running, owner: environment.owner)
    }

    /// Runs the whole run on the current task: misfire check, attempts with timeout and
    /// retry, events, its history record, and the release of its place. Custom executors
    /// call this from the task or thread they choose.
    public func execute() async {
        if let record = await run(using: InlineInvoker()), let history { await history.write(record) }
        if let next = environment.runsInFlight.finish(self) { next.executor.submit([next]) }
    }
}

/// What the runs of one scheduler share, for its lifetime: the clock, telemetry, the
/// tracer, the runs in flight and the shutdown flag.
final class RunEnvironment: Sendable {
    let clock: any SchedulerClock
    /// The scheduler's id, the owner of its runs' history records.
    let owner: String
    let telemetry: SchedulerTelemetry
    /// Where the runs' spans go; nil when spans would go nowhere (`NoOpTracer`), so that an
    /// untraced run skips them at the cost of one check.
    let tracer: (any Tracer)?
    let runsInFlight: RunsInFlight
    /// Set when the scheduler shuts down without waiting: every context reports cancelled.
    let cancelAll = CancellationFlag()

    init(clock: any SchedulerClock, telemetry: SchedulerTelemetry, owner: String, tracer: any Tracer) {
        self.clock = clock
        self.owner = owner
        self.telemetry = telemetry
        runsInFlight = RunsInFlight(gauge: telemetry.metrics?.runsInFlight)
        self.tracer = tracer is NoOpTracer ? nil : tracer
    }
}

/// Calls a run's body: an executor's choice of where blocking code runs.
protocol BodyInvoker: Sendable {
    func invoke(_ body: JobBody, _ context: JobContext) async throws
}

/// Calls every body on the current task; blocking bodies block it.
struct InlineInvoker: BodyInvoker {
    func invoke(_ body: JobBody, _ context: JobContext) async throws {
        switch body {
        case .async(let function): try await context.call(async: function)
        case .blocking(let function): try context.call(blocking: function)
        }
    }
}

extension JobRun {
    /// Runs the run up to its end, without writing its history or releasing its place:
    /// returns the record of its end to write (nil when it keeps no history).
    func run(using invoker: some BodyInvoker) async -> RunRecord? {
        await RunActivity.$current.withValue(RunActivity(run: self, runsInFlight: environment.runsInFlight)) {
            await runAttempts(using: invoker)
        }
    }

    private func runAttempts(using invoker: some BodyInvoker) async -> RunRecord? {
        let clock = environment.clock
        let telemetry = environment.telemetry
        if let notBefore, notBefore > clock.now() { try? await clock.sleep(until: notBefore) }
        let start = clock.now()
        guard begin(at: start) else { return endRecord(.missed, attempt: 1, started: nil, finished: start) }
        var attemptInfo = info
        var outcome: RunOutcome
        while true {
            outcome = await attempt(attemptInfo, using: invoker)
            guard case .error(let message) = outcome, let retry, attemptInfo.attempt < retry.maxAttempts,
                !environment.cancelAll.isSet
            else { break }
            let delay = retry.backoff(afterAttempt: attemptInfo.attempt)
            telemetry.emit(.jobRetried(attemptInfo, message: message, delay: delay))
            let retryAt = clock.now().addingTimeInterval(IntervalTrigger.seconds(delay))
            do { try await clock.sleep(until: retryAt) } catch { break }
            attemptInfo.attempt += 1
            successMessage.withLock { $0 = nil }
        }
        let end = clock.now()
        telemetry.runFinished(
            attemptInfo, outcome: outcome, duration: Self.span(from: start, to: end), timeout: timeout, metrics: metrics)
        return endRecord(outcome, attempt: attemptInfo.attempt, started: start, finished: end)
    }

    /// Reports the run started at `start`, or missed if that is past its misfire deadline
    /// (then returns false).
    func begin(at start: Date) -> Bool {
        if let misfireDeadline, start > misfireDeadline {
            environment.telemetry.runFinished(info, outcome: .missed, duration: .zero, timeout: timeout, metrics: metrics)
            return false
        }
        environment.telemetry.runStarted(info, lateness: Self.span(from: info.fireTime, to: start), metrics: metrics)
        return true
    }

    /// The history record of how the run ended, also sent as a ``SchedulerEvent/runRecorded(_:store:)``
    /// event; nil when the run keeps no history. Without history and without listeners,
    /// no record is made: one atomic load.
    func endRecord(_ outcome: RunOutcome, attempt: Int, started: Date?, finished: Date) -> RunRecord? {
        let hub = environment.telemetry.hub
        guard history != nil || hub.hasSubscribers else { return nil }
        let record = makeEndRecord(outcome, attempt: attempt, started: started, finished: finished)
        hub.emit(.runRecorded(record, store: info.store))
        return history == nil ? nil : record
    }

    private func makeEndRecord(_ outcome: RunOutcome, attempt: Int, started: Date?, finished: Date) -> RunRecord {
        var record = runningRecord
        record.startedAt = started
        record.finishedAt = finished
        record.attempt = attempt
        switch outcome {
        case .success:
            record.status = .success
            record.message = successMessage.withLock { $0 }
        case .error(let message):
            record.status = .error
            record.message = message
        case .timedOut:
            record.status = .timedOut
            record.message = "exceeded its timeout of \(timeout ?? .zero)"
        case .cancelled: record.status = .cancelled
        case .missed:
            record.status = .missed
            record.message = "started later than its misfire grace time allows"
        }
        return record
    }

    /// Runs one attempt, in a span of its own when the scheduler has a tracer.
    private func attempt(_ attemptInfo: RunInfo, using invoker: some BodyInvoker) async -> RunOutcome {
        guard let tracer = environment.tracer else {
            return await attempt(attemptInfo, serviceContext: nil, using: invoker).outcome
        }
        let span = RunSpan(tracer: tracer, run: self, attempt: attemptInfo.attempt)
        let end = await attempt(attemptInfo, serviceContext: span.context, using: invoker)
        span.end(end.outcome, error: end.error, timeout: timeout)
        return end.outcome
    }

    /// Runs one attempt with `serviceContext` current in its body, against its timeout if
    /// it has one.
    private func attempt(
        _ attemptInfo: RunInfo, serviceContext: ServiceContext?, using invoker: some BodyInvoker
    ) async -> AttemptEnd {
        // Only a timeout sets a run's own flag; without one, every attempt shares a flag never set.
        let flag = timeout == nil ? CancellationFlag.neverSet : CancellationFlag()
        let context = context(attempt: attemptInfo.attempt, cancellation: flag, serviceContext: serviceContext)
        guard let timeout else {
            return await end { try await invoker.invoke(body, context) }
        }
        let gate = OutcomeGate<AttemptEnd>()
        // Before the body starts: the timeout counts from the attempt's start, however late
        // this task runs again.
        let deadline = environment.clock.now().addingTimeInterval(IntervalTrigger.seconds(timeout))
        let worker = Task {
            gate.resolve(await end { try await invoker.invoke(body, context) })
        }
        // The timer's sleep is not the run's (the run sleeps only when its body does), but
        // once it fires the run is awake until the timeout is dealt with: told to a test's clock.
        let runsInFlight = environment.runsInFlight
        runsInFlight.beginTimer(self)
        let timerActivity = RunActivity(run: self, runsInFlight: runsInFlight, role: .timer)
        let timer = Task { [clock = environment.clock] in
            await RunActivity.$current.withValue(timerActivity) {
                if (try? await clock.sleep(until: deadline)) != nil { gate.resolve(AttemptEnd(outcome: .timedOut)) }
            }
        }
        let result = await gate.wait()
        timer.cancel()
        if result.outcome == .timedOut {
            flag.set()
            worker.cancel()
        }
        runsInFlight.endTimer(self)
        return result
    }

    /// How `work` ends: its outcome, with the error it threw.
    private func end(_ work: () async throws -> Void) async -> AttemptEnd {
        do {
            try await work()
            return AttemptEnd(outcome: .success)
        } catch {
            return AttemptEnd(outcome: outcome(of: error), error: error)
        }
    }

    /// How an attempt that threw `error` ended: cancelled if the scheduler cancelled it.
    func outcome(of error: any Error) -> RunOutcome {
        if environment.cancelAll.isSet && (error is CancellationError || Task.isCancelled) { return .cancelled }
        return .error(message: String(describing: error))
    }

    /// What the handler of one attempt sees.
    func context(attempt: Int, cancellation: CancellationFlag, serviceContext: ServiceContext?) -> JobContext {
        JobContext(
            jobID: info.jobID, jobName: jobName, scheduledFireTime: info.fireTime, attempt: attempt,
            serviceContext: serviceContext, schedulerLogger: environment.telemetry.logger, cancellation: cancellation,
            schedulerCancellation: environment.cancelAll, run: self)
    }

    static func span(from start: Date, to end: Date) -> Duration {
        .nanoseconds(Int64((end.timeIntervalSince(start) * 1e9).rounded()))
    }
}

extension JobRun {
    /// Reports a run that waited past its misfire deadline without starting, and frees its place.
    func reportMissed(at now: Date) async {
        environment.telemetry.runFinished(info, outcome: .missed, duration: .zero, timeout: timeout, metrics: metrics)
        if let history, let record = endRecord(.missed, attempt: 1, started: nil, finished: now) {
            await history.write(record)
        }
        _ = environment.runsInFlight.finish(self)
    }

    /// Reports a run that an executor drops without starting it (shutdown without waiting).
    func reportDropped() async {
        environment.telemetry.runFinished(info, outcome: .cancelled, duration: .zero, timeout: timeout, metrics: metrics)
        if let history, let record = endRecord(.cancelled, attempt: 1, started: nil, finished: environment.clock.now()) {
            await history.write(record)
        }
        _ = environment.runsInFlight.finish(self)
    }
}
