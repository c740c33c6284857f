import Metrics

/// The metric handles of one job's runs, made once per job (at its first run) and handed
/// to each of its runs, so that a run makes no handle and looks nothing up.
final class JobRunMetrics: Sendable {
    /// ``SchedulerMetricNames/runs`` by outcome, in the order of ``SchedulerTelemetry/outcomeIndex(_:)``.
    private let runs: [Counter]
    private let duration: Metrics.Timer
    private let lateness: Metrics.Timer
    private let maxInstances: Counter

    init(job: JobID, store: String, factory: any MetricsFactory) {
        let dimensions = [("job", job.rawValue), ("store", store)]
        runs = SchedulerTelemetry.outcomes.map {
            Counter(label: SchedulerMetricNames.runs, dimensions: dimensions + [("outcome", $0.label)], factory: factory)
        }
        duration = Metrics.Timer(label: SchedulerMetricNames.runDuration, dimensions: dimensions, factory: factory)
        lateness = Metrics.Timer(label: SchedulerMetricNames.runLateness, dimensions: dimensions, factory: factory)
        maxInstances = Counter(label: SchedulerMetricNames.maxInstancesReached, dimensions: dimensions, factory: factory)
    }

    func started(lateness nanoseconds: Int64) {
        lateness.recordNanoseconds(max(0, nanoseconds))
    }

    /// Counts `count` runs that ended with the outcome at `outcomeIndex`; a run that started
    /// (not missed) also records its duration.
    func finished(outcomeIndex: Int, count: Int = 1, duration nanoseconds: Int64?) {
        runs[outcomeIndex].increment(by: count)
        if let nanoseconds { duration.recordNanoseconds(nanoseconds) }
    }

    func maxInstancesReached() {
        maxInstances.increment()
    }

    /// Takes the handles out of the backend: their series end.
    func destroy() {
        for counter in runs { counter.destroy() }
        duration.destroy()
        lateness.destroy()
        maxInstances.destroy()
    }
}
