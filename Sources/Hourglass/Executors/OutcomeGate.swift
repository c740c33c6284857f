/// How an attempt ended, with what its body threw (nil if it returned or timed out).
struct AttemptEnd: Sendable {
    var outcome: RunOutcome
    var error: (any Error)? = nil
}

/// Holds the first end of a race (an attempt of a run or its timeout) and hands it to the
/// waiter: one per attempt of a run that has a timeout.
final class OutcomeGate: Sendable {
    private struct State {
        var end: AttemptEnd?
        var waiters = Waiters<AttemptEnd>()
    }

    private let state = Lock(State())

    /// Records `end` unless an end is already recorded.
    func resolve(_ end: AttemptEnd) {
        let waiters = state.withLock { state -> Wakeups<AttemptEnd> in
            guard state.end == nil else { return .none }
            state.end = end
            return state.waiters.takeAll()
        }
        waiters.resume(returning: end)
    }

    /// The first end recorded.
    func wait() async -> AttemptEnd {
        await state.wait { state, continuation in
            if let end = state.end { return end }
            state.waiters.append(continuation)
            return nil
        }
    }
}
