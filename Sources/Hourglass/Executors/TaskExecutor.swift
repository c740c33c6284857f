/// Runs async handlers on Swift concurrency, at most ``maxConcurrentRuns`` at once.
///
/// Runs are pulled by long-lived worker tasks, started on the first submission. A
/// blocking handler given to this executor blocks one of Swift's few cooperative
/// threads while it runs; give such handlers a ``BlockingExecutor``.
public final class TaskExecutor: JobExecutor {
    private let pool: WorkerPool

    /// The most runs going at once.
    public let maxConcurrentRuns: Int

    /// An executor that runs up to `maxConcurrentRuns` runs at once (default 100).
    public init(maxConcurrentRuns: Int = 100) {
        self.maxConcurrentRuns = max(1, maxConcurrentRuns)
        pool = WorkerPool(maxWorkers: self.maxConcurrentRuns)
    }

    public func submit(_ runs: [JobRun]) {
        pool.submit(runs)
    }

    public func shutdown(cancelRunning: Bool) async {
        await pool.shutdown(cancelRunning: cancelRunning)
    }
}
