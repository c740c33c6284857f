import Hourglass
import Metrics
import Prometheus
import Synchronization

/// swift-prometheus as the swift-metrics backend of Hourglass's metrics, with histogram
/// buckets that suit them (seconds from milliseconds to an hour; claim sizes in powers of two).
///
/// A program that has no metrics backend yet:
/// ```swift
/// let registry = HourglassPrometheus.bootstrap()  // before the scheduler is created
/// let scheduler = Scheduler()
/// HourglassAPI(scheduler: scheduler, access: access, metrics: registry).addRoutes(to: router)
/// ```
/// A program that bootstraps its own factory uses ``factory(registry:)`` for it, or gives
/// the scheduler one in `Scheduler.Configuration.metricsFactory` without a bootstrap.
public enum HourglassPrometheus {
    /// The buckets of `SchedulerMetricNames.runDuration`: 5 ms to 1 h.
    public static let runDurationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        .seconds(30), .seconds(60), .seconds(300), .seconds(900), .seconds(3600),
    ]
    /// The buckets of `SchedulerMetricNames.runLateness`: 1 ms to 5 min.
    public static let runLatenessBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5), .seconds(10),
        .seconds(60), .seconds(300),
    ]
    /// The buckets of `SchedulerMetricNames.claimBatchSize`: 0 (a pass with nothing due) to 1024.
    public static let claimBatchSizeBuckets: [Double] = [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]

    /// A factory that writes into `registry`, with Hourglass's buckets; other timers and
    /// recorders keep swift-prometheus's defaults.
    public static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[SchedulerMetricNames.runDuration] = runDurationBuckets
        factory.durationHistogramBuckets[SchedulerMetricNames.runLateness] = runLatenessBuckets
        factory.valueHistogramBuckets[SchedulerMetricNames.claimBatchSize] = claimBatchSizeBuckets
        return factory
    }

    /// The registry this process bootstrapped, once set.
    private static let bootstrapped = Mutex<PrometheusCollectorRegistry?>(nil)

    /// Makes swift-prometheus the process's metrics backend (`MetricsSystem.bootstrap`, which
    /// may happen only once in a process) and returns its registry; later calls return the
    /// same registry. When another swift-prometheus factory was bootstrapped before, returns
    /// its registry; when another backend was, returns nil and changes nothing.
    public static func bootstrap() -> PrometheusCollectorRegistry? {
        bootstrapped.withLock { registry in
            if let registry { return registry }
            let current = MetricsSystem.factory
            if let prometheus = current as? PrometheusMetricsFactory {
                registry = prometheus.registry
            } else if current is NOOPMetricsHandler {
                let made = PrometheusCollectorRegistry()
                MetricsSystem.bootstrap(factory(registry: made))
                registry = made
            }
            return registry
        }
    }
}
