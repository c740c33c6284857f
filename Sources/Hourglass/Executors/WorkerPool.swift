import DequeModule
import Synchronization

/// A bounded set of long-lived worker tasks that pull runs from one queue and run them
/// on the worker's own task (``TaskExecutor``).
///
/// A task per run tops out at a few hundred thousand runs per second; workers that pull
/// from a queue reach millions, and their number is the executor's concurrency limit.
final class WorkerPool: Sendable {
    private struct State {
        var queue: Deque<JobRun> = []
        var idle: [(key: Int, waiter: CheckedContinuation<JobRun?, Never>)] = []
        var workers = 0
        var nextWorker = 0
        var tasks: [Int: Task<Void, Never>] = [:]
        var shuttingDown = false
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let maxWorkers: Int
    /// Writes the ends of runs and finishes them, so that a worker goes on to its next run at once.
    private let ended = RunEndBatcher()

    init(maxWorkers: Int) {
        self.maxWorkers = max(1, maxWorkers)
    }

    func submit(_ runs: [JobRun]) {
        var handed: [(CheckedContinuation<JobRun?, Never>, JobRun)] = []
        state.withLock { state in
            for run in runs {
                if let idle = state.idle.popLast() {
                    handed.append((idle.waiter, run))
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
        return await withCheckedContinuation { (continuation: CheckedContinuation<JobRun?, Never>) in
            let (run, drained) = state.withLock { state -> (JobRun??, [CheckedContinuation<Void, Never>]) in
                if let run = state.queue.popFirst() { return (.some(run), []) }
                if state.shuttingDown || Task.isCancelled { return (.some(nil), retire(key, &state)) }
                state.idle.append((key, continuation))
                return (nil, [])
            }
            if let run { continuation.resume(returning: run) }
            for waiter in drained { waiter.resume() }
        }
    }

    /// Removes a worker; returns the drain waiters to resume when it was the last.
    private func retire(_ key: Int, _ state: inout State) -> [CheckedContinuation<Void, Never>] {
        state.workers -= 1
        state.tasks[key] = nil
        guard state.workers == 0 else { return [] }
        defer { state.drainWaiters = [] }
        return state.drainWaiters
    }

    func shutdown(cancelRunning: Bool) async {
        let (dropped, tasks) = state.withLock { state -> ([JobRun], [Task<Void, Never>]) in
            state.shuttingDown = true
            let idle = state.idle
            state.idle = []
            state.workers -= idle.count
            for (key, waiter) in idle {
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
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.workers <= 0 { return true }
                state.drainWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
