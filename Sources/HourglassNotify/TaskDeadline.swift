import Hourglass

/// Waiting for a task with a deadline.
enum TaskDeadline {
    /// Returns when `task` has ended, or after `grace` (then `task` is cancelled, and not
    /// waited for: a notifier that ignores cancellation cannot hold up a shutdown).
    static func wait(for task: Task<Void, Never>, upTo grace: Duration) async {
        // True when the task ended first, false when the grace period did.
        let gate = OutcomeGate<Bool>()
        let timer = Task {
            try? await Task.sleep(for: grace)
            gate.resolve(false)
        }
        Task {
            await task.value
            gate.resolve(true)
            timer.cancel()
        }
        if await !gate.wait() { task.cancel() }
    }
}
