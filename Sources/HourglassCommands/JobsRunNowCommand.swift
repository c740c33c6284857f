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
                let id = try await job.job(in: scheduler).id
                try await scheduler.start(paused: true)
                let record = try await Self.runOnce(id, on: scheduler)
                print("\(record.status.rawValue) (attempt \(record.attempt), fire time \(JobDescription.time(record.scheduledFireTime, in: zone)))")
                // The output's lines as lines, its escape sequences and other control characters escaped.
                if let message = record.message { print(EscapedText.escaped(message, keepingLineBreaks: true)) }
                succeeded = record.status == .success
            }
        }
        if !succeeded { throw ExitCode(1) }
    }

    /// Runs job `id` once on `scheduler` (started) and returns its history record; a signal
    /// meanwhile cancels the run.
    static func runOnce(_ id: JobID, on scheduler: Scheduler) async throws -> RunRecord {
        try await scheduler.runNow(id)
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
        let own = try await scheduler.runs(of: id, limit: 20).first { $0.owner == scheduler.schedulerID }
        // runNow refuses a job without a handler, so a missing record means the store keeps no history.
        guard let own else { throw UsageError(description: "job '\(id)' ran, but the store's history has no record of the run") }
        return own
    }
}
