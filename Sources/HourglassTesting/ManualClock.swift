import Foundation
@_spi(Testing) import Hourglass

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
    private struct State {
        var now: Date
        /// The sleeping tasks, under their identifiers.
        var sleepers = Waiters<Void>()
        /// Per sleeping task: when it wakes, and the run it works for (told when it wakes).
        var sleeps: [Int: (deadline: Date, activity: RunActivity?)] = [:]
        var nextIdentifier = 0
    }

    private let state: Lock<State>

    /// A clock that reads `now` until it is advanced.
    public init(now: Date = Date(timeIntervalSince1970: 0)) {
        state = Lock(State(now: now))
    }

    public func now() -> Date {
        state.withLock { $0.now }
    }

    /// How many tasks are sleeping on this clock.
    public var sleeperCount: Int {
        state.withLock { $0.sleeps.count }
    }

    /// Moves the clock forward by `duration` and wakes the sleepers that are due.
    public func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let interval = Double(seconds) + Double(attoseconds) / 1e18
        advance(to: now().addingTimeInterval(interval))
    }

    /// Moves the clock to `instant` (never backwards) and wakes the sleepers that are due.
    public func advance(to instant: Date) {
        let due = state.withLock { state -> [(Wakeup<Void>, RunActivity?)] in
            state.now = max(state.now, instant)
            let now = state.now
            let ready = state.sleeps.filter { $0.value.deadline <= now }.keys.sorted()
            return ready.compactMap { key in
                let activity = state.sleeps.removeValue(forKey: key)?.activity
                return state.sleepers.remove(key).map { ($0, activity) }
            }
        }
        for (sleeper, activity) in due {
            // Told before the task resumes, so that a driver never sees the run asleep
            // after the clock moved past its wake-up.
            activity?.wakes()
            sleeper.resume()
        }
    }

    public func sleep(until deadline: Date) async throws {
        let activity = RunActivity.current
        let identifier = state.withLock { state -> Int in
            state.nextIdentifier += 1
            return state.nextIdentifier
        }
        await withTaskCancellationHandler {
            await state.wait { state, continuation in
                if Task.isCancelled || deadline <= state.now { return () }
                state.sleepers.append(continuation, key: identifier)
                state.sleeps[identifier] = (deadline, activity)
                // Reported under the clock's lock, so that no advance can end the sleep first.
                activity?.sleeps()
                return nil
            }
        } onCancel: {
            let (sleeper, activity) = state.withLock { state -> (Wakeup<Void>?, RunActivity?) in
                (state.sleepers.remove(identifier), state.sleeps.removeValue(forKey: identifier)?.activity)
            }
            activity?.wakes()
            sleeper?.resume()
        }
        try Task.checkCancellation()
    }
}
