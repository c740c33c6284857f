import Metrics

/// The metrics of one scheduler that are not per job: runs in flight, store errors and
/// claim sizes, and the factory that makes the per-job ones (``JobRunMetrics``).
///
/// Exists only when a real backend is set (``make(factory:)``): without one, the
/// scheduler holds none, and each place that would report pays one nil check.
final class SchedulerMetrics: Sendable {
    let factory: any MetricsFactory
    /// ``SchedulerMetricNames/runsInFlight``, set by ``RunsInFlight``.
    let runsInFlight: Gauge
    /// Per store and operation; made on the first error.
    private let storeErrors = Lock<[StoreOperation: Counter]>([:])
    /// Per store; made on the first claim.
    private let claimSizes = Lock<[String: Recorder]>([:])

    private struct StoreOperation: Hashable {
        let store: String
        let operation: String
    }

    private init(factory: any MetricsFactory) {
        self.factory = factory
        runsInFlight = Gauge(label: SchedulerMetricNames.runsInFlight, factory: factory)
    }

    /// The metrics for `factory`, or nil for swift-metrics' no-op factory.
    static func make(factory: any MetricsFactory) -> SchedulerMetrics? {
        factory is NOOPMetricsHandler ? nil : SchedulerMetrics(factory: factory)
    }

    /// The counter of `operation`'s failures on `store`, to keep (a history writer does).
    func storeErrorCounter(store: String, operation: String) -> Counter {
        storeErrors.withLock { counters in
            let key = StoreOperation(store: store, operation: operation)
            if let counter = counters[key] { return counter }
            let counter = Counter(
                label: SchedulerMetricNames.storeErrors, dimensions: [("store", store), ("operation", operation)],
                factory: factory)
            counters[key] = counter
            return counter
        }
    }

    /// Counts a failed call: `operation` is dispatch, history, heartbeat or start.
    func storeFailed(_ store: String, operation: String) {
        storeErrorCounter(store: store, operation: operation).increment()
    }

    /// Records how many jobs one claim on `store` took (zero too: a pass with nothing due).
    func claimed(_ count: Int, from store: String) {
        let recorder = claimSizes.withLock { recorders in
            if let recorder = recorders[store] { return recorder }
            let recorder = Recorder(
                label: SchedulerMetricNames.claimBatchSize, dimensions: [("store", store)], aggregate: true, factory: factory)
            recorders[store] = recorder
            return recorder
        }
        recorder.record(count)
    }
}
