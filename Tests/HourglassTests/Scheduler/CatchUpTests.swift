import Foundation
import Hourglass
import HourglassTesting
import Synchronization
import Testing
import HourglassTestSupport

@Suite("Misfires and coalescing after downtime (SEMANTICS: runs, misfires and concurrency)")
struct CatchUpTests {
    typealias F = SchedulerFixture

    private func downtime(_ options: JobOptions, every seconds: Int = 10, for downtime: Double = 95) async throws -> F {
        let fixture = F()
        try await fixture.scheduler.add(
            id: "job", trigger: IntervalTrigger(every: .seconds(seconds), start: F.at(10)), options: options) { _ in }
        try await fixture.scheduler.start(paused: true)
        await fixture.driver.advance(to: F.at(downtime))
        await fixture.scheduler.resume()
        await fixture.driver.advance(by: .zero)
        return fixture
    }

    @Test("coalesce .latest (the default) runs once, for the latest due fire time")
    func latest() async throws {
        let fixture = try await downtime(JobOptions())
        #expect(fixture.finishedRuns("job") == [F.at(90)])
        #expect(try await fixture.scheduler.job("job")?.nextRunTime == F.at(100))
        // The merged fire times leave one record, from the first of them, and an event.
        let skipped = try await fixture.scheduler.runs(of: "job").filter { $0.status == .skipped }
        #expect(skipped.map(\.scheduledFireTime) == [F.at(10)])
        #expect(skipped.first?.message?.contains("merged into the run for 2026-01-01T00:01:30+00:00 (coalesce: latest)") == true)
        #expect(fixture.count(.runSkipped, for: "job") == 1)
    }

    @Test("coalesce .earliest runs once, for the earliest due fire time, and goes on after now")
    func earliest() async throws {
        let fixture = try await downtime(JobOptions(coalesce: .earliest))
        #expect(fixture.finishedRuns("job") == [F.at(10)])
        #expect(try await fixture.scheduler.job("job")?.nextRunTime == F.at(100))
        let skipped = try await fixture.scheduler.runs(of: "job").filter { $0.status == .skipped }
        #expect(skipped.map(\.scheduledFireTime) == [F.at(20)])
        #expect(skipped.first?.message?.contains("merged into the run for 2026-01-01T00:00:10+00:00 (coalesce: earliest)") == true)
    }

    @Test("coalesce .all runs every due fire time")
    func all() async throws {
        let fixture = try await downtime(JobOptions(coalesce: .all, maxConcurrentRuns: 20))
        #expect(fixture.finishedRuns("job").sorted() == (1...9).map { F.at(Double($0) * 10) })
    }

    @Test("coalesce .all stops at the catch-up limit and reports the rest missed")
    func allCapped() async throws {
        let fixture = try await downtime(JobOptions(coalesce: .all, catchUpLimit: 3, maxConcurrentRuns: 20))
        #expect(fixture.finishedRuns("job").sorted() == [F.at(10), F.at(20), F.at(30)])
        #expect(fixture.count(.jobMissed, for: "job") == 1)
        #expect(try await fixture.scheduler.job("job")?.nextRunTime == F.at(100))
    }

    @Test("a run later than its misfire grace time is missed, not run")
    func misfire() async throws {
        let fixture = try await downtime(JobOptions(misfireGraceTime: .seconds(2)))
        #expect(fixture.finishedRuns("job", outcome: .success).isEmpty)
        #expect(fixture.count(.jobMissed, for: "job") == 1)
        #expect(try await fixture.scheduler.job("job")?.nextRunTime == F.at(100))
    }

    @Test("a run within its misfire grace time runs")
    func withinGrace() async throws {
        let fixture = try await downtime(JobOptions(misfireGraceTime: .seconds(10)))
        #expect(fixture.finishedRuns("job", outcome: .success) == [F.at(90)])
        #expect(fixture.count(.jobMissed) == 0)
    }

    @Test("no grace (the default) runs however late")
    func noGrace() async throws {
        let fixture = try await downtime(JobOptions(), every: 3_600, for: 400 * 86_400)
        #expect(fixture.finishedRuns("job", outcome: .success).count == 1)
    }

    @Test("catching up a year of a one-second job costs a bounded number of trigger calls")
    func constantTimeCatchUp() async throws {
        CountingTrigger.calls.store(0, ordering: .relaxed)
        let fixture = F()
        try await fixture.scheduler.add(id: "job", trigger: CountingTrigger(start: F.at(1))) { _ in }
        try await fixture.scheduler.start(paused: true)
        await fixture.driver.advance(to: F.at(365 * 86_400 + 0.5))
        await fixture.scheduler.resume()
        await fixture.driver.advance(by: .zero)
        #expect(fixture.finishedRuns("job") == [F.at(365 * 86_400)])
        #expect(CountingTrigger.calls.load(ordering: .relaxed) < 200)
    }
}

/// Fires every second from `start` and counts how often it is asked.
struct CountingTrigger: Trigger {
    static let typeName = "test-counting"
    static let calls = Atomic<Int>(0)
    let start: Date
    var jitter: Duration? { nil }
    var description: String { "every second, counted" }

    func nextFireTime(after date: Date) -> Date? {
        Self.calls.add(1, ordering: .relaxed)
        if date < start { return start }
        return start.addingTimeInterval((date.timeIntervalSince(start) + 1).rounded(.down))
    }
}
