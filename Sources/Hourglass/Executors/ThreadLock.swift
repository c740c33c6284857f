import Foundation

/// State guarded by a plain `pthread_mutex_t`, for state that dedicated threads share
/// (tasks may take it too: its sections are short).
///
/// Swift's `Mutex` on Linux spins, then waits on a priority-inheritance futex, which hands
/// the lock straight to a sleeping waiter. With more threads than cores, the other threads
/// then spin until that waiter is scheduled: a burst of blocking runs once fell from
/// 570k to 32k runs/s, with 60% of the CPU in `Mutex`'s slow path. A plain pthread mutex
/// lets a running thread take a lock just released, and waiters sleep without spinning.
///
/// `@unchecked Sendable`: `state` is read and written only inside `withLock`, while
/// `mutex` is held; the mutex itself is made once and never moved.
final class ThreadLock<State: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var state: State

    init(_ state: State) {
        self.state = state
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the state, the mutex held.
    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
