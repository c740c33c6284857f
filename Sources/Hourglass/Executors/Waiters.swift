import Foundation

/// Callers waiting for something that a ``Lock``'s state will say: the one way a caller
/// waits in Hourglass (executors, runs in flight, history, wake-up, manual clock).
///
/// The list lives in the guarded state. A caller adds itself with ``Lock/wait(_:)`` while
/// the lock is held (or gets its answer at once); whoever changes the state takes the
/// waiters it satisfies, under the lock, and resumes them after releasing it. Threads, which
/// cannot suspend, park on a ``ParkedThread`` kept in the same kind of state.
/// `package`: `HourglassTesting`'s manual clock keeps its sleepers in one.
package struct Waiters<Value: Sendable>: Sendable {
    private var continuations: [(key: Int, continuation: CheckedContinuation<Value, Never>)] = []

    package init() {}

    package var isEmpty: Bool { continuations.isEmpty }

    /// Adds a waiter; `key` names it for ``remove(_:)`` (cancellation).
    package mutating func append(_ continuation: CheckedContinuation<Value, Never>, key: Int = 0) {
        continuations.append((key, continuation))
    }

    /// Takes the waiter added last, with its key (idle workers: the warmest goes first).
    package mutating func popLast() -> (key: Int, wakeup: Wakeup<Value>)? {
        continuations.popLast().map { ($0.key, $0.continuation) }
    }

    /// Takes the waiter added under `key`, if it still waits.
    package mutating func remove(_ key: Int) -> Wakeup<Value>? {
        guard let index = continuations.firstIndex(where: { $0.key == key }) else { return nil }
        return continuations.remove(at: index).continuation
    }

    /// Takes every waiter, to resume once the lock is released.
    package mutating func takeAll() -> Wakeups<Value> {
        defer { continuations = [] }
        // A closure, not the key path `\.continuation`: in a generic context the key path is
        // built at run time on every call, which took 5% of the CPU of a PostgreSQL store's
        // one-at-a-time adds (its calls wait on an `OutcomeGate`, a `Waiters` in another module).
        return Wakeups(continuations.map { $0.continuation })
    }
}

/// One waiter taken out of a lock's state, to resume after the lock is released.
package typealias Wakeup<Value: Sendable> = CheckedContinuation<Value, Never>

/// Waiters taken out of a lock's state, to resume after the lock is released.
package struct Wakeups<Value: Sendable>: Sendable {
    private let continuations: [CheckedContinuation<Value, Never>]

    fileprivate init(_ continuations: [CheckedContinuation<Value, Never>]) { self.continuations = continuations }

    package static var none: Wakeups { Wakeups([]) }

    /// The waiters of both, `lhs` first.
    package static func + (lhs: Wakeups, rhs: Wakeups) -> Wakeups { Wakeups(lhs.continuations + rhs.continuations) }

    package func resume(returning value: Value) {
        for continuation in continuations { continuation.resume(returning: value) }
    }
}

extension Wakeups where Value == Void {
    package func resume() { resume(returning: ()) }
}

extension Lock {
    /// Returns what `check` finds in the state at once; when it returns nil, `check` has
    /// kept the continuation (in a ``Waiters``) and the caller suspends until it is resumed.
    package func wait<Result: Sendable>(_ check: (inout State, CheckedContinuation<Result, Never>) -> Result?) async -> Result {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
            if let ready = withLock({ check(&$0, continuation) }) { continuation.resume(returning: ready) }
        }
    }
}

/// A thread waiting for work, kept in a ``Lock``'s state while it sleeps: the blocking
/// counterpart of ``Waiters``. The thread adds itself under the lock, releases it, then
/// calls ``park()``; whoever takes it from the state calls ``unpark()`` after releasing the
/// lock. An unpark that comes first is kept, so no wake-up is lost.
final class ParkedThread: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    /// Blocks the calling thread until ``unpark()``.
    func park() { semaphore.wait() }

    func unpark() { semaphore.signal() }
}
