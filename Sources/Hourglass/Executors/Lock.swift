import Foundation

/// State guarded by a plain `pthread_mutex_t`: the one lock type of Hourglass, for the
/// state that tasks and the blocking executor's threads share.
///
/// Not Swift's `Mutex`: on Linux it spins, then waits on a priority-inheritance futex,
/// which hands the lock straight to a sleeping waiter. With more threads than cores, the
/// other threads then spin until that waiter is scheduled. A plain pthread mutex lets a
/// running thread take a lock just released, and waiters sleep without spinning.
/// Measured again when every lock here became a `Mutex` (W3 blocking_sync, 100,000 runs
/// on 8 threads, 2 cores): 3.75 s of CPU for the burst against 0.41 s with this lock.
///
/// `@unchecked Sendable`: `state` is read and written only inside `withLock`, while
/// `mutex` is held; the mutex itself is made once and never moved.
package final class Lock<State: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var state: State

    package init(_ state: State) {
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
    package func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
