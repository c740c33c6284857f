import DequeModule
/// A bounded set of long-lived worker tasks that pull runs from one queue and run them
/// on the worker's own task (``TaskExecutor``).
///
/// A task per run tops out at a few hundred thousand runs per second; workers that pull
/// from a queue reach millions, and their number is the executor's concurrency limit.
final class WorkerPool: Sendable {
    private struct State {
        var queue: Deque<JobRun> = []
        /// Workers waiting for a run, under their keys.
        var idle = Waiters<JobRun?>()
        var workers = 0
        var nextWorker = 0
        var tasks: [Int: Task<Void, Never>] = [:]
        var shuttingDown = false
        var drainWaiters = Waiters<Void>()
    }

    private let state = Lock(State())
    private let maxWorkers: Int
    /// Writes the ends of runs and finishes them, so that a worker goes on to its next run at once.
    private let ended = RunEndBatcher()

    init(maxWorkers: Int) {
        self.maxWorkers = max(1, maxWorkers)
    }

    func submit(_ runs: [JobRun]) {
        var handed: [(Wakeup<JobRun?>, JobRun)] = []
        state.withLock { state in
            for run in runs {
                if let idle = state.idle.popLast() {
                    handed.append((idle.wakeup, run))
                } else if state.workers < maxWorkers {
                    state.workers += 1
                    state.nextWorker += 1
                    let key = state.nextWorker
                    // Stored under the lock, so the worker cannot retire before its handle is kept.
                    state.tasks[key] = Task { await self.work(key: key, first: run) }
                } else {
                    state.queue.append(run)
                }
            }
        }
        for (waiter, run) in handed { waiter.resume(returning: run) }
    }

    private func work(key: Int, first: JobRun) async {
        var run: JobRun? = first
        while let current = run {
            ended.add(current, record: await current.run(using: InlineInvoker()))
            run = await next(key: key)
        }
    }

    private func next(key: Int) async -> JobRun? {
        if let run = state.withLock({ $0.queue.popFirst() }) { return run }
        // Written out rather than through `Lock.wait`: this is the hot path of every run
        // that finds the queue empty, and the helper's closure (which must hand the drain
        // waiters out) cost about a fifth of W3 task_async's throughput (446k -> 356k jobs/s).
        return await withCheckedContinuation { (continuation: CheckedContinuation<JobRun?, Never>) in
            let (run, drained) = state.withLock { state -> (JobRun??, Wakeups<Void>) in
                if let run = state.queue.popFirst() { return (.some(run), .none) }
                if state.shuttingDown || Task.isCancelled { return (.some(nil), retire(key, &state)) }
                state.idle.append(continuation, key: key)
                return (nil, .none)
            }
            if let run { continuation.resume(returning: run) }
            drained.resume()
        }
    }

    /// Removes a worker; returns the drain waiters to resume when it was the last.
    private func retire(_ key: Int, _ state: inout State) -> Wakeups<Void> {
        state.workers -= 1
        state.tasks[key] = nil
        guard state.workers == 0 else { return .none }
        return state.drainWaiters.takeAll()
    }

    func shutdown(cancelRunning: Bool) async {
        let (dropped, tasks) = state.withLock { state -> ([JobRun], [Task<Void, Never>]) in
            state.shuttingDown = true
            while let (key, waiter) = state.idle.popLast() {
                state.workers -= 1
                state.tasks[key] = nil
                waiter.resume(returning: nil)
            }
            guard cancelRunning else { return ([], []) }
            defer { state.queue = [] }
            return (Array(state.queue), Array(state.tasks.values))
        }
        for run in dropped { await run.reportDropped() }
        for task in tasks { task.cancel() }
        await ended.waitUntilStill(noWorkers: waitUntilNoWorkers, hasWorkers: { state.withLock { $0.workers > 0 } })
    }

    private func waitUntilNoWorkers() async {
        await state.wait { state, continuation in
            if state.workers <= 0 { return () }
            state.drainWaiters.append(continuation)
            return nil
        }
    }
}
