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
/// A timer wakes a tenth of a millisecond or more late, so ``sleep(until:)`` sleeps until
/// shortly before the deadline and then waits busily until it has passed: runs start
/// within some microseconds of their fire time.
public struct SystemClock: SchedulerClock {
    /// How long before a deadline the timer sleep ends and the busy wait begins: more than
    /// a timer's usual overshoot (on a 2-core Linux VM, `Task.sleep` woke 110 µs late at the
    /// median and 200-290 µs at the 99th percentile), and short enough that the busy wait
    /// holds its thread for less than a millisecond per wake-up.
    static let busyWaitLead = 0.001

    /// Creates the system clock.
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let interval = deadline.timeIntervalSinceNow
        if interval > Self.busyWaitLead {
            try await Task.sleep(for: .seconds(interval - Self.busyWaitLead))
        }
        // A busy wait rather than a loop of `Task.yield()`: a yield may hand the task to
        // another thread, and waking a parked thread took 0.2-0.9 ms on a virtual machine,
        // which made one run in a hundred start that late.
        while Date() < deadline {
            try Task.checkCancellation()
        }
        try Task.checkCancellation()
    }
}
