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
public struct SystemClock: SchedulerClock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let interval = deadline.timeIntervalSinceNow
        if interval > 0 {
            try await Task.sleep(for: .seconds(interval))
        } else {
            try Task.checkCancellation()
        }
    }
}
