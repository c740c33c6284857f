import Foundation
@_spi(Testing) import Hourglass
import Synchronization

/// A clock that moves only when a test moves it, so that schedules are checked
/// deterministically and without sleeping. It tells the scheduler when a run's task sleeps
/// on it and when it wakes, so that ``SchedulerTestDriver/settle()`` knows when nothing
/// more happens until the clock moves.
///
/// ```swift
/// let clock = ManualClock(now: Date(timeIntervalSince1970: 0))
/// clock.advance(by: .seconds(60)) // wakes every sleeper whose deadline has passed
/// ```
public final class ManualClock: SchedulerClock {
    private struct Sleeper {
        let deadline: Date
        let continuation: CheckedContinuation<Void, any Error>
        /// The run the sleeping task works for, told when its sleep ends.
        let activity: RunActivity?
    }

    private struct State {
        var now: Date
        var sleepers: [UInt64: Sleeper] = [:]
        var nextIdentifier: UInt64 = 0
    }

    private let state: Mutex<State>

    /// A clock that reads `now` until it is advanced.
    public init(now: Date = Date(timeIntervalSince1970: 0)) {
        state = Mutex(State(now: now))
    }

    public func now() -> Date {
        state.withLock { $0.now }
    }

    /// How many tasks are sleeping on this clock.
    public var sleeperCount: Int {
        state.withLock { $0.sleepers.count }
    }

    /// Moves the clock forward by `duration` and wakes the sleepers that are due.
    public func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let interval = Double(seconds) + Double(attoseconds) / 1e18
        advance(to: now().addingTimeInterval(interval))
    }

    /// Moves the clock to `instant` (never backwards) and wakes the sleepers that are due.
    public func advance(to instant: Date) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = max(state.now, instant)
            let now = state.now
            let ready = state.sleepers.filter { $0.value.deadline <= now }
            for key in ready.keys { state.sleepers[key] = nil }
            return ready.sorted { $0.key < $1.key }.map(\.value)
        }
        for sleeper in due {
            sleeper.activity?.wakes()
            sleeper.continuation.resume()
        }
    }

    public func sleep(until deadline: Date) async throws {
        let activity = RunActivity.current
        let identifier = state.withLock { state -> UInt64 in
            state.nextIdentifier += 1
            return state.nextIdentifier
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { state -> Bool in
                    if Task.isCancelled || deadline <= state.now { return true }
                    state.sleepers[identifier] = Sleeper(deadline: deadline, continuation: continuation, activity: activity)
                    // Reported under the clock's lock, so that no advance can end the sleep first.
                    activity?.sleeps()
                    return false
                }
                if resumeNow { continuation.resume() }
            }
            try Task.checkCancellation()
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: identifier) }
            sleeper?.activity?.wakes()
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}
