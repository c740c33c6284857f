import Logging
import Synchronization

/// Writes the ends of runs to one store's history. For a persistent store, several at a
/// time: while one write is under way, the records that arrive wait and go together in
/// the next. A memory store takes each record at once. Each caller returns once its
/// record is written (or the write failed and was logged).
final class HistoryWriter: Sendable {
    private struct State {
        var pending: [RunRecord] = []
        var waiters: [CheckedContinuation<Void, Never>] = []
        var isWriting = false
    }

    private let store: any JobStore
    /// The store when it is a memory store, which takes a record without an array or a suspension.
    private let memoryStore: MemoryJobStore?
    private let storeName: String
    private let logger: Logger
    private let state = Mutex(State())

    init(store: any JobStore, storeName: String, logger: Logger) {
        self.store = store
        memoryStore = store as? MemoryJobStore
        self.storeName = storeName
        self.logger = logger
    }

    /// Writes `record`; returns when it is in the store.
    func write(_ record: RunRecord) async {
        if let memoryStore {
            memoryStore.record(record)
            return
        }
        guard store.isPersistent else {
            await write([record])
            return
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let leads = state.withLock { state -> Bool in
                state.pending.append(record)
                state.waiters.append(continuation)
                guard !state.isWriting else { return false }
                state.isWriting = true
                return true
            }
            if leads { Task { await self.drain() } }
        }
    }

    /// Writes batches until nothing is pending.
    private func drain() async {
        while true {
            let (batch, waiters) = state.withLock { state -> ([RunRecord], [CheckedContinuation<Void, Never>]) in
                defer {
                    state.pending = []
                    state.waiters = []
                }
                if state.pending.isEmpty { state.isWriting = false }
                return (state.pending, state.waiters)
            }
            if batch.isEmpty { return }
            await write(batch)
            for waiter in waiters { waiter.resume() }
        }
    }

    private func write(_ batch: [RunRecord]) async {
        do {
            try await store.record(batch)
        } catch {
            logger.error(
                "run history not written; the runs stay recorded as running",
                metadata: [
                    "job.store": .string(storeName), "history.records": .stringConvertible(batch.count),
                    "error.message": .string("\(error)"),
                ])
        }
    }
}
