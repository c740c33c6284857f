/// How an attempt ended, with what its body threw (nil if it returned or timed out).
struct AttemptEnd: Sendable {
    var outcome: RunOutcome
    var error: (any Error)? = nil
}

/// Holds the first end of a race (work against its time limit) and hands it to the
/// waiter: one per attempt of a run that has a timeout, and one per PostgreSQL store call.
package final class OutcomeGate<Value: Sendable>: Sendable {
    private struct State {
        var end: Value?
        var waiters = Waiters<Value>()
    }

    private let state = Lock(State())

    package init() {}

    /// Records `end` unless an end is already recorded.
    package func resolve(_ end: Value) {
        let waiters = state.withLock { state -> Wakeups<Value> in
            guard state.end == nil else { return .none }
            state.end = end
            return state.waiters.takeAll()
        }
        waiters.resume(returning: end)
    }

    /// The first end recorded.
    package func wait() async -> Value {
        await state.wait { state, continuation in
            if let end = state.end { return end }
            state.waiters.append(continuation)
            return nil
        }
    }
}
