/// Runs blocking handlers on a bounded pool of dedicated threads, so that blocking code
/// never holds one of Swift's cooperative threads.
///
/// Async handlers given to it run on Swift concurrency, counted against the same limit.
/// A blocking handler that times out is told so through ``JobContext/isCancelled``; its
/// thread is busy until the handler returns, as no thread can be stopped from outside.
public final class BlockingExecutor: JobExecutor {
    private let threads: ThreadPool
    private let pool: WorkerPool<ThreadInvoker>

    /// The number of threads, and so the most blocking runs going at once.
    public let threadCount: Int

    /// An executor with `threadCount` threads (default 8), started on first use.
    public init(threadCount: Int = 8) {
        self.threadCount = max(1, threadCount)
        threads = ThreadPool(threadCount: self.threadCount)
        pool = WorkerPool(maxWorkers: self.threadCount, invoker: ThreadInvoker(threads: threads))
    }

    public func submit(_ runs: [JobRun]) {
        pool.submit(runs)
    }

    public func shutdown(cancelRunning: Bool) async {
        await pool.shutdown(cancelRunning: cancelRunning)
        threads.stop()
    }
}

/// Calls blocking bodies on the thread pool and waits for them without blocking a task's thread.
struct ThreadInvoker: BodyInvoker {
    let threads: ThreadPool

    func invoke(_ body: JobBody, _ context: JobContext) async throws {
        switch body {
        case .async(let function):
            try await function(context)
        case .blocking(let function):
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                threads.perform {
                    do {
                        try function(context)
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        }
    }
}
