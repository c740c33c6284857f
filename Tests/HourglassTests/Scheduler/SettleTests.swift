import Foundation
import Hourglass
import HourglassTestSupport
import HourglassTesting
import Testing

/// `SchedulerTestDriver.settle()` returns exactly when every run has finished or sleeps on
/// the manual clock: runs report their sleeps through the clock, so it does not guess.
@Suite("Settling: the test driver knows when every run sleeps on the clock or has finished")
struct SettleTests {
    typealias F = SchedulerFixture

    @Test("a run with a timeout that works for a long while is waited for, though its timer sleeps on the clock")
    func busyRunWithTimeout() async throws {
        let fixture = F()
        let counter = Counter()
        try await fixture.scheduler.add(
            id: "busy", trigger: DateTrigger(at: F.at(5)), options: JobOptions(timeout: .seconds(60))
        ) { _ in
            // Many suspensions without sleeping on the clock: the run is awake throughout.
            for _ in 0..<2_000 { await Task.yield() }
            counter.increment()
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(5))
        #expect(counter.count == 1, "settle returned while the run was still working")
        #expect(fixture.finishedRuns("busy", outcome: .success) == [F.at(5)])
        await fixture.scheduler.shutdown()
    }

    @Test("a run asleep on the clock counts as settled, and finishes once the clock passes its wake-up")
    func sleepingRun() async throws {
        let fixture = F()
        let clock = fixture.clock
        let counter = Counter()
        try await fixture.scheduler.add(id: "nap", trigger: DateTrigger(at: F.at(5))) { _ in
            try await clock.sleep(until: F.at(35))
            counter.increment()
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(5))
        #expect(counter.count == 0)
        #expect(fixture.finishedRuns("nap").isEmpty)
        await fixture.driver.advance(to: F.at(35))
        #expect(counter.count == 1)
        #expect(fixture.finishedRuns("nap", outcome: .success) == [F.at(5)])
        await fixture.scheduler.shutdown()
    }

    /// Regression: the timer was not counted as the run's, so when it fired the run still
    /// looked asleep (its body sleeps) and `settle()` returned before the run had ended.
    /// TracingTests' timeout test failed about one run in two.
    @Test("a run asleep past its timeout is waited for once the timer fires, until it has ended", arguments: 0..<25)
    func sleepingRunTimesOut(round: Int) async throws {
        let fixture = F()
        let clock = fixture.clock
        try await fixture.scheduler.add(
            id: "stuck", trigger: DateTrigger(at: F.at(5)), options: JobOptions(timeout: .seconds(10))
        ) { _ in
            try await clock.sleep(until: F.at(1_000))
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(5))
        #expect(fixture.finishedRuns("stuck").isEmpty)
        await fixture.driver.advance(to: F.at(15))
        #expect(fixture.finishedRuns("stuck", outcome: .timedOut) == [F.at(5)], "round \(round)")
        await fixture.scheduler.shutdown()
    }

    @Test("retry back-off sleeps on the clock: each advance runs exactly the attempts that became due")
    func retryBackoff() async throws {
        let fixture = F()
        let counter = Counter()
        try await fixture.scheduler.add(
            id: "flaky", trigger: DateTrigger(at: F.at(5)),
            options: JobOptions(retry: RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(10), multiplier: 1))
        ) { _ in
            counter.increment()
            throw Failing()
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(5))
        #expect(counter.count == 1)
        await fixture.driver.advance(to: F.at(15))
        #expect(counter.count == 2)
        await fixture.driver.advance(to: F.at(25))
        #expect(counter.count == 3)
        #expect(fixture.finishedRuns("flaky", outcome: .error(message: "deliberate failure")) == [F.at(5)])
        await fixture.scheduler.shutdown()
    }
}
