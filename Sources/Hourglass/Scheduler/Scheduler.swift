import Foundation
import Logging
import Metrics
import Synchronization
import Tracing

/// Runs jobs on schedule: owns the loop that sleeps until the next run time, claims due
/// jobs from its stores, applies the misfire, coalescing and concurrency rules, and hands
/// runs to executors.
///
/// ```swift
/// let scheduler = Scheduler()
/// try await scheduler.add(cron: "*/5 * * * *") { context in context.logger.info("tick") }
/// try await scheduler.start()
/// ```
///
/// It starts with the store and executor of its ``Configuration`` named `default` (a
/// ``MemoryJobStore`` and a ``TaskExecutor`` unless configured), and a ``BlockingExecutor``
/// named `blocking`. It is also a ServiceLifecycle `Service`.
public actor Scheduler {
    /// The name of the store and executor used when none is named.
    public static let defaultName = "default"
    /// The name of the built-in ``BlockingExecutor``.
    public static let blockingExecutorName = "blocking"

    enum LifecycleState { case stopped, running, stopping, shutDown }

    let configuration: Configuration
    let telemetry: SchedulerTelemetry
    let environment: RunEnvironment
    let wake = WakeSignal()
    let stopRequested = Atomic<Bool>(false)
    /// When the loop last began a pass, on the clock; nil before the first.
    let lastPass = Mutex<Date?>(nil)

    var lifecycle = LifecycleState.stopped
    var isProcessingPaused = false
    var stores: [String: any JobStore] = [:]
    /// Per store, the writer of its runs' ends to its history.
    var historyWriters: [String: HistoryWriter] = [:]
    /// When this scheduler last sent each store a heartbeat.
    var lastHeartbeat: [String: Date] = [:]
    /// The heartbeat on its way to each store, which a second caller waits for.
    var heartbeatsInFlight: [String: Task<Void, Never>] = [:]
    /// Stores whose last pass failed: how many passes in a row failed, and when to try again.
    var storeOutages: [String: (failures: Int, retryAt: Date)] = [:]
    var storeOrder: [String] = []
    var executors: [String: any JobExecutor] = [:]
    var handlers: [String: JobHandler] = [:]
    /// Claims kept on due jobs that cannot run here (no handler); released when one is registered.
    var heldClaims: [JobKey: (claim: JobClaim, handler: String)] = [:]
    var loopTask: Task<Void, Never>?
    /// Per store, the task that watches it for changes made elsewhere, while the loop runs.
    var changeWatchers: [String: Task<Void, Never>] = [:]
    /// Per store, claims whose completion failed, to release once the store answers again.
    var uncompletedClaims: [String: [JobCompletion]] = [:]
    /// Runs refused by their persistent store for want of a free place, waiting for one.
    var runsAwaitingPlace: [RunAwaitingPlace] = []
    /// The per-job metrics; nil without a metrics backend.
    var jobMetrics: JobMetricsTable?
    /// Waiters for a loop pass that saw the clock at or after an instant.
    var passWaiters: [(instant: Date, continuation: CheckedContinuation<Void, Never>)] = []

    /// A scheduler with the configuration's default store and executor and a blocking
    /// executor, not yet started.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        telemetry = SchedulerTelemetry(
            logger: configuration.logger, schedulerID: configuration.schedulerID,
            metricsFactory: configuration.metricsFactory ?? MetricsSystem.factory)
        jobMetrics = telemetry.metrics.map { JobMetricsTable(factory: $0.factory) }
        environment = RunEnvironment(
            clock: configuration.clock, telemetry: telemetry, owner: configuration.schedulerID,
            tracer: configuration.tracer ?? InstrumentationSystem.tracer)
        let store = configuration.defaultStore
        stores[Self.defaultName] = store
        historyWriters[Self.defaultName] = Self.historyWriter(
            for: store, named: Self.defaultName, telemetry: telemetry, clock: configuration.clock)
        storeOrder = [Self.defaultName]
        executors[Self.defaultName] = configuration.defaultExecutor
        executors[Self.blockingExecutorName] = BlockingExecutor()
    }

    /// The scheduler's clock.
    public nonisolated var clock: any SchedulerClock { configuration.clock }

    /// This scheduler's name as a claim owner.
    public nonisolated var schedulerID: String { configuration.schedulerID }

    /// Every event from now on, until the scheduler shuts down or the stream is dropped.
    public nonisolated var events: AsyncStream<SchedulerEvent> { telemetry.hub.stream(filter: nil) }

    /// The events of the given kinds, from now on.
    public nonisolated func events(of kinds: Set<SchedulerEvent.Kind>) -> AsyncStream<SchedulerEvent> {
        telemetry.hub.stream(filter: kinds)
    }

    /// Calls `listener` with every event of the given kinds (all kinds when nil), on the
    /// thread that emits it; keep it short. Returns a token for ``removeListener(_:)``.
    @discardableResult
    public nonisolated func addListener(
        for kinds: Set<SchedulerEvent.Kind>? = nil, _ listener: @escaping @Sendable (SchedulerEvent) -> Void
    ) -> ListenerToken {
        ListenerToken(key: telemetry.hub.subscribe(filter: kinds, listener))
    }

    /// Stops calling a listener.
    public nonisolated func removeListener(_ token: ListenerToken) {
        telemetry.hub.unsubscribe(token.key)
    }

    // MARK: Stores and executors

    /// Adds a store under `name`.
    ///
    /// - Throws: ``SchedulerError/Code/duplicateName`` if the name is taken.
    public func addStore(_ store: any JobStore, named name: String) throws(SchedulerError) {
        guard stores[name] == nil else {
            throw SchedulerError(code: .duplicateName, field: "store '\(name)'", reason: "a store with this name exists")
        }
        attach(store, named: name)
        telemetry.emit(.storeAdded(name: name))
        wake.signal()
    }

    private func attach(_ store: any JobStore, named name: String) {
        stores[name] = store
        historyWriters[name] = Self.historyWriter(for: store, named: name, telemetry: telemetry, clock: configuration.clock)
        storeOrder.append(name)
    }

    /// The writer of run ends for `store`, or nil when the store keeps no history: its runs
    /// then make no end records for it (only for listeners, if any). W3 on a memory store
    /// with ``RunHistoryRetention/none``, in rounds taking turns with a writer that the store
    /// ignored: makespan 0.905 at 10,000 jobs (40 rounds) and 0.935 at 50,000 (30 rounds),
    /// CPU per job 0.92 and 0.90.
    private static func historyWriter(
        for store: any JobStore, named name: String, telemetry: SchedulerTelemetry, clock: any SchedulerClock
    ) -> HistoryWriter? {
        guard store.keepsRunHistory else { return nil }
        return HistoryWriter(
            store: store, storeName: name, logger: telemetry.logger, clock: clock,
            errors: telemetry.metrics?.storeErrorCounter(store: name, operation: "history"))
    }

    /// The names of the stores, in the order they were added (`default` first).
    public var storeNames: [String] { storeOrder }

    /// Removes the store named `name` (its jobs stay in it, and no longer run here).
    public func removeStore(named name: String) throws(SchedulerError) {
        _ = try store(named: name)
        stores[name] = nil
        changeWatchers.removeValue(forKey: name)?.cancel()
        historyWriters[name] = nil
        lastHeartbeat[name] = nil
        storeOutages[name] = nil
        storeOrder.removeAll { $0 == name }
        jobMetrics?.retireAll(store: name, now: clock.now())
        telemetry.emit(.storeRemoved(name: name))
    }

    /// Adds an executor under `name`.
    public func addExecutor(_ executor: any JobExecutor, named name: String) throws(SchedulerError) {
        guard executors[name] == nil else {
            throw SchedulerError(code: .duplicateName, field: "executor '\(name)'", reason: "an executor with this name exists")
        }
        executors[name] = executor
        telemetry.emit(.executorAdded(name: name))
    }

    /// Removes the executor named `name` after its runs have finished.
    public func removeExecutor(named name: String) async throws(SchedulerError) {
        guard let executor = executors.removeValue(forKey: name) else {
            throw SchedulerError(code: .unknownExecutor, field: "executor '\(name)'", reason: "no executor has this name")
        }
        await executor.shutdown(cancelRunning: false)
        telemetry.emit(.executorRemoved(name: name))
    }

    func store(named name: String?) throws(SchedulerError) -> any JobStore {
        let name = name ?? Self.defaultName
        guard let store = stores[name] else {
            throw SchedulerError(
                code: .unknownStore, field: "store '\(name)'",
                reason: "no store has this name; known: \(storeOrder.joined(separator: ", "))")
        }
        return store
    }
}

/// Identifies a listener added with ``Scheduler/addListener(for:_:)``.
public struct ListenerToken: Sendable, Hashable {
    let key: Int
}
