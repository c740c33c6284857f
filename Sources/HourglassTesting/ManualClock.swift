import Foundation
import Hourglass
/// A clock that moves only when a test moves it, so that schedules are checked
/// deterministically and without sleeping.
///
/// ```swift
/// let clock = ManualClock(now: Date(timeIntervalSince1970: 0))
/// clock.advance(by: .seconds(60)) // wakes every sleeper whose deadline has passed
/// ```
public final class ManualClock: SchedulerClock {
    private struct State {
        var now: Date
        /// The sleeping tasks, under their identifiers, and when each wakes.
        var sleepers = Waiters<Void>()
        var deadlines: [Int: Date] = [:]
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
        state.withLock { $0.deadlines.count }
    }

    /// Moves the clock forward by `duration` and wakes the sleepers that are due.
    public func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let interval = Double(seconds) + Double(attoseconds) / 1e18
        advance(to: now().addingTimeInterval(interval))
    }

    /// Moves the clock to `instant` (never backwards) and wakes the sleepers that are due.
    public func advance(to instant: Date) {
        let due = state.withLock { state -> [Wakeup<Void>] in
            state.now = max(state.now, instant)
            let now = state.now
            let ready = state.deadlines.filter { $0.value <= now }.keys.sorted()
            return ready.compactMap { key in
                state.deadlines[key] = nil
                return state.sleepers.remove(key)
            }
        }
        for sleeper in due { sleeper.resume() }
    }

    public func sleep(until deadline: Date) async throws {
        let identifier = state.withLock { state -> Int in
            state.nextIdentifier += 1
            return state.nextIdentifier
        }
        await withTaskCancellationHandler {
            await state.wait { state, continuation in
                if Task.isCancelled || deadline <= state.now { return () }
                state.sleepers.append(continuation, key: identifier)
                state.deadlines[identifier] = deadline
                return nil
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Wakeup<Void>? in
                state.deadlines[identifier] = nil
                return state.sleepers.remove(identifier)
            }
            sleeper?.resume()
        }
        try Task.checkCancellation()
    }
}
