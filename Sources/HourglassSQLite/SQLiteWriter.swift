import Dispatch
import Foundation
import GRDB
import GRDBSQLite
import Hourglass
import Synchronization

/// Runs a store's write transactions, one at a time, on the cheapest thread that cannot
/// make Swift's cooperative threads wait.
///
/// A transaction runs on the calling thread when nothing can make it wait: no other write
/// is running or queued, commits are not synced to the disk (`synchronous = NORMAL`), and
/// no other process holds the file's write lock. Such a transaction costs some
/// microseconds of CPU and a write to the page cache, less than the two thread hand-offs
/// of running it elsewhere and resuming the caller. Every transaction that may wait runs
/// on the writer's own queue: one that finds the file locked (it then waits up to the busy
/// timeout), and all of them when each commit is synced to the disk. The WAL checkpoints,
/// which sync the file, replace SQLite's automatic ones and run on queues too (see
/// `checkpointIfDue`).
///
/// Measured (issue 18): with GRDB's `DatabasePool.write` for every write, SQLite's busy
/// timeout and automatic checkpoints instead, W5's one-at-a-time adds on tmpfs used 2.6x
/// the CPU (1.8-3.3x over 5 alternating pairs of whole runs) and made half as many adds a
/// second; `batch_add` used 1.15x the CPU, and the dispatch burst moved within the noise.
final class SQLiteWriter: Sendable {
    /// The store's connections.
    let pool: DatabasePool
    private let signals: Signals
    private let lock = Mutex(())
    private let queue = DispatchQueue(label: "hourglass.sqlite.writer")
    private let runsOnCaller: Bool
    /// Writes (and final checkpoint steps) queued on `queue` and not yet finished. While
    /// there are any, callers queue too, so that a caller never waits for one of them.
    private let queued = Atomic(0)
    private let path: String
    /// The connection that runs checkpoints, opened at the first one, and its queue.
    private let checkpointer = Mutex<DatabaseQueue?>(nil)
    private let checkpointQueue = DispatchQueue(label: "hourglass.sqlite.checkpoint")
    private let checkpointPending = Atomic(false)

    /// The WAL size, in pages, from which a checkpoint copies it back into the file.
    /// SQLite's own automatic checkpoints use the same default.
    static let checkpointPages = 1000
    /// The WAL size, in pages, at which writes stop running on callers and each one, on
    /// the queue, copies the WAL back itself: the bound when queued checkpoints lag behind
    /// (a loaded machine starves their thread).
    static let checkpointPagesLimit = 2 * checkpointPages

    /// What the writer connection's callbacks, set up before the writer exists, report to it.
    private final class Signals: Sendable {
        /// True while a transaction runs on a caller's thread: a locked file then fails it
        /// at once, and it runs again on the queue.
        let onCaller = Atomic(false)
        /// The WAL's size in pages after the last commit.
        let walPages = Atomic(0)
    }

    /// Opens the file's connections.
    ///
    /// - Parameters:
    ///   - busyTimeout: how long a write on the queue waits for another process's write
    ///     lock. (Readers wait GRDB's own 10 seconds, which only a WAL recovery needs.)
    ///   - syncEveryCommit: commits are synced to the disk, so every write runs on the queue.
    init(path: String, busyTimeout: Duration, syncEveryCommit: Bool) throws {
        let signals = Signals()
        var options = GRDB.Configuration()
        options.busyMode = .callback { tries in
            if signals.onCaller.load(ordering: .acquiring) { return false }
            guard let delay = Self.busyDelay(beforeRetry: tries, timeout: busyTimeout) else { return false }
            Thread.sleep(forTimeInterval: IntervalTrigger.seconds(delay))
            return true
        }
        options.prepareDatabase { database in
            guard !database.configuration.readonly else { return }
            // The hook replaces SQLite's automatic checkpoints. `signals` outlives the
            // connection: this closure, which holds it, stays in the connection's configuration.
            sqlite3_wal_hook(
                database.sqliteConnection,
                { context, _, _, pages in
                    guard let context else { return SQLITE_OK }
                    Unmanaged<Signals>.fromOpaque(context).takeUnretainedValue()
                        .walPages.store(Int(pages), ordering: .relaxed)
                    return SQLITE_OK
                },
                Unmanaged.passUnretained(signals).toOpaque())
        }
        pool = try DatabasePool(path: path, configuration: options)
        self.path = path
        self.signals = signals
        runsOnCaller = !syncEveryCommit
    }

    /// Runs `work` in a write transaction and commits it.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if runsOnCaller, queued.load(ordering: .acquiring) == 0, signals.walPages.load(ordering: .relaxed) < Self.checkpointPagesLimit,
            let result = try writeOnCallerIfFree(work)
        {
            return result
        }
        return try await writeOnQueue(work)
    }

    /// Runs `work` in an immediate transaction and commits it, rolling back if it throws:
    /// GRDB's `write`, but with `BEGIN` and `COMMIT` prepared once per connection rather
    /// than parsed on every call, which costs a tenth of a one-row write. (A statement
    /// that fails leaves GRDB's cache and is prepared again next time.)
    private static func transaction<T>(_ database: Database, _ work: (Database) throws -> T) throws -> T {
        try database.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
        do {
            let result = try work(database)
            try database.cachedStatement(sql: "COMMIT TRANSACTION").execute()
            return result
        } catch {
            try? database.rollback()
            throw error
        }
    }

    /// Writes queued and not yet finished, for tests.
    var queuedCount: Int { queued.load(ordering: .acquiring) }

    /// Whether a checkpoint is queued or running, for tests.
    var isCheckpointPending: Bool { checkpointPending.load(ordering: .acquiring) }

    /// Runs `work` on this thread if no other write holds the writer and the file is not
    /// locked by another process; nil if it did not run.
    private func writeOnCallerIfFree<T: Sendable>(_ work: (Database) throws -> T) throws -> T? {
        let outcome: T?? = try lock.withLockIfAvailable { _ throws -> T? in
            signals.onCaller.store(true, ordering: .releasing)
            defer { signals.onCaller.store(false, ordering: .releasing) }
            do {
                return try pool.writeWithoutTransaction { database in try Self.transaction(database, work) }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                return nil
            }
        }
        checkpointIfDue()
        return outcome ?? nil
    }

    private func writeOnQueue<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        queued.add(1, ordering: .acquiringAndReleasing)
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                let result = Result {
                    try lock.withLock { _ in
                        defer { checkpointIfOverLimit() }
                        return try pool.writeWithoutTransaction { database in try Self.transaction(database, work) }
                    }
                }
                queued.subtract(1, ordering: .acquiringAndReleasing)
                continuation.resume(with: result)
                checkpointIfDue()
            }
        }
    }

    /// Queues a checkpoint once the WAL has grown past ``checkpointPages``, unless one is
    /// already queued. It copies the WAL back into the file as SQLite's automatic checkpoint
    /// would (passive: readers and their snapshots are left alone, and what they hold back is
    /// copied by a later one), in two steps: the bulk from a connection of its own while
    /// writes go on, then what they added meanwhile from the writer's queue with the writer
    /// held, which lets the next write start the WAL over. (A checkpoint that always runs
    /// beside writes never catches up with them, and the WAL would grow without end.)
    private func checkpointIfDue() {
        guard signals.walPages.load(ordering: .relaxed) >= Self.checkpointPages,
            checkpointPending.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        // A failed checkpoint loses nothing: the WAL keeps every commit and the next one copies it.
        checkpointQueue.async { [self] in
            _ = try? checkpointer.withLock { connection in
                if connection == nil { connection = try DatabaseQueue(path: path) }
                return try connection?.writeWithoutTransaction { database in try database.checkpoint(.passive) }
            }
            queued.add(1, ordering: .acquiringAndReleasing)
            queue.async { [self] in
                lock.withLock { _ in
                    _ = try? pool.writeWithoutTransaction { database in try database.checkpoint(.passive) }
                }
                signals.walPages.store(0, ordering: .relaxed)
                checkpointPending.store(false, ordering: .releasing)
                queued.subtract(1, ordering: .acquiringAndReleasing)
            }
        }
    }

    /// Copies the WAL back now, the writer held, if it has grown to ``checkpointPagesLimit``
    /// (a queued checkpoint that runs meanwhile finds nothing left, or fails and is dropped).
    private func checkpointIfOverLimit() {
        guard signals.walPages.load(ordering: .relaxed) >= Self.checkpointPagesLimit else { return }
        if (try? pool.writeWithoutTransaction({ database in try database.checkpoint(.passive) })) != nil {
            signals.walPages.store(0, ordering: .relaxed)
        }
    }

    /// Holds queued checkpoints back until the returned function is called: for tests of
    /// the bound when they lag.
    func holdQueuedCheckpoints() -> @Sendable () -> Void {
        let held = DispatchSemaphore(value: 0)
        checkpointQueue.async { held.wait() }
        return { held.signal() }
    }

    /// How long to sleep before retry number `tries + 1` of a locked file: SQLite's own busy
    /// timeout steps (1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, then 100 ms), cut to what is
    /// left of `timeout`; nil once `timeout` is used up.
    static func busyDelay(beforeRetry tries: Int, timeout: Duration) -> Duration? {
        let steps = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100]
        let step = { (index: Int) in Duration.milliseconds(steps[min(index, steps.count - 1)]) }
        var slept = Duration.zero
        for index in 0..<max(0, tries) { slept += step(index) }
        let left = timeout - slept
        guard left > .zero else { return nil }
        return min(step(tries), left)
    }
}
