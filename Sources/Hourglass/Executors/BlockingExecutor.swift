import DequeModule
/// Runs blocking handlers on a bounded pool of dedicated threads, so that blocking code
/// never holds one of Swift's cooperative threads.
///
/// A blocking run without a timeout, retry or jitter goes from start to end on one
/// thread, with its events and listeners; the thread then takes the next queued run. Async
/// handlers given to it run on Swift concurrency, counted against the same limit. A
/// blocking handler that times out is told so through ``JobContext/isCancelled``; its
/// thread is busy until the handler returns, as no thread can be stopped from outside.
public final class BlockingExecutor: JobExecutor {
    /// A place among the runs going at once is held by a worker: a thread that runs plain
    /// blocking runs (see `JobRun.plainBlockingBody`) from start to end, one after the
    /// other, or a task for every other run (async bodies, timeouts, retries, jitter),
    /// whose blocking bodies go to the threads. A worker takes the next queued run when
    /// its run ends, handing its place to the other kind when the run needs it.
    private struct State {
        var queue: Deque<JobRun> = []
        var workers = 0
        var nextTaskKey = 0
        var tasks: [Int: Task<Void, Never>] = [:]
        var idleWaiters = Waiters<Void>()
    }

    /// What a worker does next.
    private enum Next {
        case onThread(JobRun, @Sendable (JobContext) throws -> Void)
        case onTask(JobRun)
        /// Nothing: the worker retired, or a new task took its place.
        case stop
    }

    private let state = Lock(State())
    private let threads: ThreadPool
    private let ended = RunEndBatcher()

    /// The number of threads, and so the most blocking runs going at once.
    public let threadCount: Int

    /// An executor with `threadCount` threads (default 8), started on first use.
    public init(threadCount: Int = 8) {
        self.threadCount = max(1, threadCount)
        threads = ThreadPool(threadCount: self.threadCount)
    }

    public func submit(_ runs: [JobRun]) {
        let onThreads = state.withLock { state -> [(JobRun, @Sendable (JobContext) throws -> Void)] in
            state.queue.append(contentsOf: runs)
            var onThreads: [(JobRun, @Sendable (JobContext) throws -> Void)] = []
            while state.workers < threadCount, let run = state.queue.popFirst() {
                state.workers += 1
                if let body = run.plainBlockingBody {
                    onThreads.append((run, body))
                } else {
                    startTask(with: run, in: &state)
                }
            }
            return onThreads
        }
        for (run, body) in onThreads { threads.perform { self.work(first: run, body) } }
    }

    /// Starts a task worker for `run` in a place already counted.
    private func startTask(with run: JobRun, in state: inout State) {
        state.nextTaskKey += 1
        let key = state.nextTaskKey
        // Stored under the lock, so the worker cannot retire before its handle is kept.
        state.tasks[key] = Task { await self.work(key: key, first: run) }
    }

    /// A thread worker: runs plain blocking runs until the queue is empty or holds another kind.
    private func work(first: JobRun, _ firstBody: @Sendable (JobContext) throws -> Void) {
        var run = first
        var body = firstBody
        while true {
            ended.add(run, record: run.executeOnThread(body))
            guard case .onThread(let nextRun, let nextBody) = next(afterTask: nil) else { return }
            run = nextRun
            body = nextBody
        }
    }

    /// A task worker: runs until the queue is empty or holds a plain blocking run.
    private func work(key: Int, first: JobRun) async {
        let invoker = ThreadInvoker(threads: threads)
        var run = first
        while true {
            ended.add(run, record: await run.run(using: invoker))
            switch next(afterTask: key) {
            case .onTask(let nextRun): run = nextRun
            case .onThread(let nextRun, let body):
                threads.perform { self.work(first: nextRun, body) }
                return
            case .stop: return
            }
        }
    }

    /// The next queued run for a worker whose run ended (`afterTask`: the key of a task
    /// worker; nil for a thread). A thread worker that finds a run for a task starts one
    /// in its place; a worker that finds nothing retires.
    private func next(afterTask key: Int?) -> Next {
        let (next, waiters) = state.withLock { state -> (Next, Wakeups<Void>) in
            guard let run = state.queue.popFirst() else {
                state.workers -= 1
                if let key { state.tasks[key] = nil }
                guard state.workers == 0 else { return (.stop, .none) }
                return (.stop, state.idleWaiters.takeAll())
            }
            if let body = run.plainBlockingBody {
                if let key { state.tasks[key] = nil }
                return (.onThread(run, body), .none)
            }
            if key != nil { return (.onTask(run), .none) }
            startTask(with: run, in: &state)
            return (.stop, .none)
        }
        waiters.resume()
        return next
    }

    public func shutdown(cancelRunning: Bool) async {
        if cancelRunning {
            let (dropped, tasks) = state.withLock { state -> ([JobRun], [Task<Void, Never>]) in
                defer { state.queue = [] }
                return (Array(state.queue), Array(state.tasks.values))
            }
            for run in dropped { await run.reportDropped() }
            for task in tasks { task.cancel() }
        }
        await ended.waitUntilStill(noWorkers: waitUntilNoWorkers, hasWorkers: { state.withLock { $0.workers > 0 } })
        threads.stop()
    }

    private func waitUntilNoWorkers() async {
        await state.wait { state, continuation in
            guard state.workers > 0 else { return () }
            state.idleWaiters.append(continuation)
            return nil
        }
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
                        try context.call(blocking: function)
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        }
    }
}
