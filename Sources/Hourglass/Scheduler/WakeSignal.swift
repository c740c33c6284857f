import Foundation
import Synchronization

/// Wakes the scheduler loop at once when something changes; a signal sent while nobody
/// waits is kept for the next wait.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiters = Waiters<Void>()
    }

    private let state = Lock(State())
    /// When the sleeping loop looks again by itself, in seconds since 1970; infinity while
    /// it is awake, when any change must make it look again.
    private let deadline = Atomic<Double>(.infinity)
    /// The earliest next run time of the changes made while the loop was awake (infinity
    /// for none): the loop may have read its stores before them, so it takes them into
    /// account when it goes to sleep.
    private let earliestChangeWhileAwake = Atomic<Double>(.infinity)

    /// Notes that the loop goes to sleep until `planned` and returns when it must look
    /// again: `planned`, or earlier for a change made while it was awake.
    func sleepDeadline(_ planned: Date) -> Date {
        deadline.store(planned.timeIntervalSince1970, ordering: .sequentiallyConsistent)
        let changed = earliestChangeWhileAwake.exchange(.infinity, ordering: .sequentiallyConsistent)
        guard changed < planned.timeIntervalSince1970 else { return planned }
        deadline.store(changed, ordering: .sequentiallyConsistent)
        return Date(timeIntervalSince1970: changed)
    }

    /// Notes that the loop is awake: every change must be looked at.
    func awake() {
        deadline.store(.infinity, ordering: .sequentiallyConsistent)
    }

    /// Makes the loop look again by `instant` (at once for nil, an unknown instant), for a
    /// change here or in a store shared with other schedulers. No signal (and no lock)
    /// when the sleeping loop looks again by then anyway. While the loop is awake the
    /// instant is noted for ``sleepDeadline(_:)``, because the loop may already have read
    /// its stores.
    func signal(ifBefore instant: Date?) {
        guard let time = instant?.timeIntervalSince1970 else {
            signal()
            return
        }
        var sleepsUntil = deadline.load(ordering: .sequentiallyConsistent)
        if !sleepsUntil.isFinite {
            var noted = earliestChangeWhileAwake.load(ordering: .sequentiallyConsistent)
            while time < noted {
                let (exchanged, current) = earliestChangeWhileAwake.compareExchange(
                    expected: noted, desired: time, ordering: .sequentiallyConsistent)
                if exchanged { break }
                noted = current
            }
            // The loop may have gone to sleep before it could see the note.
            sleepsUntil = deadline.load(ordering: .sequentiallyConsistent)
        }
        if sleepsUntil.isFinite, time < sleepsUntil { signal() }
    }

    func signal() {
        let waiters = state.withLock { state -> Wakeups<Void> in
            guard !state.waiters.isEmpty else {
                state.pending = true
                return .none
            }
            return state.waiters.takeAll()
        }
        waiters.resume()
    }

    /// Returns at the next signal (or at once if one is pending), or when the task is cancelled.
    func wait() async {
        await withTaskCancellationHandler {
            await state.wait { state, continuation in
                if state.pending || Task.isCancelled {
                    state.pending = false
                    return ()
                }
                state.waiters.append(continuation)
                return nil
            }
        } onCancel: {
            signal()
        }
    }
}
