import Foundation

/// The scheduler's source of time: the system clock in production, a manual clock in
/// tests (see `HourglassTesting.ManualClock`), so that no test sleeps for real.
public protocol SchedulerClock: Sendable {
    /// The current instant.
    func now() -> Date

    /// Suspends until `deadline` has passed on this clock, or throws `CancellationError`.
    func sleep(until deadline: Date) async throws
}

/// The wall clock of the machine.
///
/// Timers wake a few tenths of a millisecond late, so ``sleep(until:)`` sleeps until
/// shortly before the deadline and then yields until it has passed: runs start within
/// about 0.1 ms of their fire time instead of 0.3-1 ms.
public struct SystemClock: SchedulerClock {
    /// How long before a deadline the timer sleep ends and yielding begins.
    static let spinLead = 0.002

    /// Creates the system clock.
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let interval = deadline.timeIntervalSinceNow
        if interval > Self.spinLead {
            try await Task.sleep(for: .seconds(interval - Self.spinLead))
        }
        while Date() < deadline {
            try Task.checkCancellation()
            await Task.yield()
        }
        try Task.checkCancellation()
    }
}
