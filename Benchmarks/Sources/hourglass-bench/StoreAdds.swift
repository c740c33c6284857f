import Foundation
import Hourglass

/// The add parts W5 and W6 share: N interval jobs (every 60 s, ids `job-<i>`, handler
/// `handler`) added to a paused scheduler's store, one at a time or `batchSize` at a time.
enum StoreAdds {
    /// The measured fields: time, CPU time, adds per second, cost per add by tenth, and
    /// how many jobs the store then holds.
    static func measure(
        _ scheduler: Scheduler, store: String, handler: String, n: Int, batchSize: Int?
    ) async throws -> [String: Any] {
        let clock = ContinuousClock()
        let cpuStart = Measurement.cpuNow()
        let start = clock.now
        var deciles = DecileTimer(n: n, start: start)
        var added = 0
        while added < n {
            if let batchSize {
                let jobs = try (added..<min(added + batchSize, n)).map {
                    Job(
                        id: JobID("job-\($0)"), trigger: try IntervalTrigger(every: .seconds(60)),
                        target: .handler(name: handler, arguments: nil))
                }
                try await scheduler.add(jobs, store: store)
                added += jobs.count
            } else {
                try await scheduler.add(
                    id: JobID("job-\(added)"), trigger: try IntervalTrigger(every: .seconds(60)), handler: handler, store: store)
                added += 1
            }
            deciles.reached(added)
        }
        let seconds = start.duration(to: clock.now).seconds
        let cpuSeconds = Measurement.cpuNow() - cpuStart
        var result: [String: Any] = [
            "part": batchSize == nil ? "add" : "batch_add", "n": n, "stored": try await scheduler.jobs(in: store).count,
            "seconds": rounded(seconds, 3), "cpu_seconds": rounded(cpuSeconds, 3),
            "adds_per_sec": Int((Double(n) / seconds).rounded()), "us_per_add_by_decile": deciles.values,
            "peak_rss_mib": mebibytes(peakResidentBytes()),
        ]
        if let batchSize { result["batch"] = batchSize }
        return result
    }
}

/// Microseconds per add in each tenth of a run (each `n / 10` adds), as the anchor's
/// `us_per_add_by_decile`; a batch that ends past a mark closes the tenth there.
struct DecileTimer {
    private let step: Int
    private var markInstant: ContinuousClock.Instant
    private var markCount = 0
    private(set) var values: [Double] = []

    init(n: Int, start: ContinuousClock.Instant) {
        step = max(n / 10, 1)
        markInstant = start
    }

    /// Notes that `count` adds have been made so far.
    mutating func reached(_ count: Int) {
        guard count - markCount >= step else { return }
        let now = ContinuousClock.now
        values.append(rounded(markInstant.duration(to: now).seconds / Double(count - markCount) * 1e6, 1))
        markInstant = now
        markCount = count
    }
}
