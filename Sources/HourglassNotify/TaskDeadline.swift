import Synchronization

/// Waiting for a task with a deadline.
enum TaskDeadline {
    /// Returns when `task` has ended, or after `grace` (then `task` is cancelled, and not
    /// waited for: a notifier that ignores cancellation cannot hold up a shutdown).
    static func wait(for task: Task<Void, Never>, upTo grace: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = ResumeOnce(continuation)
            let timer = Task {
                try? await Task.sleep(for: grace)
                if once.resume() { task.cancel() }
            }
            Task {
                await task.value
                timer.cancel()
                once.resume()
            }
        }
    }
}

/// A continuation that the first of several tasks resumes.
private final class ResumeOnce: Sendable {
    private let continuation: Mutex<CheckedContinuation<Void, Never>?>

    init(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = Mutex(continuation)
    }

    /// Resumes it if nobody did; returns whether this call did.
    @discardableResult
    func resume() -> Bool {
        guard let continuation = continuation.withLock({ $0.take() }) else { return false }
        continuation.resume()
        return true
    }
}
