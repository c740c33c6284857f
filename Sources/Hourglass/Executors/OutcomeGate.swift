/// Holds the first outcome of a race (an attempt of a run or its timeout) and hands it to
/// the waiter: one per attempt of a run that has a timeout.
final class OutcomeGate: Sendable {
    private struct State {
        var outcome: RunOutcome?
        var waiters = Waiters<RunOutcome>()
    }

    private let state = Lock(State())

    /// Records `outcome` unless one is already recorded.
    func resolve(_ outcome: RunOutcome) {
        let waiters = state.withLock { state -> Wakeups<RunOutcome> in
            guard state.outcome == nil else { return .none }
            state.outcome = outcome
            return state.waiters.takeAll()
        }
        waiters.resume(returning: outcome)
    }

    /// The first outcome recorded.
    func wait() async -> RunOutcome {
        await state.wait { state, continuation in
            if let outcome = state.outcome { return outcome }
            state.waiters.append(continuation)
            return nil
        }
    }
}
