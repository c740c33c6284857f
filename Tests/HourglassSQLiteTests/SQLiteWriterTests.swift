import Foundation
import Hourglass
import Testing

@testable import HourglassSQLite
import HourglassTestSupport

@Suite("The SQLite writer: where writes run, locks held elsewhere, checkpoints")
struct SQLiteWriterTests {
    typealias F = SchedulerFixture

    private static func job(_ id: String, name: String? = nil) throws -> Job {
        Job(
            id: JobID(id), name: name, trigger: try IntervalTrigger(every: .seconds(60), start: F.at(0)),
            target: .handler(name: "h", arguments: nil), nextRunTime: F.at(60))
    }

    @Test("writes that find the file locked by another process wait on the writer's queue, not on the cooperative threads, and go through once it is released")
    func lockedElsewhere() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        let store = try SQLiteJobStore.waiting(.seconds(30), path: path)
        let other = try await WriteLockHolder(path: path)
        // More writes than cooperative threads: had any waited on its caller's thread, the
        // threads would all be stuck until the busy timeout, and the wait below with them.
        let count = 2 * ProcessInfo.processInfo.activeProcessorCount + 2
        let adds = Task {
            try await withThrowingTaskGroup { group in
                for index in 0..<count {
                    group.addTask { _ = try await store.add(Self.job("job-\(index)"), onConflict: .fail) }
                }
                try await group.waitForAll()
            }
        }
        try await waitUntil("every write to wait on the writer's queue", timeout: .seconds(15)) {
            store.writer.queuedCount == count
        }
        #expect(try await other.jobCount() == 0)
        try await other.release()
        try await adds.value
        #expect(try await store.jobs(matching: JobFilter()).count == count)
        #expect(store.writer.queuedCount == 0)
    }

    @Test("concurrent writers all commit, whether they run on their own thread or on the queue")
    func concurrentWriters() async throws {
        let directory = TemporaryDirectory()
        let store = try SQLiteJobStore(path: directory.path("jobs.sqlite"))
        try await withThrowingTaskGroup { group in
            for task in 0..<16 {
                group.addTask {
                    for index in 0..<50 { _ = try await store.add(Self.job("job-\(task)-\(index)"), onConflict: .fail) }
                }
            }
            try await group.waitForAll()
        }
        let ids = Set(try await store.jobs(matching: JobFilter()).map(\.id.rawValue))
        #expect(ids.count == 800)
        #expect(ids.contains("job-15-49"))
    }

    @Test("the WAL is checkpointed as it grows, in place of SQLite's automatic checkpoints", arguments: [false, true])
    func checkpoints(syncEveryCommit: Bool) async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        var configuration = SQLiteJobStore.Configuration()
        configuration.syncEveryCommit = syncEveryCommit
        let store = try SQLiteJobStore(path: path, configuration: configuration)
        let name = String(repeating: "n", count: 2_000)
        let frameBytes = 4_096 + 24
        // Each add writes at least three pages (the row, the id index, the due index): 3,000
        // adds would grow an unchecked WAL past 9,000 frames.
        for index in 0..<3_000 { _ = try await store.add(Self.job("job-\(index)", name: name), onConflict: .fail) }
        try await waitUntil("the last checkpoint to finish") { !store.writer.isCheckpointPending }
        let walBytes = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? -1
        #expect(walBytes > 0)
        #expect(walBytes < 3 * SQLiteWriter.checkpointPages * frameBytes, "WAL of \(walBytes / frameBytes) frames")
        #expect(try await store.jobs(matching: JobFilter()).count == 3_000)
    }

    @Test("the WAL stays bounded while queued checkpoints lag: writes then copy it back themselves")
    func checkpointsLag() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("jobs.sqlite")
        let store = try SQLiteJobStore(path: path)
        let release = store.writer.holdQueuedCheckpoints()
        let name = String(repeating: "n", count: 2_000)
        let frameBytes = 4_096 + 24
        for index in 0..<3_000 { _ = try await store.add(Self.job("job-\(index)", name: name), onConflict: .fail) }
        let walBytes = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? -1
        release()
        #expect(walBytes > 0)
        #expect(walBytes < 3 * SQLiteWriter.checkpointPages * frameBytes, "WAL of \(walBytes / frameBytes) frames")
        try await waitUntil("the queued checkpoint to finish") { !store.writer.isCheckpointPending }
        #expect(try await store.jobs(matching: JobFilter()).count == 3_000)
    }

    @Test("a locked file is retried after SQLite's own busy steps, cut to the timeout")
    func busyDelays() {
        let timeout = Duration.milliseconds(100)
        let delays = (0..<20).map { SQLiteWriter.busyDelay(beforeRetry: $0, timeout: timeout) }
        #expect(Array(delays.prefix(7)) == [1, 2, 5, 10, 15, 20, 25].map { Duration.milliseconds($0) })
        // 1 + 2 + 5 + 10 + 15 + 20 + 25 = 78 ms slept: 22 ms are left of 100.
        #expect(delays[7] == .milliseconds(22))
        #expect(delays[8] == nil)
        #expect(SQLiteWriter.busyDelay(beforeRetry: 40, timeout: .seconds(5)) == .milliseconds(100))
        #expect(SQLiteWriter.busyDelay(beforeRetry: 0, timeout: .zero) == nil)
    }
}
