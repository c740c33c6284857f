import Foundation
import Hourglass

/// W2: adding jobs with distinct ids to a started-but-paused scheduler, as
/// `../shared/bench/w2_job_add.py` does on APScheduler's MemoryJobStore.
///
/// Each (case, N) runs in a child process of its own, so peak RSS is that case's alone.
/// The per-decile cost shows whether an add gets dearer as the store grows.
enum W2JobAdd {
    /// `handler/interval`: interval jobs naming a registered no-op handler (the anchor's
    /// `background/interval`); `closure/interval`: the same with a closure body each.
    static let cases = ["handler/interval", "closure/interval"]

    static func run(ns: [Int], cases: [String]) throws -> [String: Any] {
        var results: [[String: Any]] = []
        for name in cases {
            for n in ns { results.append(try runChild(["w2", name, String(n)])) }
        }
        return [
            "workload": "W2", "desc": "add (distinct ids) to a started-but-paused scheduler, MemoryJobStore",
            "versions": versions, "loadavg_1m_at_end": loadAverage(), "results": results,
        ]
    }

    /// `--child w2 CASE N`: one measurement.
    static func child(_ arguments: [String]) async throws -> [String: Any] {
        guard arguments.count == 2, cases.contains(arguments[0]), let n = Int(arguments[1]), n > 0 else {
            throw BenchmarkError("usage: hourglass-bench --child w2 {\(cases.joined(separator: ","))} N")
        }
        let closures = arguments[0] == "closure/interval"
        let scheduler = Scheduler()
        await scheduler.register("noop") { _ in }
        try await scheduler.start(paused: true)

        let rssBefore = residentBytes()
        var deciles: [Double] = []
        let step = max(n / 10, 1)
        let clock = ContinuousClock()
        let cpuStart = Measurement.cpuNow()
        let start = clock.now
        var stepStart = start
        for i in 0..<n {
            let trigger = try IntervalTrigger(every: .seconds(60))
            if closures {
                try await scheduler.add(id: JobID("job-\(i)"), trigger: trigger) { _ in }
            } else {
                try await scheduler.add(id: JobID("job-\(i)"), trigger: trigger, handler: "noop")
            }
            if (i + 1) % step == 0 {
                let now = clock.now
                deciles.append(rounded(stepStart.duration(to: now).seconds / Double(step) * 1e6, 2))
                stepStart = now
            }
        }
        let seconds = start.duration(to: clock.now).seconds
        let cpuSeconds = Measurement.cpuNow() - cpuStart
        let rssAfter = residentBytes()
        let peak = peakResidentBytes()
        let count = try await scheduler.jobs().count
        guard count == n else { throw BenchmarkError("w2 \(arguments[0]): \(count) jobs listed after \(n) adds") }
        await scheduler.shutdown(waitForRunningJobs: false)
        return [
            "case": arguments[0], "n": n, "seconds": rounded(seconds, 3), "cpu_seconds": rounded(cpuSeconds, 3),
            "adds_per_sec": Int((Double(n) / seconds).rounded()), "us_per_add_by_decile": deciles,
            "rss_before_mib": mebibytes(rssBefore), "rss_after_mib": mebibytes(rssAfter),
            "peak_rss_mib": mebibytes(peak), "bytes_per_job": Int((Double(rssAfter - rssBefore) / Double(n)).rounded()),
        ]
    }
}
