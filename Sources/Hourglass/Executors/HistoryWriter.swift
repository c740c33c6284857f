import Foundation
import Logging
import Metrics

/// Writes the ends of runs to one store's history. For a persistent store, several at a
/// time: while one write is under way, the records that arrive wait and go together in
/// the next. A memory store takes each record at once. Each caller returns once its
/// record is written, or after a failed attempt: a failed batch is kept and written again
/// after pauses that double (a database restart loses no record), for up to
/// ``retryWindow`` and at most ``maximumPending`` records.
/// One per store of a scheduler, from when the store is added until it is removed.
final class HistoryWriter: Sendable {
    private struct State {
        var pending: [RunRecord] = []
        var waiters = Waiters<Void>()
        var isWriting = false
    }

    private let store: any JobStore
    /// The store when it is a memory store, which takes a record without an array or a suspension.
    private let memoryStore: MemoryJobStore?
    private let storeName: String
    private let logger: Logger
    private let clock: any SchedulerClock
    private let state = Lock(State())
    /// ``SchedulerMetricNames/storeErrors`` for this store's history writes; nil without a metrics backend.
    private let errors: Counter?

    /// How long a failed record is kept and tried again before it is dropped (and logged).
    static var retryWindow: Double { 300 }
    /// The most records kept while the store fails; the oldest beyond it are dropped.
    static var maximumPending: Int { 100_000 }
    /// The pauses between attempts: 0.25 s, doubling with each failure in a row, up to 5 s.
    static let retryBackoff = RetryPolicy(maxAttempts: .max, initialBackoff: .milliseconds(250), maximumBackoff: .seconds(5))

    init(store: any JobStore, storeName: String, logger: Logger, clock: any SchedulerClock, errors: Counter? = nil) {
        self.store = store
        memoryStore = store as? MemoryJobStore
        self.storeName = storeName
        self.logger = logger
        self.clock = clock
        self.errors = errors
    }

    /// Writes `record`; returns when it is in the store.
    func write(_ record: RunRecord) async {
        if let memoryStore {
            memoryStore.record(record)
            return
        }
        await write(records: [record])
    }

    /// Writes `records`; returns when they are in the store.
    func write(records: [RunRecord]) async {
        if let memoryStore {
            memoryStore.record(records)
            return
        }
        guard store.isPersistent else {
            if let error = await write(records) {
                errors?.increment()
                logger.error(
                    "run history not written", metadata: ["job.store": .string(storeName), "error.message": .string("\(error)")])
            }
            return
        }
        await state.wait { state, continuation in
            state.pending.append(contentsOf: records)
            state.waiters.append(continuation)
            if !state.isWriting {
                // The first writer starts the drain; the records that come meanwhile join the next batch.
                state.isWriting = true
                Task { await self.drain() }
            }
            return nil
        }
    }

    /// Writes batches until nothing is pending; after a failure, waits and tries again.
    private func drain() async {
        var failingSince: Date?
        var failures = 0
        while true {
            let (batch, waiters) = state.withLock { state -> ([RunRecord], Wakeups<Void>) in
                defer { state.pending = [] }
                if state.pending.isEmpty { state.isWriting = false }
                return (state.pending, state.waiters.takeAll())
            }
            if batch.isEmpty {
                waiters.resume()
                return
            }
            let error = await write(batch)
            // Counted before the writers go on, so that what they see next includes it.
            if error != nil { errors?.increment() }
            waiters.resume()
            guard let error else {
                failingSince = nil
                failures = 0
                continue
            }
            let now = clock.now()
            let since = failingSince ?? now
            failingSince = since
            failures += 1
            let givingUp = now.timeIntervalSince(since) >= Self.retryWindow
            if givingUp { failingSince = nil }
            let dropped = state.withLock { state -> Int in
                guard !givingUp else { return batch.count }
                state.pending.insert(contentsOf: batch, at: 0)
                let excess = max(0, state.pending.count - Self.maximumPending)
                state.pending.removeFirst(excess)
                return excess
            }
            logger.error(
                dropped > 0 ? "run history not written; records dropped" : "run history not written; trying again after a pause",
                metadata: [
                    "job.store": .string(storeName), "history.records": .stringConvertible(batch.count),
                    "history.dropped": .stringConvertible(dropped), "error.message": .string("\(error)"),
                ])
            let pause = IntervalTrigger.seconds(Self.retryBackoff.backoff(afterAttempt: failures))
            try? await clock.sleep(until: now.addingTimeInterval(pause))
        }
    }

    /// Writes a batch; returns the error if it failed.
    private func write(_ batch: [RunRecord]) async -> (any Error)? {
        do {
            try await store.record(batch)
            return nil
        } catch {
            return error
        }
    }
}
