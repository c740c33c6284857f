import Foundation
import Hourglass
import Synchronization

/// W3: N trivial jobs that all become due at one instant T; the makespan from T until the
/// last one has run, as `../shared/bench/w3_dispatch.py` measures it on APScheduler.
///
/// Procedure, one child process per (variant, N): start paused; estimate the cost of an
/// add from 2,000 throw-away adds; T = now + 1 s + N × that cost × the lead factor; add
/// N date jobs due at T (no misfire grace time); if less than 0.3 s is left before T, try
/// again with twice the lead factor; else resume and poll every 10 ms until all have run.
enum W3Dispatch {
    /// `task_async`: an async handler on the default ``TaskExecutor``; `blocking_sync`: a
    /// blocking handler (`registerBlocking`) on the `blocking` executor's threads. Both use
    /// the default memory store, which records every run's end in its history.
    /// `task_async_no_history`: `task_async` on a memory store that keeps no history
    /// (`RunHistoryRetention.none`), like for like with APScheduler, which keeps none.
    static let variants = ["task_async", "blocking_sync", "task_async_no_history"]

    static func run(ns: [Int], variants: [String]) throws -> [String: Any] {
        var results: [[String: Any]] = []
        for variant in variants {
            for n in ns {
                var factor = 1.5
                var result: [String: Any] = [:]
                for _ in 0..<4 {
                    result = try runChild(["w3", variant, String(n), String(factor)])
                    if result["retry"] as? Bool != true { break }
                    factor *= 2
                }
                results.append(result)
            }
        }
        return [
            "workload": "W3", "desc": "N date-trigger jobs due at one instant; makespan from due instant to last job run",
            "versions": versions, "loadavg_1m_at_end": loadAverage(), "results": results,
        ]
    }

    /// What the jobs record: how many ran, when the first started, when each tenth of
    /// them had run, and when the Nth ran.
    final class Tally: Sendable {
        let target: Int
        let count = Atomic<Int>(0)
        /// Wall seconds as a bit pattern; 0 until set.
        private let firstStart = Atomic<UInt64>(0)
        /// When the run that completed each tenth counted itself (wall seconds, 0 until
        /// then); the last is the Nth. Taken ten times a burst.
        private let tenths = Mutex([Double](repeating: 0, count: 10))

        init(target: Int) { self.target = target }

        func record() {
            if firstStart.load(ordering: .relaxed) == 0 {
                _ = firstStart.compareExchange(expected: 0, desired: wallSeconds().bitPattern, ordering: .relaxed)
            }
            let counted = count.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
            guard target > 0, counted <= target else { return }
            // The last tenth that `counted` completes, if it completes one: 1...10.
            let tenth = counted * 10 / target
            if tenth >= 1, counted == (tenth * target + 9) / 10 {
                let now = wallSeconds()
                tenths.withLock { $0[tenth - 1] = now }
            }
        }

        var first: Double? { Self.time(firstStart.load(ordering: .acquiring)) }
        var last: Double? { tenthTimes[9] }
        /// When each tenth of the runs had run (nil for one not reached).
        var tenthTimes: [Double?] { tenths.withLock { $0 }.map { $0 == 0 ? nil : $0 } }

        private static func time(_ bits: UInt64) -> Double? { bits == 0 ? nil : Double(bitPattern: bits) }
    }

    /// `--child w3 VARIANT N LEAD_FACTOR`: one measurement.
    static func child(_ arguments: [String]) async throws -> [String: Any] {
        guard arguments.count == 3, variants.contains(arguments[0]), let n = Int(arguments[1]), n > 0,
            let leadFactor = Double(arguments[2])
        else { throw BenchmarkError("usage: hourglass-bench --child w3 {\(variants.joined(separator: ","))} N LEAD_FACTOR") }
        let variant = arguments[0]
        let tally = Tally(target: n)
        let clock = ContinuousClock()

        // Estimate the cost of an add with a throw-away paused scheduler.
        let probe = try await pausedScheduler(variant, tally: Tally(target: 0))
        let far = Date(timeIntervalSinceNow: 3600)
        let probeCount = 2000
        let probeStart = clock.now
        for i in 0..<probeCount {
            try await probe.add(id: paddedID("p", i, width: 7), trigger: DateTrigger(at: far), handler: "w3", store: store(variant))
        }
        let perAdd = probeStart.duration(to: clock.now).seconds / Double(probeCount)
        await probe.shutdown(waitForRunningJobs: false)

        let scheduler = try await pausedScheduler(variant, tally: tally)
        let lead = 1.0 + Double(n) * perAdd * leadFactor
        let (outcome, slack) = try await DueBurst.run([scheduler], n: n, lead: lead, tally: tally, timeout: 180) { index, due in
            try await scheduler.add(
                id: paddedID("j", index, width: 7), trigger: DateTrigger(at: due), handler: "w3", store: store(variant))
        }
        guard let outcome else { return ["retry": true, "slack_s": rounded(slack, 3)] }
        var result: [String: Any] = ["variant": variant, "n": n, "peak_rss_mib": mebibytes(peakResidentBytes())]
        result.merge(outcome.fields(n: n)) { current, _ in current }
        await scheduler.shutdown(waitForRunningJobs: false)
        return result
    }

    /// A scheduler started paused, with the variant's handler `w3` counting into `tally`.
    private static func pausedScheduler(_ variant: String, tally: Tally) async throws -> Scheduler {
        let scheduler = Scheduler()
        if variant == "blocking_sync" {
            await scheduler.registerBlocking("w3") { _ in tally.record() }
        } else {
            await scheduler.register("w3") { _ in tally.record() }
        }
        if variant == "task_async_no_history" {
            try await scheduler.addStore(MemoryJobStore(retention: .none), named: "no-history")
        }
        try await scheduler.start(paused: true)
        return scheduler
    }

    /// The store the variant's jobs go in; nil for the default one.
    private static func store(_ variant: String) -> String? {
        variant == "task_async_no_history" ? "no-history" : nil
    }
}
