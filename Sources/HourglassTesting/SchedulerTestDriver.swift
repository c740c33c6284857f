import Foundation
@_spi(Testing) import Hourglass

/// Drives a scheduler on a ``ManualClock``: moves time and waits until every run that
/// became due has finished, so a test checks a schedule without sleeping.
///
/// ```swift
/// let clock = ManualClock(now: start)
/// var configuration = Scheduler.Configuration()
/// configuration.clock = clock
/// let scheduler = Scheduler(configuration: configuration)
/// let driver = SchedulerTestDriver(scheduler: scheduler, clock: clock)
/// try await scheduler.start()
/// try await driver.run(until: start.addingTimeInterval(3_600))  // every run of the hour, in order
/// ```
///
/// Runs that sleep on the manual clock (retry back-off, timeouts, handlers that call
/// `clock.sleep`) count as settled while they sleep; they end when the clock moves on.
public struct SchedulerTestDriver: Sendable {
    /// The scheduler driven.
    public let scheduler: Scheduler
    /// Its clock.
    public let clock: ManualClock

    /// A driver for `scheduler`, which must use `clock`.
    public init(scheduler: Scheduler, clock: ManualClock) {
        self.scheduler = scheduler
        self.clock = clock
    }

    /// Jumps the clock to `instant` in one step (like a machine waking from sleep: due runs
    /// are coalesced) and waits until the scheduler is idle.
    public func advance(to instant: Date) async {
        clock.advance(to: instant)
        await settle()
    }

    /// Waits until the scheduler has handed out every run due now, and every run has
    /// finished, is asleep on the manual clock (retry back-off, jitter, a handler's own
    /// `clock.sleep`; the clock reports each sleep), or waits for a place. Nothing then
    /// happens until the clock moves, so no polling or spinning is needed.
    public func settle() async {
        await scheduler.waitForPass(at: clock.now())
        await scheduler.waitUntilRunsSettle()
    }

    /// Jumps the clock forward by `duration`; see ``advance(to:)``.
    public func advance(by duration: Duration) async {
        clock.advance(by: duration)
        await settle()
    }

    /// Moves the clock from one next run time to the next until `instant`, waiting at each
    /// until its runs have finished, so that every fire time up to `instant` runs on time.
    public func run(until instant: Date) async throws {
        await settle()
        while let next = try await scheduler.nextWakeTime(), next <= instant {
            // A job still due after a pass is not being taken (processing is paused): stop stepping.
            if next <= clock.now() { break }
            await advance(to: next)
        }
        await advance(to: instant)
    }
}
