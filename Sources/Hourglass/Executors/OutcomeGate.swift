import Synchronization

/// Holds the first outcome of a race (the run or its timeout) and hands it to one waiter.
final class OutcomeGate: Sendable {
    private struct State {
        var outcome: RunOutcome?
        var waiter: CheckedContinuation<RunOutcome, Never>?
    }

    private let state = Mutex(State())

    /// Records `outcome` unless one is already recorded.
    func resolve(_ outcome: RunOutcome) {
        let waiter = state.withLock { state -> CheckedContinuation<RunOutcome, Never>? in
            guard state.outcome == nil else { return nil }
            state.outcome = outcome
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: outcome)
    }

    /// The first outcome recorded.
    func wait() async -> RunOutcome {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> RunOutcome? in
                if let outcome = state.outcome { return outcome }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
