/// The names (swift-metrics labels) of a scheduler's metrics, for a backend's settings,
/// such as the histogram buckets of a Prometheus factory. docs/Metrics.md describes each.
public enum SchedulerMetricNames {
    /// Counter of finished runs, by `job`, `store` and `outcome` (success, error,
    /// timed_out, cancelled, missed). Misfires are `outcome="missed"`.
    public static let runs = "hourglass_runs_total"
    /// Timer of how long runs took, from start to end over every attempt, by `job` and `store`.
    public static let runDuration = "hourglass_run_duration_seconds"
    /// Timer of how late runs started after their fire time, by `job` and `store`.
    public static let runLateness = "hourglass_run_lateness_seconds"
    /// Counter of fire times not run because the job had its maximum of runs going, by `job` and `store`.
    public static let maxInstancesReached = "hourglass_max_instances_reached_total"
    /// Gauge of the runs admitted and not yet ended: running, queued behind a run of their
    /// job, or waiting for a place.
    public static let runsInFlight = "hourglass_runs_in_flight"
    /// Gauge of a job's next run time in seconds since 1970, by `job` and `store`; none
    /// for a paused or removed job.
    public static let nextFireTime = "hourglass_job_next_fire_time_seconds"
    /// Counter of failed store calls, by `store` and `operation` (dispatch, history,
    /// heartbeat, start).
    public static let storeErrors = "hourglass_store_errors_total"
    /// Recorder (a histogram) of how many due jobs each claim took from a store, by `store`.
    public static let claimBatchSize = "hourglass_claim_batch_size"
}
