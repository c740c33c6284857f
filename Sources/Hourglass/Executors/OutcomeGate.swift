import Synchronization

/// How an attempt ended, with what its body threw (nil if it returned or timed out).
struct AttemptEnd: Sendable {
    var outcome: RunOutcome
    var error: (any Error)? = nil
}

/// Holds the first end of a race (the attempt or its timeout) and hands it to one waiter.
final class OutcomeGate: Sendable {
    private struct State {
        var end: AttemptEnd?
        var waiter: CheckedContinuation<AttemptEnd, Never>?
    }

    private let state = Mutex(State())

    /// Records `end` unless an end is already recorded.
    func resolve(_ end: AttemptEnd) {
        let waiter = state.withLock { state -> CheckedContinuation<AttemptEnd, Never>? in
            guard state.end == nil else { return nil }
            state.end = end
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: end)
    }

    /// The first end recorded.
    func wait() async -> AttemptEnd {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> AttemptEnd? in
                if let end = state.end { return end }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
