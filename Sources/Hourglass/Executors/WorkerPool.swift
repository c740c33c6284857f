import DequeModule
/// A bounded set of long-lived worker tasks that pull runs from one queue and run them
/// on the worker's own task (``TaskExecutor``).
///
/// A task per run tops out at a few hundred thousand runs per second; workers that pull
/// from a queue reach millions, and their number is the executor's concurrency limit.
final class WorkerPool: Sendable {
    private struct State {
        var queue: Deque<JobRun> = []
        /// Workers waiting for runs, under their keys: resumed with true to look at the
        /// queue, with false to retire.
        var idle = Waiters<Bool>()
        /// The key of the worker called (woken or started) that has not looked at the queue
        /// yet. While one is on its way no other is called, so that a batch of runs wakes
        /// workers one after another as each finds more runs waiting, not all at once.
        var workerOnTheWay: Int?
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
        let wakeup = state.withLock { state in
            state.queue.append(contentsOf: runs)
            return callWorker(&state)
        }
        wakeup?.resume(returning: true)
    }

    /// Under the lock: when runs wait and no worker is on its way to them, calls one: an
    /// idle worker (returned, to resume once the lock is released) or a new one, up to the
    /// limit.
    ///
    /// Calling one worker at a time, rather than one per waiting run, keeps the scheduler's
    /// loop from queueing behind up to 100 woken workers on the cooperative pool while it
    /// plans the next batch, and wakes no worker that would find the queue already drained.
    /// W3 task_async, median makespan of pairs in turn against handing each run to its own
    /// worker: 50k jobs 0.117 -> 0.110 s (8 pairs) and 0.120 -> 0.114 s (12 pairs); 10k
    /// jobs 0.030 -> 0.028 s (12 pairs); W4 lateness unchanged.
    private func callWorker(_ state: inout State) -> Wakeup<Bool>? {
        guard !state.queue.isEmpty, state.workerOnTheWay == nil else { return nil }
        if let idle = state.idle.popLast() {
            state.workerOnTheWay = idle.key
            return idle.wakeup
        }
        guard state.workers < maxWorkers else { return nil }
        state.workers += 1
        state.nextWorker += 1
        let key = state.nextWorker
        state.workerOnTheWay = key
        // Stored under the lock, so the worker cannot retire before its handle is kept.
        state.tasks[key] = Task { await self.work(key: key) }
        return nil
    }

    private func work(key: Int) async {
        while true {
            let (run, wakeup) = state.withLock { state -> (JobRun?, Wakeup<Bool>?) in
                if state.workerOnTheWay == key { state.workerOnTheWay = nil }
                guard let run = state.queue.popFirst() else { return (nil, nil) }
                return (run, callWorker(&state))
            }
            wakeup?.resume(returning: true)
            if let run {
                ended.add(run, record: await run.run(using: InlineInvoker()))
            } else {
                guard await waitForCall(key: key) else { return }
            }
        }
    }

    /// Waits, idle, until the worker is called (true) or retired (false).
    private func waitForCall(key: Int) async -> Bool {
        // Written out rather than through `Lock.wait`: this is the hot path of every run
        // that finds the queue empty, and the helper's closure (which must hand the drain
        // waiters out) cost about a fifth of W3 task_async's throughput (446k -> 356k jobs/s).
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let (answer, drained) = state.withLock { state -> (Bool?, Wakeups<Void>) in
                if !state.queue.isEmpty { return (true, .none) }
                if state.shuttingDown || Task.isCancelled { return (false, retire(key, &state)) }
                state.idle.append(continuation, key: key)
                return (nil, .none)
            }
            if let answer { continuation.resume(returning: answer) }
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
                waiter.resume(returning: false)
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
