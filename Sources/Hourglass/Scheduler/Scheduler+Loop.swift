import Foundation
import Logging

extension Scheduler {
    /// The loop: look at the stores, hand out due runs, sleep until the next run time, a
    /// change, or ``Configuration/maxSleep`` (so wall-clock jumps are noticed).
    func loop() async {
        defer { stopWatchingChanges() }
        while !stopRequested.load(ordering: .acquiring) {
            watchChanges()
            let now = clock.now()
            lastPass.withLock { $0 = now }
            var nextWake: Date?
            await sendHeartbeats(now: now)
            if !isProcessingPaused {
                nextWake = await dispatchDueJobs(now: now)
                if let poll = await startWaitingRuns(now: now) { nextWake = min(nextWake ?? poll, poll) }
            }
            resumePassWaiters(upTo: now)
            sweepJobMetrics(now: now)
            let limit = now.addingTimeInterval(IntervalTrigger.seconds(configuration.maxSleep))
            let deadline = wake.sleepDeadline(min(nextWake ?? limit, limit))
            await sleep(until: deadline)
            wake.awake()
        }
        resumePassWaiters(upTo: .distantFuture)
    }

    /// Sleeps until `deadline` on the clock or until woken.
    private func sleep(until deadline: Date) async {
        if deadline <= clock.now() { return }
        await withTaskGroup(of: Void.self) { [clock, wake] group in
            group.addTask { try? await clock.sleep(until: deadline) }
            group.addTask { await wake.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Starts watching every store that is not watched yet for changes made elsewhere.
    private func watchChanges() {
        for name in storeOrder where changeWatchers[name] == nil {
            guard let store = stores[name] else { continue }
            changeWatchers[name] = Task { [wake] in
                await store.watchChanges { nextRunTime in wake.signal(ifBefore: nextRunTime) }
            }
        }
    }

    private func stopWatchingChanges() {
        for watcher in changeWatchers.values { watcher.cancel() }
        changeWatchers = [:]
    }

    /// Makes the loop look again by a job's new next run time, if it would not anyway.
    func wakeIfEarlier(_ nextRunTime: Date?) {
        guard let nextRunTime else { return }
        wake.signal(ifBefore: nextRunTime)
    }

    /// The size of the first claim of a pass; each next claim doubles, up to ``Configuration/claimBatchSize``.
    static var firstClaimBatchSize: Int { 32 }

    /// Claims and dispatches every due job of every store; returns the earliest next wake time.
    private func dispatchDueJobs(now: Date) async -> Date? {
        var earliest: Date?
        for name in storeOrder {
            guard let store = stores[name] else { continue }
            if let outage = storeOutages[name], now < outage.retryAt {
                earliest = min(earliest ?? outage.retryAt, outage.retryAt)
                continue
            }
            do {
                try await releaseUncompletedClaims(in: store, named: name)
                // A small first batch starts the first runs soon; later batches grow to the full size.
                var limit = min(Self.firstClaimBatchSize, configuration.claimBatchSize)
                while true {
                    let claimed = try await store.claimDueJobs(
                        now: now, limit: limit, owner: schedulerID, lease: configuration.lease)
                    telemetry.metrics?.claimed(claimed.count, from: name)
                    if claimed.isEmpty { break }
                    try await dispatch(claimed, from: store, named: name, now: now)
                    if claimed.count < limit { break }
                    limit = min(limit * 2, configuration.claimBatchSize)
                }
                if let wake = try await store.nextWakeTime() { earliest = min(earliest ?? wake, wake) }
                noteRecovery(of: name)
            } catch {
                let retry = noteOutage(of: name, now: now, error: error)
                earliest = min(earliest ?? retry, retry)
            }
        }
        return earliest
    }

    /// The pauses before trying a failing store again: 0.25 s after the first failure,
    /// doubling with each further failure in a row, up to 30 s.
    static let storeRetryBackoff = RetryPolicy(maxAttempts: .max, initialBackoff: .milliseconds(250), maximumBackoff: .seconds(30))

    /// Notes that a store failed in `operation` and returns when to try it again: a back-off
    /// that doubles with each failure in a row, so that a database that is down is not hammered.
    @discardableResult
    func noteOutage(of name: String, now: Date, error: any Error, operation: String = "dispatch") -> Date {
        let failures = (storeOutages[name]?.failures ?? 0) + 1
        let delay = IntervalTrigger.seconds(Self.storeRetryBackoff.backoff(afterAttempt: failures))
        let retryAt = now.addingTimeInterval(delay)
        storeOutages[name] = (failures, retryAt)
        telemetry.metrics?.storeFailed(name, operation: operation)
        telemetry.logger.error(
            "job store failed; trying again after a pause",
            metadata: [
                "job.store": .string(name), "store.operation": .string(operation), "error.message": .string("\(error)"),
                "store.failures": .stringConvertible(failures), "store.retry_in_seconds": .stringConvertible(delay),
            ])
        return retryAt
    }

    /// Ends the outage of the store `name`, if it had one, and says so.
    func noteRecovery(of name: String) {
        guard storeOutages.removeValue(forKey: name) != nil else { return }
        telemetry.logger.notice("job store works again", metadata: ["job.store": .string(name)])
    }

    /// Carries out the ``DispatchPlan`` of claimed jobs: reports what the plan found, ends
    /// the claims and starts the runs in one store call, then hands the started runs to
    /// their executors.
    ///
    /// A memory store's runs are admitted here under their job's limit (nothing else
    /// shares it). A persistent store admits them itself, counting the running runs of
    /// every scheduler that shares it; a run it refuses is skipped or waits for a place
    /// (``OverflowPolicy``). A run of a claim the store reports lost never starts.
    private func dispatch(_ claimed: [ClaimedJob], from store: any JobStore, named storeName: String, now: Date) async throws {
        let plan = DispatchPlan(
            claimed: claimed, now: now, store: storeName, owner: schedulerID,
            targets: TargetResolver(handlers: handlers, executors: executors))
        report(plan.notices, store: storeName)
        let completions = plan.completions
        var records = plan.records
        let limitsInStore = store.isPersistent
        let history = historyWriters[storeName]
        let runs = plan.runs.map { makeRun($0.info, job: claimed[$0.claimIndex].job, body: $0.target.body, executor: $0.target.executor, history: history) }
        // A persistent store decides on the limit; here each run only counts as in flight.
        let admissions = environment.runsInFlight.admit(
            zip(runs, plan.runs).map { ($0, limitsInStore ? .max : $1.maxConcurrentRuns, $1.overflow) })
        var starts: [RunStart] = []
        if limitsInStore {
            starts = zip(runs, plan.runs).map { RunStart(record: $0.runningRecord, maxConcurrentRuns: $1.maxConcurrentRuns) }
        } else {
            for (run, admission) in zip(runs, admissions) where admission == .rejected {
                records.append(skippedRecord(for: run, now: now))
            }
        }
        let answer: JobCompletionReport
        do {
            answer = try await store.complete(completions, recording: records, starting: starts, owner: schedulerID)
        } catch {
            // Nothing was handed out. The claims are released as soon as the store answers
            // again, so the jobs are claimed anew at once instead of after their lease.
            for (run, admission) in zip(runs, admissions) where admission != .rejected {
                environment.runsInFlight.withdraw(run)
            }
            uncompletedClaims[storeName, default: []].append(
                contentsOf: completions.map { JobCompletion(id: $0.id, claim: $0.claim, outcome: .release) })
            throw error
        }
        reportRecorded(records, store: storeName)
        for (completion, result) in zip(completions, answer.results) {
            if case .removed = result {
                telemetry.emit(.jobRemoved(id: completion.id, store: storeName))
            }
        }
        if jobMetrics != nil { noteNextFireTimes(completions, results: answer.results, store: storeName) }
        let lost = JobCompletionReport.lostJobs(completions, results: answer.results)
        reportLostClaims(lost, runs: runs, store: storeName)
        let decisions = DispatchPlan.decide(
            planned: plan.runs, admissions: admissions, started: answer.started, lost: lost, limitsInStore: limitsInStore)
        var batches = RunBatches()
        var refused: [RunRecord] = []
        for ((run, planned), decision) in zip(zip(runs, plan.runs), decisions) {
            switch decision {
            case .submit:
                telemetry.emit(.jobSubmitted(run.info))
                batches.append(run, to: planned.target.executorName)
            case .queued:
                telemetry.emit(.jobSubmitted(run.info))
            case .waitForPlace:
                telemetry.emit(.jobSubmitted(run.info))
                waitForPlace(run, limit: planned.maxConcurrentRuns)
            case .skipped(let withdraw):
                if withdraw {
                    // Refused by its store: counted in flight until now, and recorded here.
                    environment.runsInFlight.withdraw(run)
                    telemetry.maxInstancesReached(run.info, metrics: run.metrics)
                    refused.append(skippedRecord(for: run, now: now))
                } else {
                    telemetry.maxInstancesReached(run.info, metrics: run.metrics)
                }
            case .lost(let withdraw):
                if withdraw { environment.runsInFlight.withdraw(run) }
            }
        }
        if !refused.isEmpty {
            reportRecorded(refused, store: storeName)
            await history?.write(records: refused)
        }
        for (name, batch) in batches.runs { executors[name]?.submit(batch) }
    }

    /// Reports what a dispatch plan found before its store call: missed and merged fire
    /// times, failed triggers, and jobs that cannot run here (their claims are held).
    private func report(_ notices: [DispatchPlan.Notice], store: String) {
        for notice in notices {
            switch notice {
            case .missed(let info):
                telemetry.missed(info, count: 1, metrics: jobMetrics?.runMetrics(store: info.store, id: info.jobID))
            case .merged(let info, let reason):
                telemetry.skipped(info, reason: reason)
            case .triggerFailed(let info, let message):
                telemetry.emit(.jobError(info, message: message))
                telemetry.logger.error(
                    "trigger failed; the job waits for the lease to expire",
                    metadata: ["job.id": .string(info.jobID.rawValue), "error.message": .string(message)])
            case .unrunnable(let item):
                hold(item.claim, of: item.job, key: JobKey(store: store, id: item.job.id))
            }
        }
    }

    /// Runs to submit, by executor, in the order they came (consecutive runs of one
    /// executor go together).
    private struct RunBatches {
        var runs: [(executor: String, runs: [JobRun])] = []

        mutating func append(_ run: JobRun, to executor: String) {
            if let last = runs.indices.last, runs[last].executor == executor {
                runs[last].runs.append(run)
            } else {
                runs.append((executor, [run]))
            }
        }
    }

    /// Says that this scheduler lost the claims of `lost` before completing them (it
    /// stalled longer than its lease, and another scheduler took the jobs over): none of
    /// their runs start here.
    private func reportLostClaims(_ lost: Set<JobID>, runs: [JobRun], store: String) {
        for id in lost.sorted() {
            let fireTimes = runs.filter { $0.info.jobID == id }.map(\.info.fireTime)
            telemetry.emit(.claimLost(id: id, store: store, fireTimes: fireTimes))
            telemetry.logger.warning(
                """
                claim lost before it was completed (this scheduler stalled longer than its lease); \
                another scheduler took the job over, so its runs do not start here
                """,
                metadata: [
                    "job.id": .string(id.rawValue), "job.store": .string(store),
                    "run.fire_times": .string(fireTimes.map { ISO8601Timestamp.format($0, in: .gmt) }.joined(separator: ",")),
                ])
        }
    }

    /// Builds a run of `job` for `info`, with its misfire deadline, jitter, timeout and retry;
    /// its end goes to `history`, its store's history writer.
    func makeRun(_ info: RunInfo, job: Job, body: JobBody, executor: any JobExecutor, history: HistoryWriter?) -> JobRun {
        let options = job.options
        let deadline = options.misfireGraceTime.map { info.fireTime.addingTimeInterval(IntervalTrigger.seconds($0)) }
        var notBefore: Date?
        if let jitter = job.trigger.jitter, jitter > .zero {
            notBefore = info.fireTime.addingTimeInterval(Double.random(in: 0...IntervalTrigger.seconds(jitter)))
        }
        return JobRun(
            info: info, jobName: job.displayName, body: body, misfireDeadline: deadline, notBefore: notBefore,
            timeout: options.timeout, retry: options.retry, environment: environment, executor: executor,
            history: history, metrics: jobMetrics?.runMetrics(store: info.store, id: info.jobID))
    }

    /// Sends each record as a ``SchedulerEvent/runRecorded(_:store:)`` event: nothing to
    /// do but one atomic load while nobody listens.
    func reportRecorded(_ records: [RunRecord], store: String) {
        guard telemetry.hub.hasSubscribers else { return }
        for record in records { telemetry.emit(.runRecorded(record, store: store)) }
    }

    /// The history record of a run skipped because its job had its maximum of runs going.
    func skippedRecord(for run: JobRun, now: Date) -> RunRecord {
        var record = run.runningRecord
        record.finishedAt = now
        record.status = .skipped
        record.message = "not run: \(Self.maxRunsReason)"
        return record
    }

    /// Why a run was skipped under its job's concurrency limit.
    static let maxRunsReason = "the job had its maximum of runs going (max_concurrent_runs)"

    /// Emits what an admission means: submitted (started or queued), or max instances reached.
    func report(_ admission: RunsInFlight.Admission, of run: JobRun) {
        switch admission {
        case .start, .queued: telemetry.emit(.jobSubmitted(run.info))
        case .rejected: telemetry.maxInstancesReached(run.info, metrics: run.metrics)
        }
    }

    /// The body, executor name and executor for a job, or nil when this process cannot run it.
    func resolve(_ job: Job) -> ResolvedTarget? {
        var targets = TargetResolver(handlers: handlers, executors: executors)
        return targets.resolve(job)
    }

    /// Keeps the claim of a job that cannot run here, so it waits for the lease instead of
    /// being claimed again at once; any scheduler may take it after the lease.
    private func hold(_ claim: JobClaim, of job: Job, key: JobKey) {
        let handler = job.target.handlerName ?? "closure"
        let executor = job.options.executor.map { executors[$0] == nil ? " or executor '\($0)'" : "" } ?? ""
        heldClaims[key] = (claim, handler)
        telemetry.emit(.jobUnrunnable(id: job.id, store: key.store, handler: handler))
        telemetry.logger.warning(
            "job cannot run here: no handler '\(handler)'\(executor) registered; it stays in its store",
            metadata: ["job.id": .string(job.id.rawValue), "job.store": .string(key.store)])
    }

    /// Releases the claims whose completion failed in an earlier pass (a full disk, a
    /// lost connection), so their jobs are claimed again now; throws while the store fails.
    func releaseUncompletedClaims(in store: any JobStore, named name: String) async throws {
        guard let releases = uncompletedClaims[name], !releases.isEmpty else { return }
        _ = try await store.complete(releases, owner: schedulerID)
        uncompletedClaims[name] = nil
        telemetry.logger.notice(
            "claims whose completion failed were released; their jobs are claimed again now",
            metadata: ["job.store": .string(name), "job.count": .stringConvertible(releases.count)])
    }

    /// Ends held claims that pass `shouldRelease`, so their jobs are claimed again at once.
    func releaseHeldClaims(where shouldRelease: (String) -> Bool) async {
        let released = heldClaims.filter { shouldRelease($0.value.handler) }
        for (key, held) in released {
            heldClaims[key] = nil
            guard let store = stores[key.store] else { continue }
            _ = try? await store.complete([JobCompletion(id: key.id, claim: held.claim, outcome: .release)], owner: schedulerID)
        }
        if !released.isEmpty { wake.signal() }
    }
}
