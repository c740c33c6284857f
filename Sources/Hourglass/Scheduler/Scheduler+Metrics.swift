import Foundation

extension Scheduler {
    /// Sets the next-fire-time gauges of jobs whose claims were just completed, and retires
    /// those that finished.
    func noteNextFireTimes(_ completions: [JobCompletion], results: [JobCompletionResult], store: String) {
        let now = clock.now()
        for (completion, result) in zip(completions, results) {
            switch (completion.outcome, result) {
            case (_, .removed): jobMetrics?.retire(store: store, id: completion.id, now: now)
            case (.reschedule(let next), .updated): jobMetrics?.setNextFireTime(next, store: store, id: completion.id)
            default: break
            }
        }
    }

    /// Drops the series of jobs retired long enough ago (see ``JobMetricsTable``).
    func sweepJobMetrics(now: Date) {
        guard jobMetrics != nil else { return }
        let runsInFlight = environment.runsInFlight
        jobMetrics?.sweep(now: now) { runsInFlight.hasRuns(of: $0) }
    }

    /// Sets every job's next-fire-time gauge from its store, and takes away those of jobs
    /// no longer there (changed or removed by another scheduler that shares the store).
    /// Scheduler events keep the gauges current for what this scheduler does; call this
    /// before an export for what others did. HourglassHTTP's `/metrics` does. Does nothing
    /// without a metrics backend.
    ///
    /// - Throws: the first store's error; the stores before it are refreshed.
    public func refreshJobMetrics() async throws {
        guard jobMetrics != nil else { return }
        for name in storeOrder {
            guard let store = stores[name] else { continue }
            let jobs = try await store.jobs(matching: JobFilter())
            // The store may have been removed while it answered.
            guard stores[name] != nil else { continue }
            let now = clock.now()
            let present = Set(jobs.map(\.id))
            for id in jobMetrics?.knownJobs(store: name) ?? [] where !present.contains(id) {
                jobMetrics?.retire(store: name, id: id, now: now)
            }
            for job in jobs { jobMetrics?.setNextFireTime(job.nextRunTime, store: name, id: job.id) }
        }
    }
}
