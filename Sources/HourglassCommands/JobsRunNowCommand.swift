import ArgumentParser
import Foundation
import Hourglass
import HourglassDaemon
import UnixSignals

/// `hourglass jobs run-now <id>`.
struct JobsRunNowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-now",
        abstract: "Run a job's command once now, in this terminal, and record the run in the history.",
        discussion: """
            The job's schedule is not changed. The exit status is 0 when the run succeeds and 1 otherwise;
            SIGINT or SIGTERM ends the command.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var job: JobArgument

    func run() async throws {
        var succeeded = false
        try await CommandFailures.reporting("jobs run-now") {
            try await storeOptions.withScheduler { scheduler, zone in
                let found = try await job.job(in: scheduler)
                try await scheduler.start(paused: true)
                let record = try await Self.runOnce(found, on: scheduler)
                print("\(record.status.rawValue) (attempt \(record.attempt), fire time \(JobDescription.time(record.scheduledFireTime, in: zone)))")
                if let message = record.message { print(message) }
                succeeded = record.status == .success
            }
        }
        if !succeeded { throw ExitCode(1) }
    }

    /// Runs `job` once on `scheduler` (started) and returns its history record; a signal
    /// meanwhile cancels the run.
    static func runOnce(_ job: Job, on scheduler: Scheduler) async throws -> RunRecord {
        try await scheduler.runNow(job.id)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                    await scheduler.shutdown(waitForRunningJobs: false)
                    return
                }
            }
            group.addTask { await scheduler.shutdown(waitForRunningJobs: true) }
            try await group.next()
            group.cancelAll()
        }
        let own = try await scheduler.runs(of: job.id, limit: 20).first { $0.owner == scheduler.schedulerID }
        guard let own else { throw UsageError(description: "job '\(job.id)' did not run: it has no handler here") }
        return own
    }
}
