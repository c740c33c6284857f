import Foundation

extension Scheduler {
    /// Adds `job` to a store (the default one when `store` is nil) and returns its handle.
    /// Its next run time is the trigger's first fire time after now, unless the job
    /// already has one or is paused.
    ///
    /// - Throws: ``SchedulerError`` for a bad id, name, handler name or options
    ///   (``Job/validate()``), a trigger with no future fire time, an unknown store, a
    ///   closure job in a persistent store, or an existing id (``ConflictPolicy/fail``).
    @discardableResult
    public func add(
        _ job: Job, store storeName: String? = nil, onConflict: ConflictPolicy = .fail
    ) async throws -> JobHandle {
        let name = storeName ?? Self.defaultName
        let store = try store(named: name)
        let prepared = try prepare(job, for: store, named: name)
        announce(try await store.add(prepared, onConflict: onConflict), store: name)
        return JobHandle(id: job.id, store: name, scheduler: self)
    }

    /// Adds several jobs to one store in one step (one transaction in a persistent store),
    /// each as ``add(_:store:onConflict:)->JobHandle`` would; nothing is added if one is refused.
    ///
    /// - Throws: what ``add(_:store:onConflict:)->JobHandle`` throws, for the first job refused.
    @discardableResult
    public func add(
        _ jobs: [Job], store storeName: String? = nil, onConflict: ConflictPolicy = .fail
    ) async throws -> [JobHandle] {
        let name = storeName ?? Self.defaultName
        let store = try store(named: name)
        let prepared = try jobs.map { try prepare($0, for: store, named: name) }
        for result in try await store.add(prepared, onConflict: onConflict) { announce(result, store: name) }
        return prepared.map { JobHandle(id: $0.id, store: name, scheduler: self) }
    }

    /// Emits the event of an add and wakes the loop if the job is due before it looks again.
    private func announce(_ result: JobAddResult, store name: String) {
        switch result {
        case .added(let job):
            telemetry.emit(.jobAdded(id: job.id, store: name))
            wakeIfEarlier(job.nextRunTime)
        case .replaced(_, let job):
            telemetry.emit(.jobModified(id: job.id, store: name))
            wakeIfEarlier(job.nextRunTime)
        case .keptExisting:
            break
        }
        jobMetrics?.setNextFireTime(result.job.nextRunTime, store: name, id: result.job.id)
    }

    /// Checks a job for `store` and fills in its first run time.
    private func prepare(_ job: Job, for store: any JobStore, named name: String) throws -> Job {
        try job.validate()
        if job.target.isClosure, store.isPersistent {
            throw SchedulerError(
                code: .closureNotStorable, field: "job '\(job.id)'",
                reason: "store '\(name)' is persistent and can keep only handlers registered by name; "
                    + "register a handler with register(_:) and add the job with handler:")
        }
        var job = job
        if job.isPaused {
            job.nextRunTime = nil
        } else if job.nextRunTime == nil {
            job.nextRunTime = try firstRunTime(of: job.trigger)
        }
        return job
    }

    /// Adds a job that calls the handler registered as `handler` with no arguments.
    @discardableResult
    public func add(
        id: JobID = .generate(), name: String? = nil, trigger: some Trigger, handler: String,
        options: JobOptions = JobOptions(), paused: Bool = false, store: String? = nil,
        onConflict: ConflictPolicy = .fail
    ) async throws -> JobHandle {
        let job = Job(id: id, name: name, trigger: trigger, target: .handler(name: handler, arguments: nil), options: options, isPaused: paused)
        return try await add(job, store: store, onConflict: onConflict)
    }

    /// Adds a job that calls the handler registered as `handler` with `arguments`, stored as JSON.
    @discardableResult
    public func add(
        id: JobID = .generate(), name: String? = nil, trigger: some Trigger, handler: String,
        arguments: some Encodable & Sendable, options: JobOptions = JobOptions(), paused: Bool = false,
        store: String? = nil, onConflict: ConflictPolicy = .fail
    ) async throws -> JobHandle {
        let target = JobTarget.handler(name: handler, arguments: try JobArguments(encoding: arguments))
        let job = Job(id: id, name: name, trigger: trigger, target: target, options: options, isPaused: paused)
        return try await add(job, store: store, onConflict: onConflict)
    }

    /// Adds a job that runs an async closure; it lives only in a memory store.
    @discardableResult
    public func add(
        id: JobID = .generate(), name: String? = nil, trigger: some Trigger, options: JobOptions = JobOptions(),
        paused: Bool = false, store: String? = nil, onConflict: ConflictPolicy = .fail,
        _ body: @escaping @Sendable (JobContext) async throws -> Void
    ) async throws -> JobHandle {
        let job = Job(id: id, name: name, trigger: trigger, target: .closure(JobClosure(.async(body))), options: options, isPaused: paused)
        return try await add(job, store: store, onConflict: onConflict)
    }

    /// Adds a job that runs a blocking closure on the `blocking` executor (unless the
    /// options name another); it lives only in a memory store.
    @discardableResult
    public func addBlocking(
        id: JobID = .generate(), name: String? = nil, trigger: some Trigger, options: JobOptions = JobOptions(),
        paused: Bool = false, store: String? = nil, onConflict: ConflictPolicy = .fail,
        _ body: @escaping @Sendable (JobContext) throws -> Void
    ) async throws -> JobHandle {
        var options = options
        if options.executor == nil { options.executor = Self.blockingExecutorName }
        let job = Job(id: id, name: name, trigger: trigger, target: .closure(JobClosure(.blocking(body))), options: options, isPaused: paused)
        return try await add(job, store: store, onConflict: onConflict)
    }

    /// Adds a closure job on a crontab expression in the scheduler's time zone
    /// (``Configuration/timeZone``).
    @discardableResult
    public func add(
        id: JobID = .generate(), name: String? = nil, cron expression: String, options: JobOptions = JobOptions(),
        paused: Bool = false, store: String? = nil, onConflict: ConflictPolicy = .fail,
        _ body: @escaping @Sendable (JobContext) async throws -> Void
    ) async throws -> JobHandle {
        let trigger = try CronTrigger(expression, timeZone: configuration.timeZone)
        return try await add(
            id: id, name: name, trigger: trigger, options: options, paused: paused, store: store,
            onConflict: onConflict, body)
    }

    /// The job with this id, or nil.
    public func job(_ id: JobID, in store: String? = nil) async throws -> Job? {
        let name = store ?? Self.defaultName
        guard var job = try await self.store(named: name).job(id) else { return nil }
        job.isRunnable = resolve(job) != nil
        return job
    }

    /// The jobs of one store, or of every store when `store` is nil, that match `filter`;
    /// each store's jobs in listing order. Jobs this process cannot run are marked
    /// ``Job/isRunnable`` false.
    public func jobs(matching filter: JobFilter = JobFilter(), in store: String? = nil) async throws -> [Job] {
        var result: [Job] = []
        for name in store.map({ [$0] }) ?? storeOrder {
            for var job in try await self.store(named: name).jobs(matching: filter) {
                job.isRunnable = resolve(job) != nil
                result.append(job)
            }
        }
        return result
    }

    /// Changes a job: `change` may edit its name, trigger, target and options (not its id).
    /// A changed trigger recomputes the next run time from now.
    ///
    /// The change is compare-and-swap: if the job changes in the store between the read and
    /// the write (another node, a run's end), `change` is applied again to the job as it is
    /// now, so no change made meanwhile is lost. `change` may therefore run more than once.
    @discardableResult
    public func modify(_ id: JobID, in store: String? = nil, _ change: (inout Job) throws -> Void) async throws -> Job {
        try await update(id, in: store) { job, _ in
            let before = job.trigger
            try change(&job)
            guard job.id == id else { throw SchedulerError.invalidArgument("id", "cannot change; add a new job instead") }
            try job.validate()
            if job.trigger != before && !job.isPaused { job.nextRunTime = try firstRunTime(of: job.trigger) }
        }
    }

    /// Gives a job a new trigger; its next run time is the trigger's first fire time after now.
    @discardableResult
    public func reschedule(_ id: JobID, in store: String? = nil, trigger: some Trigger) async throws -> Job {
        try await modify(id, in: store) { $0.trigger = AnyTrigger(trigger) }
    }

    /// Pauses a job: it keeps its place and runs no more until resumed.
    @discardableResult
    public func pauseJob(_ id: JobID, in store: String? = nil) async throws -> Job {
        try await update(id, in: store) { job, _ in
            job.isPaused = true
            job.nextRunTime = nil
        }
    }

    /// Resumes a paused job from `date` (default: now): its next run is the first fire
    /// time after that instant. A date in the past makes the fire times since then due,
    /// handled as a catch-up (coalescing, misfire grace). A trigger with no fire time
    /// left removes the job, except a ``RebootTrigger``, which never has one.
    @discardableResult
    public func resumeJob(_ id: JobID, in store: String? = nil, from date: Date? = nil) async throws -> Job? {
        let name = store ?? Self.defaultName
        do {
            return try await update(id, in: name) { job, now in
                let next = try job.trigger.nextFireTime(after: date ?? now)
                guard next != nil || job.trigger.runsOnlyOnRequest else { throw FinishedTrigger() }
                job.isPaused = false
                job.nextRunTime = next
            }
        } catch is FinishedTrigger {
            try await remove(id, in: name)
            return nil
        }
    }

    /// A resumed job whose trigger has no fire time left.
    private struct FinishedTrigger: Error {}

    /// Replaces the stored job that has `job`'s id with `job`, when the store's revision
    /// of it is still `job`'s ``Job/revision`` (a job read with ``job(_:in:)``); returns it
    /// with its new revision. A job without a revision replaces the stored one whatever it is.
    ///
    /// ```swift
    /// var job = try await scheduler.job("report")!
    /// job.options.timeout = .seconds(120)
    /// try await scheduler.update(job)  // throws .jobChanged if another node changed it since
    /// ```
    ///
    /// - Throws: ``SchedulerError/Code/jobChanged`` when the job changed in the store since
    ///   it was read (``modify(_:in:_:)`` reads it again instead), ``SchedulerError/Code/jobNotFound``,
    ///   and the errors of ``Job/validate()``.
    @discardableResult
    public func update(_ job: Job, in store: String? = nil) async throws -> Job {
        let name = store ?? Self.defaultName
        try job.validate()
        var job = job
        job.revision = try await self.store(named: name).update(job)
        telemetry.emit(.jobModified(id: job.id, store: name))
        jobMetrics?.setNextFireTime(job.nextRunTime, store: name, id: job.id)
        wakeIfEarlier(job.nextRunTime)
        job.isRunnable = resolve(job) != nil
        return job
    }

    /// Removes a job. Runs going on are not stopped.
    ///
    /// - Throws: ``SchedulerError/Code/jobNotFound``.
    public func remove(_ id: JobID, in store: String? = nil) async throws {
        let name = store ?? Self.defaultName
        guard try await self.store(named: name).remove(id) != nil else { throw SchedulerError.jobNotFound(id) }
        heldClaims[JobKey(store: name, id: id)] = nil
        jobMetrics?.retire(store: name, id: id, now: clock.now())
        telemetry.emit(.jobRemoved(id: id, store: name))
    }

    /// Removes every job of one store, or of every store when `store` is nil.
    public func removeAllJobs(in store: String? = nil) async throws {
        for name in store.map({ [$0] }) ?? storeOrder {
            let removed = try await self.store(named: name).removeAll()
            heldClaims = heldClaims.filter { $0.key.store != name }
            for id in removed { jobMetrics?.retire(store: name, id: id, now: clock.now()) }
            telemetry.emit(.allJobsRemoved(store: name))
        }
    }

    /// Runs a job once now, besides its schedule, which stays as it was. The run counts
    /// against the job's ``JobOptions/maxConcurrentRuns``.
    ///
    /// - Throws: ``SchedulerError/Code/jobNotFound``, or ``SchedulerError/Code/invalidState``
    ///   when its handler is not registered here.
    public func runNow(_ id: JobID, in store: String? = nil) async throws {
        let name = store ?? Self.defaultName
        guard let job = try await self.store(named: name).job(id) else { throw SchedulerError.jobNotFound(id) }
        try await startExtraRun(of: job, in: name, fireTime: clock.now())
    }

    /// Records a run skipped under its job's concurrency limit, and reports the record.
    private func writeSkipped(_ run: JobRun, history: HistoryWriter?, store: String) async {
        let record = skippedRecord(for: run, now: clock.now())
        reportRecorded([record], store: store)
        await history?.write(records: [record])
    }

    /// Starts a run of `job` for `fireTime` outside its schedule, as ``runNow(_:in:)`` does,
    /// under the job's concurrency limit (across the store for a persistent one). Beyond
    /// the limit, `overflow` (default: the job's) skips the run, with a `skipped` record,
    /// or makes it wait for a place.
    func startExtraRun(of job: Job, in name: String, fireTime: Date, overflow: OverflowPolicy? = nil) async throws {
        guard let target = resolve(job) else {
            throw SchedulerError(
                code: .invalidState, field: "job '\(job.id)'",
                reason: "cannot run here: handler '\(job.target.handlerName ?? "closure")' or its executor is not registered")
        }
        let jobStore = try self.store(named: name)
        let history = historyWriters[name]
        let run = makeRun(
            RunInfo(jobID: job.id, store: name, fireTime: fireTime, attempt: 1), job: job, body: target.body,
            executor: target.executor, history: history)
        let overflow = overflow ?? job.options.overflow
        let limit = job.options.maxConcurrentRuns
        guard jobStore.isPersistent else {
            let admission = environment.runsInFlight.admit(run, limit: limit, overflow: overflow)
            report(admission, of: run)
            switch admission {
            case .start: target.executor.submit([run])
            case .queued: break
            case .rejected: await writeSkipped(run, history: history, store: name)
            }
            return
        }
        await sendFirstHeartbeat(to: name)
        // The store decides on the limit; here the run only counts as in flight.
        _ = environment.runsInFlight.admit(run, limit: .max, overflow: overflow)
        let started: Bool
        do {
            started = try await jobStore.start([RunStart(record: run.runningRecord, maxConcurrentRuns: limit)], owner: schedulerID).first ?? false
        } catch {
            environment.runsInFlight.withdraw(run)
            throw error
        }
        if started {
            telemetry.emit(.jobSubmitted(run.info))
            target.executor.submit([run])
        } else if overflow == .queue {
            telemetry.emit(.jobSubmitted(run.info))
            waitForPlace(run, limit: limit)
            wake.signal()
        } else {
            environment.runsInFlight.withdraw(run)
            telemetry.maxInstancesReached(run.info, metrics: run.metrics)
            await writeSkipped(run, history: history, store: name)
        }
    }

    /// The recorded runs of a job, newest fire time first, at most `limit`; the history
    /// outlives the job, as the store's ``RunHistoryRetention`` allows.
    public func runs(of id: JobID, in store: String? = nil, limit: Int = 100) async throws -> [RunRecord] {
        try await self.store(named: store ?? Self.defaultName).runs(of: id, limit: limit)
    }

    /// The schedulers that send heartbeats to a store (default: the default store): its
    /// cluster's nodes, this one included while it runs, with their running records.
    public func nodes(in store: String? = nil) async throws -> [SchedulerNode] {
        try await self.store(named: store ?? Self.defaultName).nodes()
    }

    /// The job's next `count` run times, from its next run time on (none while paused).
    public func nextRunTimes(_ id: JobID, in store: String? = nil, count: Int) async throws -> [Date] {
        guard let job = try await job(id, in: store) else { throw SchedulerError.jobNotFound(id) }
        guard let first = job.nextRunTime, count > 0 else { return [] }
        return [first] + (try job.trigger.nextFireTimes(after: first, count: count - 1))
    }

    // MARK: Helpers

    /// The first fire time after now; nil for a trigger that runs only on request (`@reboot`).
    func firstRunTime(of trigger: AnyTrigger) throws -> Date? {
        if trigger.runsOnlyOnRequest { return nil }
        let now = clock.now()
        guard let next = try trigger.nextFireTime(after: now) else {
            throw SchedulerError.invalidArgument(
                "trigger", "\(trigger) has no fire time after \(ISO8601Timestamp.format(now, in: .gmt)); the job would never run")
        }
        return next
    }

    /// Reads job `id`, applies `change` and writes it back if nobody changed it meanwhile;
    /// when someone did (``SchedulerError/Code/jobChanged``), reads it again and applies
    /// `change` to what is stored now, up to ``changeAttempts`` times.
    private func update(
        _ id: JobID, in store: String?, _ change: (inout Job, Date) throws -> Void
    ) async throws -> Job {
        let name = store ?? Self.defaultName
        let jobStore = try self.store(named: name)
        var attempt = 1
        while true {
            guard var job = try await jobStore.job(id) else { throw SchedulerError.jobNotFound(id) }
            try change(&job, clock.now())
            do {
                job.revision = try await jobStore.update(job)
            } catch let error as SchedulerError where error.code == .jobChanged && attempt < Self.changeAttempts {
                attempt += 1
                continue
            }
            telemetry.emit(.jobModified(id: id, store: name))
            jobMetrics?.setNextFireTime(job.nextRunTime, store: name, id: id)
            wakeIfEarlier(job.nextRunTime)
            job.isRunnable = resolve(job) != nil
            return job
        }
    }

    /// How many times ``modify(_:in:_:)`` tries a change on a job that keeps changing under
    /// it. Each round of contention lets at least one writer through, so this is how many
    /// writers may change one job at the same moment before a change gives up (with
    /// ``SchedulerError/Code/jobChanged``).
    static let changeAttempts = 100
}

extension Scheduler {
    /// The earliest instant at which a job of any store is due (or a claim lease ends), or nil.
    public func nextWakeTime() async throws -> Date? {
        var earliest: Date?
        for name in storeOrder {
            if let wake = try await store(named: name).nextWakeTime() { earliest = min(earliest ?? wake, wake) }
        }
        return earliest
    }
}
