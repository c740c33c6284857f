import Foundation
import ServiceLifecycle

extension Scheduler: Service {
    /// Starts the loop in a task of its own. With `paused`, jobs can be added and
    /// listed but none runs until ``resume()``.
    ///
    /// - Throws: ``SchedulerError/Code/invalidState`` if the scheduler was started before.
    public func start(paused: Bool = false) throws(SchedulerError) {
        try beginRunning(paused: paused)
        loopTask = Task { await self.loop() }
    }

    /// Runs the loop in the calling task until shutdown: ServiceLifecycle's entry point.
    ///
    /// Graceful shutdown stops claiming jobs and waits for running ones; cancelling the
    /// task (a second signal) cancels them.
    public func run() async throws {
        try beginRunning(paused: false)
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await self.loop()
            } onGracefulShutdown: {
                self.requestStop()
            }
        } onCancel: {
            self.environment.cancelAll.set()
            self.requestStop()
        }
        await finishShutdown(waitForRunningJobs: !environment.cancelAll.isSet)
    }

    /// Stops claiming jobs, then waits for running jobs to end (`waitForRunningJobs`,
    /// the default) or cancels them. Returns when the scheduler has stopped. Cancelling
    /// the calling task while it waits cancels the running jobs.
    public func shutdown(waitForRunningJobs: Bool = true) async {
        guard lifecycle == .running else { return }
        if !waitForRunningJobs { environment.cancelAll.set() }
        requestStop()
        await loopTask?.value
        await finishShutdown(waitForRunningJobs: waitForRunningJobs)
    }

    /// Stops starting runs until ``resume()``; running ones go on.
    public func pause() {
        guard !isProcessingPaused else { return }
        isProcessingPaused = true
        telemetry.emit(.schedulerPaused)
        wake.signal()
    }

    /// Starts processing again after ``pause()`` or `start(paused: true)`.
    public func resume() {
        guard isProcessingPaused else { return }
        isProcessingPaused = false
        telemetry.emit(.schedulerResumed)
        wake.signal()
    }

    /// Whether processing is paused.
    public var isPaused: Bool { isProcessingPaused }

    /// Whether the loop is running (started and not shut down).
    public var isRunning: Bool { lifecycle == .running }

    /// How long this scheduler's claims and heartbeats hold (``Configuration/lease``): a
    /// heartbeat says the node is alive until its time plus the lease.
    public nonisolated var lease: Duration { configuration.lease }

    /// When the loop last began a pass, on the scheduler's clock; nil before it started.
    /// The loop passes at least every ``Configuration/maxSleep`` while it runs.
    public nonisolated var lastLoopPass: Date? { lastPass.withLock { $0 } }

    /// Whether the loop began a pass within `tolerance` plus ``Configuration/maxSleep``
    /// of now: false before the start, after a stop, and while a store call hangs.
    public nonisolated func isLoopAlive(tolerance: Duration = .seconds(5)) -> Bool {
        guard let last = lastLoopPass, !stopRequested.load(ordering: .acquiring) else { return false }
        let limit = IntervalTrigger.seconds(configuration.maxSleep + tolerance)
        return configuration.clock.now().timeIntervalSince(last) <= limit
    }

    private func beginRunning(paused: Bool) throws(SchedulerError) {
        guard lifecycle == .stopped else {
            throw SchedulerError(
                code: .invalidState, field: "scheduler",
                reason: "is \(lifecycle == .running ? "already running" : "shut down"); a scheduler starts once")
        }
        lifecycle = .running
        isProcessingPaused = paused
        telemetry.emit(.schedulerStarted)
        if paused { telemetry.emit(.schedulerPaused) }
        telemetry.logger.debug("scheduler started", metadata: ["scheduler.paused": .stringConvertible(paused)])
    }

    nonisolated func requestStop() {
        stopRequested.store(true, ordering: .releasing)
        wake.signal()
    }

    private func finishShutdown(waitForRunningJobs: Bool) async {
        lifecycle = .stopping
        await releaseHeldClaims { _ in true }
        for name in storeOrder {
            if let store = stores[name] { try? await releaseUncompletedClaims(in: store, named: name) }
        }
        await dropWaitingRuns()
        let executors = Array(executors.values)
        // Cancelling the task that waits for running jobs (ServiceLifecycle after its
        // graceful-shutdown deadline, or a second signal) cancels them.
        await withTaskCancellationHandler {
            for executor in executors {
                await executor.shutdown(cancelRunning: !waitForRunningJobs)
            }
        } onCancel: { [environment] in
            environment.cancelAll.set()
            Task {
                for executor in executors { await executor.shutdown(cancelRunning: true) }
            }
        }
        // Every run has ended: the next process under this name need not wait for this one.
        for name in storeOrder where lastHeartbeat[name] != nil {
            try? await stores[name]?.signOff(owner: schedulerID)
        }
        lifecycle = .shutDown
        resumePassWaiters(upTo: .distantFuture)
        telemetry.emit(.schedulerShutdown)
        telemetry.logger.debug("scheduler shut down")
        telemetry.hub.finishStreams()
    }

    /// Waits until the loop has looked at the stores with the clock at or after `instant`
    /// and found nothing more due, then until no run is in flight. For tests: see
    /// `HourglassTesting`.
    @_spi(Testing) public func waitUntilIdle(at instant: Date) async {
        await waitForPass(at: instant)
        await environment.runsInFlight.waitUntilIdle()
    }

    /// Waits until the loop has looked at the stores with the clock at or after `instant`
    /// and handed out every due run (returns at once when the scheduler is not running).
    @_spi(Testing) public func waitForPass(at instant: Date) async {
        guard lifecycle == .running else { return }
        wake.signal()
        await withCheckedContinuation { continuation in
            passWaiters.append((instant, continuation))
        }
    }

    /// Returns once every run in flight is asleep on the clock (a `ManualClock` reports
    /// it), waiting for a place, or finished. For tests: see `HourglassTesting`.
    @_spi(Testing) public func waitUntilRunsSettle() async {
        await environment.runsInFlight.waitUntilSettled()
    }

    /// How many runs have started and not finished (runs waiting for a free place not counted).
    @_spi(Testing) public nonisolated var activeRunCount: Int { environment.runsInFlight.active }

    func resumePassWaiters(upTo observed: Date) {
        let ready = passWaiters.filter { $0.instant <= observed }
        passWaiters.removeAll { $0.instant <= observed }
        for waiter in ready { waiter.continuation.resume() }
    }
}
