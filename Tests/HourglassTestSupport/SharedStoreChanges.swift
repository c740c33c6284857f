import Foundation
import Hourglass
import Testing

/// Checks that two schedulers changing the same job in one shared store lose no change:
/// `update` refuses a job read before the other's change, and `modify` applies each
/// change to the job as it is then.
package enum SharedStoreChanges {
    /// Runs the checks on `first` and `second`, which share the store named `store`.
    package static func check(_ first: Scheduler, _ second: Scheduler, store: String) async throws {
        try await first.add(
            id: "shared", trigger: .every(.seconds(3_600)), handler: JobName<NoArguments>("noop"), store: store)

        // A job read by one scheduler, then changed by the other, cannot be written back.
        let read = try #require(try await first.job("shared", in: store))
        try await second.modify("shared", in: store) { $0.name = "renamed by the second" }
        var stale = read
        stale.options.timeout = .seconds(30)
        await #expect(throws: SchedulerError.self) { try await first.update(stale, in: store) }
        do {
            try await first.update(stale, in: store)
        } catch let error as SchedulerError {
            #expect(error.code == .jobChanged)
            #expect(error.description.contains("job 'shared'") && error.description.contains("read the job again"))
        }
        #expect(try await second.job("shared", in: store)?.name == "renamed by the second")

        // Read afresh, it writes; modify applies a change to the current job.
        var fresh = try #require(try await first.job("shared", in: store))
        fresh.options.timeout = .seconds(30)
        try await first.update(fresh, in: store)
        let stored = try #require(try await second.job("shared", in: store))
        #expect(stored.name == "renamed by the second" && stored.options.timeout == .seconds(30))

        // Many concurrent increments from both schedulers: none is lost.
        let rounds = 15
        try await withThrowingTaskGroup(of: Void.self) { group in
            for scheduler in [first, second] {
                for _ in 0..<rounds {
                    group.addTask {
                        try await scheduler.modify("shared", in: store) { job in
                            let count = Int(job.options.metadata["count"] ?? "0") ?? 0
                            job.options.metadata["count"] = String(count + 1)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await first.job("shared", in: store)?.options.metadata["count"] == String(2 * rounds))
    }
}
