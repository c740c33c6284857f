import Foundation
import Synchronization

/// Wakes the scheduler loop at once when something changes; a signal sent while nobody
/// waits is kept for the next wait.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    /// When the sleeping loop looks again by itself, in seconds since 1970; infinity while
    /// it is awake, when any change must make it look again.
    private let deadline = Atomic<Double>(.infinity)

    /// Notes when the loop, going to sleep, looks again by itself; nil when it wakes.
    func setDeadline(_ date: Date?) {
        deadline.store(date?.timeIntervalSince1970 ?? .infinity, ordering: .releasing)
    }

    /// Signals unless the loop sleeps and looks again at or before `instant` by itself;
    /// nil (an unknown instant) always signals. Costs no lock for changes due later.
    func signal(ifBefore instant: Date?) {
        if let instant, instant.timeIntervalSince1970 >= deadline.load(ordering: .acquiring) { return }
        signal()
    }

    /// Signals only while the loop sleeps and would look again after `instant` by itself;
    /// nothing is sent while it is awake (its deadline is not known yet).
    func signal(ifSleepingPast instant: Date) {
        let deadline = deadline.load(ordering: .acquiring)
        guard deadline.isFinite, instant.timeIntervalSince1970 < deadline else { return }
        signal()
    }

    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns at the next signal (or at once if one is pending), or when the task is cancelled.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            signal()
        }
    }
}
