/// Finishes, in batches on one task, the runs whose bodies have ended: writes their
/// history records (one write per store), then frees their places in the concurrency
/// ``RunsInFlight`` and submits the runs that waited for them. A run counts as finished only once
/// its record is written. The worker that ran it, a thread or a task, goes on to its next
/// run at once: waiting for each record cost a suspension and a resumption per run. One
/// per executor, for its lifetime.
final class RunEndBatcher: Sendable {
    /// A run whose body has ended, with its record, until its batch is finished.
    private struct Ended {
        let run: JobRun
        let record: RunRecord?
    }

    private struct State {
        var ended: [Ended] = []
        var isFinishing = false
        var idleWaiters = Waiters<Void>()
    }

    private let state = Lock(State())

    /// Takes a run whose body has ended, with the record of its end (nil without history).
    func add(_ run: JobRun, record: RunRecord?) {
        let starts = state.withLock { state -> Bool in
            state.ended.append(Ended(run: run, record: record))
            guard !state.isFinishing else { return false }
            state.isFinishing = true
            return true
        }
        if starts { Task { await self.finishAll() } }
    }

    /// Returns once an executor is still: `noWorkers` has returned (its workers are gone)
    /// and every run they handed over is finished. A finished run can submit one that
    /// waited for it, which starts a worker again, so both are checked until they hold
    /// together (`hasWorkers` false).
    func waitUntilStill(noWorkers: () async -> Void, hasWorkers: () -> Bool) async {
        repeat {
            await noWorkers()
            await waitUntilEmpty()
        } while hasWorkers()
    }

    /// Returns once every run added so far is finished.
    private func waitUntilEmpty() async {
        await state.wait { state, continuation in
            guard state.isFinishing else { return () }
            state.idleWaiters.append(continuation)
            return nil
        }
    }

    private func finishAll() async {
        while true {
            let (batch, waiters) = state.withLock { state -> ([Ended], Wakeups<Void>) in
                defer { state.ended = [] }
                guard state.ended.isEmpty else { return (state.ended, .none) }
                state.isFinishing = false
                return ([], state.idleWaiters.takeAll())
            }
            guard !batch.isEmpty else {
                waiters.resume()
                return
            }
            await finish(batch)
        }
    }

    private func finish(_ batch: [Ended]) async {
        for (history, ended) in Self.grouped(batch, by: { $0.run.history }) {
            await history.write(records: ended.compactMap(\.record))
        }
        for (runsInFlight, ended) in Self.grouped(batch, by: { $0.run.environment.runsInFlight }) {
            for next in runsInFlight.finish(ended.map(\.run)) { next.executor.submit([next]) }
        }
    }

    /// `batch` split by the object `key` gives (runs without one left out), in order of
    /// first appearance. There are as many groups as stores or schedulers: usually one, and
    /// then the batch itself is the group, as copying every run and record into a group
    /// took 5% of the CPU of a burst of 50,000 runs (W3).
    private static func grouped<Object: AnyObject>(_ batch: [Ended], by key: (Ended) -> Object?) -> [(Object, [Ended])] {
        if let first = batch.first.flatMap(key), batch.indices.allSatisfy({ key(batch[$0]) === first }) {
            return [(first, batch)]
        }
        var groups: [(object: Object, members: [Ended])] = []
        for ended in batch {
            guard let object = key(ended) else { continue }
            if let index = groups.firstIndex(where: { $0.object === object }) {
                groups[index].members.append(ended)
            } else {
                groups.append((object, [ended]))
            }
        }
        return groups.map { ($0.object, $0.members) }
    }
}
