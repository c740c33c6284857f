import ArgumentParser
import Foundation
import Hourglass
import HourglassDaemon

/// `hourglass jobs pause <id>`.
struct JobsPauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a job: it does not run until resumed.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var job: JobArgument

    func run() async throws {
        try await CommandFailures.reporting("jobs pause") {
            try await storeOptions.withScheduler { scheduler, _ in
                _ = try await scheduler.pauseJob(job.jobID)
                print("paused '\(job.id)'")
            }
        }
    }
}

/// `hourglass jobs resume <id>`.
struct JobsResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Resume a paused job from now on (runs missed while paused are not made up).")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var job: JobArgument

    func run() async throws {
        try await CommandFailures.reporting("jobs resume") {
            try await storeOptions.withScheduler { scheduler, zone in
                let resumed = try await scheduler.resumeJob(job.jobID)
                let next = resumed?.nextRunTime.map { "next run \(JobDescription.time($0, in: zone))" } ?? "no further runs; removed"
                print("resumed '\(job.id)': \(next)")
            }
        }
    }
}

/// `hourglass jobs remove <id>`.
struct JobsRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a job from the store (its history stays).")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var job: JobArgument

    func run() async throws {
        try await CommandFailures.reporting("jobs remove") {
            try await storeOptions.withScheduler { scheduler, _ in
                let found = try await job.job(in: scheduler)
                try await scheduler.remove(found.id)
                print("removed '\(job.id)'")
                if let source = found.options.metadata[ConfigurationSync.sourceKey] {
                    CommandFailures.printError(
                        "note: '\(job.id)' comes from the configuration '\(source)'; "
                            + "the daemon adds it again when it starts or reloads unless you delete it there")
                }
            }
        }
    }
}
