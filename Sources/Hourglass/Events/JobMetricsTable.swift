import DequeModule
import Foundation
import Metrics

/// The per-job metrics of one scheduler, kept by the scheduler actor (so no lock): each
/// job's run handles and its next-fire-time gauge.
///
/// Label cardinality stays bounded by the jobs: a removed or finished job is retired, its
/// gauge goes at once, and its run handles go ``retention`` after the retirement once none
/// of its runs is in flight (a one-shot job's run ends after its job is gone; a scrape
/// still sees its last counts meanwhile). A job added again under the same id is no
/// longer retired and keeps its series.
struct JobMetricsTable {
    private struct Entry {
        var runs: JobRunMetrics?
        var nextFire: Gauge?
        /// When the job was retired; nil while it exists.
        var retiredAt: Date?
    }

    /// How long a retired job's run series stay, in seconds.
    static var retention: Double { 300 }

    let factory: any MetricsFactory
    private var entries: [JobKey: Entry] = [:]
    /// Retired jobs, oldest retirement first.
    private var retired: Deque<(key: JobKey, at: Date)> = []

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// The run handles of a job, made on its first run.
    mutating func runMetrics(store: String, id: JobID) -> JobRunMetrics {
        let key = JobKey(store: store, id: id)
        if let runs = entries[key]?.runs { return runs }
        let runs = JobRunMetrics(job: id, store: store, factory: factory)
        entries[key, default: Entry()].runs = runs
        return runs
    }

    /// Sets a job's next-fire-time gauge, or takes it away for nil (paused). The job exists:
    /// if it was retired, it is no longer.
    mutating func setNextFireTime(_ date: Date?, store: String, id: JobID) {
        let key = JobKey(store: store, id: id)
        guard date != nil || entries[key] != nil else { return }
        var entry = entries[key] ?? Entry()
        entry.retiredAt = nil
        if let date {
            if entry.nextFire == nil {
                entry.nextFire = Gauge(
                    label: SchedulerMetricNames.nextFireTime, dimensions: [("job", id.rawValue), ("store", store)],
                    factory: factory)
            }
            entry.nextFire?.record(date.timeIntervalSince1970)
        } else if let gauge = entry.nextFire {
            gauge.destroy()
            entry.nextFire = nil
        }
        entries[key] = entry
    }

    /// Retires a removed or finished job (see the type's notes).
    mutating func retire(store: String, id: JobID, now: Date) {
        let key = JobKey(store: store, id: id)
        guard var entry = entries[key], entry.retiredAt == nil else { return }
        entry.nextFire?.destroy()
        entry.nextFire = nil
        entry.retiredAt = now
        entries[key] = entry
        retired.append((key, now))
    }

    /// Retires every job of `store` (all its jobs removed, or the store itself).
    mutating func retireAll(store: String, now: Date) {
        let keys = entries.keys.filter { $0.store == store }
        for key in keys { retire(store: store, id: key.id, now: now) }
    }

    /// The jobs of `store` known here, that are not retired.
    func knownJobs(store: String) -> [JobID] {
        entries.compactMap { $0.key.store == store && $0.value.retiredAt == nil ? $0.key.id : nil }
    }

    /// Drops the run handles of jobs retired at least ``retention`` ago with no run in
    /// flight; a job with runs still going is looked at again after another ``retention``.
    mutating func sweep(now: Date, inFlight: (JobKey) -> Bool) {
        while let first = retired.first, now.timeIntervalSince(first.at) >= Self.retention {
            retired.removeFirst()
            // Added again, or retired again later: this retirement no longer counts.
            guard let entry = entries[first.key], entry.retiredAt == first.at else { continue }
            if inFlight(first.key) {
                entries[first.key]?.retiredAt = now
                retired.append((first.key, now))
                continue
            }
            entry.runs?.destroy()
            entries[first.key] = nil
        }
    }
}
