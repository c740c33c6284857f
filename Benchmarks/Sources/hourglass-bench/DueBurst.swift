import Foundation
import Hourglass

/// The part W3 and W5 share: N date jobs due at one instant T, added to a paused
/// scheduler, then the scheduler resumed and the time until every job has run.
enum DueBurst {
    /// What one burst measured.
    struct Outcome {
        var addSeconds: Double
        var slack: Double
        var due: Double
        var completed: Int
        var first: Double?
        var last: Double?
        /// When each tenth of the runs had run.
        var tenths: [Double?]
        /// The process's CPU seconds from the resume until every job had run (both cores
        /// count): less sensitive to a noisy host than the makespan.
        var burstCPU: Double

        /// The keys the anchors report for a burst of `n` jobs.
        func fields(n: Int) -> [String: Any] {
            [
                "completed": completed, "finished": last != nil, "add_seconds": rounded(addSeconds, 3),
                "slack_before_due_s": rounded(slack, 3),
                "first_start_late_ms": first.map { rounded(($0 - due) * 1e3, 2) } ?? NSNull(),
                "makespan_s": last.map { rounded($0 - due, 3) } ?? NSNull(),
                "tenths_ms": tenths.map { time -> Any in time.map { rounded(($0 - due) * 1e3, 1) } ?? NSNull() },
                "jobs_per_sec": last.map { Int((Double(n) / ($0 - due)).rounded()) } ?? NSNull(),
                "burst_cpu_s": rounded(burstCPU, 3), "burst_cpu_us_per_job": rounded(burstCPU / Double(n) * 1e6, 2),
            ]
        }
    }

    /// Adds `n` jobs with `add(index, dueDate)`, T being now + `lead` seconds, resumes
    /// the schedulers (several share one store in W6) and polls every 10 ms, up to
    /// `timeout` seconds after T, until `tally` has counted every run. Returns nil, with
    /// the schedulers shut down, when under 0.3 s were left before T; the caller retries
    /// with a longer lead.
    static func run(
        _ schedulers: [Scheduler], n: Int, lead: Double, tally: W3Dispatch.Tally, timeout: Double,
        add: (Int, Date) async throws -> Void
    ) async throws -> (outcome: Outcome?, slack: Double) {
        let clock = ContinuousClock()
        let due = wallSeconds() + lead
        let dueDate = Date(timeIntervalSince1970: due)
        let addStart = clock.now
        for index in 0..<n { try await add(index, dueDate) }
        let addSeconds = addStart.duration(to: clock.now).seconds
        let slack = due - wallSeconds()
        guard slack >= 0.3 else {
            for scheduler in schedulers { await scheduler.shutdown(waitForRunningJobs: false) }
            return (nil, slack)
        }
        let cpuStart = Measurement.cpuNow()
        for scheduler in schedulers { await scheduler.resume() }
        while tally.last == nil && wallSeconds() < due + timeout {
            try await Task.sleep(for: .milliseconds(10))
        }
        let burstCPU = Measurement.cpuNow() - cpuStart
        let outcome = Outcome(
            addSeconds: addSeconds, slack: slack, due: due, completed: tally.count.load(ordering: .acquiring),
            first: tally.first, last: tally.last, tenths: tally.tenthTimes, burstCPU: burstCPU)
        return (outcome, slack)
    }
}
