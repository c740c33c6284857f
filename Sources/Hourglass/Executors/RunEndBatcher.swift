/// Finishes, in batches on one task, the runs whose bodies have ended: writes their
/// history records (one write per store), then frees their places in the concurrency
/// ``RunsInFlight`` and submits the runs that waited for them. A run counts as finished only once
/// its record is written. The worker that ran it, a thread or a task, goes on to its next
/// run at once: waiting for each record cost a suspension and a resumption per run. One
/// per executor, for its lifetime.
final class RunEndBatcher: Sendable {
    /// The runs whose bodies have ended, with the records of their ends, until their batch
    /// is finished. Runs and records are kept apart, so that a batch's records go to their
    /// history as they are when they share one (the usual case), without a copy of each.
    private struct Batch {
        var runs: [JobRun] = []
        var records: [RunRecord] = []
        /// Where each of ``records`` is written.
        var histories: [HistoryWriter] = []
    }

    private struct State {
        var ended = Batch()
        var isFinishing = false
        var idleWaiters = Waiters<Void>()
    }

    private let state = Lock(State())

    /// Takes a run whose body has ended, with the record of its end (nil without history).
    func add(_ run: JobRun, record: RunRecord?) {
        let starts = state.withLock { state -> Bool in
            state.ended.runs.append(run)
            if let record, let history = run.history {
                state.ended.records.append(record)
                state.ended.histories.append(history)
            }
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
            let (batch, waiters) = state.withLock { state -> (Batch, Wakeups<Void>) in
                defer { state.ended = Batch() }
                guard state.ended.runs.isEmpty else { return (state.ended, .none) }
                state.isFinishing = false
                return (Batch(), state.idleWaiters.takeAll())
            }
            guard !batch.runs.isEmpty else {
                waiters.resume()
                return
            }
            await finish(batch)
        }
    }

    /// Writes the batch's records, then frees the runs' places. When the batch's runs share
    /// one history and one scheduler (the usual case), its arrays go as they are, with no
    /// copy of each run and record into groups.
    private func finish(_ batch: Batch) async {
        for (history, records) in Self.grouped(batch.records, by: batch.histories) {
            await history.write(records: records)
        }
        let runsInFlight = batch.runs.map(\.environment.runsInFlight)
        for (runsInFlight, runs) in Self.grouped(batch.runs, by: runsInFlight) {
            for next in runsInFlight.finish(runs) { next.executor.submit([next]) }
        }
    }

    /// `values` split by the object each has in `keys` (its own place there), in order of
    /// first appearance; `values` whole when they share one. There are as many groups as
    /// stores or schedulers: usually one.
    private static func grouped<Value, Object: AnyObject>(_ values: [Value], by keys: [Object]) -> [(Object, [Value])] {
        guard let first = keys.first else { return [] }
        if keys.allSatisfy({ $0 === first }) { return [(first, values)] }
        var groups: [(object: Object, members: [Value])] = []
        for (value, object) in zip(values, keys) {
            if let index = groups.firstIndex(where: { $0.object === object }) {
                groups[index].members.append(value)
            } else {
                groups.append((object, [value]))
            }
        }
        return groups.map { ($0.object, $0.members) }
    }
}
