import Foundation
import Hourglass
import HourglassTesting
import Synchronization

/// W4: how late N date jobs spread uniformly over SPREAD seconds start, as
/// `../shared/bench/w4_lateness.py` measures it on APScheduler.
///
/// The instants are T0 + 1 s + SPREAD × u, u uniform in [0, 1) from a seeded SplitMix64,
/// T0 when adding starts. Each job's handler gets its index as its argument and records
/// the wall clock when it starts; lateness = start - the instant it was given.
enum W4Lateness {
    /// `task_async`: an async handler on the default ``TaskExecutor``; `blocking_sync`: a
    /// blocking handler on the `blocking` executor (for comparison with the anchor's `background_sync`).
    static let variants = ["task_async", "blocking_sync"]

    static func run(n: Int, spread: Double, seed: UInt64, variants: [String]) throws -> [String: Any] {
        let results = try variants.map { try runChild(["w4", $0, String(n), String(spread), String(seed)]) }
        return [
            "workload": "W4", "desc": "lateness (actual start - scheduled) of N date jobs spread uniformly over SPREAD s",
            "params": ["n": n, "spread_s": spread, "seed": seed], "versions": versions, "results": results,
        ]
    }

    /// The start time of each job by index (NaN until it runs), and how many have started.
    final class Starts: Sendable {
        private struct State {
            var times: [Double]
            var count = 0
        }
        private let state: Mutex<State>

        init(count: Int) { state = Mutex(State(times: Array(repeating: .nan, count: count))) }

        func record(_ index: Int, at time: Double) {
            state.withLock { state in
                if state.times[index].isNaN { state.count += 1 }
                state.times[index] = time
            }
        }

        var count: Int { state.withLock { $0.count } }
        var times: [Double] { state.withLock { $0.times } }
    }

    /// `--child w4 VARIANT N SPREAD SEED`: one measurement.
    static func child(_ arguments: [String]) async throws -> [String: Any] {
        guard arguments.count == 4, variants.contains(arguments[0]), let n = Int(arguments[1]), n > 0,
            let spread = Double(arguments[2]), let seed = UInt64(arguments[3])
        else { throw BenchmarkError("usage: hourglass-bench --child w4 {\(variants.joined(separator: ","))} N SPREAD SEED") }
        let variant = arguments[0]
        let starts = Starts(count: n)
        let scheduler = Scheduler()
        if variant == "blocking_sync" {
            await scheduler.registerBlocking("w4") { (index: Int, _) in starts.record(index, at: wallSeconds()) }
        } else {
            await scheduler.register("w4") { (index: Int, _) in starts.record(index, at: wallSeconds()) }
        }

        var random = SplitMix64(seed: seed)
        try await scheduler.start(paused: true)
        let t0 = wallSeconds()
        var scheduled: [Double] = []
        scheduled.reserveCapacity(n)
        for i in 0..<n {
            let instant = t0 + 1 + random.unit() * spread
            scheduled.append(instant)
            try await scheduler.add(
                id: paddedID("j", i, width: 6), trigger: DateTrigger(at: Date(timeIntervalSince1970: instant)),
                handler: "w4", arguments: i)
        }
        await scheduler.resume()

        let deadline = t0 + 1 + spread + 30
        while starts.count < n && wallSeconds() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        await scheduler.shutdown(waitForRunningJobs: false)

        let times = starts.times
        let late = zip(times, scheduled).compactMap { $0.isNaN ? nil : ($0 - $1) * 1e3 }.sorted()
        var result: [String: Any] = [
            "variant": variant, "n": n, "completed": late.count,
            "over_10ms": late.count { $0 > 10 }, "loadavg_1m": loadAverage(),
        ]
        if let minimum = late.first, let maximum = late.last {
            result["p50_ms"] = rounded(percentile(late, 50), 3)
            result["p90_ms"] = rounded(percentile(late, 90), 3)
            result["p99_ms"] = rounded(percentile(late, 99), 3)
            result["max_ms"] = rounded(maximum, 3)
            result["min_ms"] = rounded(minimum, 3)
            result["mean_ms"] = rounded(late.reduce(0, +) / Double(late.count), 3)
        }
        return result
    }
}
