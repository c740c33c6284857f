import ArgumentParser
import Foundation
import Hourglass
import HourglassDaemon

/// `hourglass jobs`: list, inspect and change the jobs of a store.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List, show, pause, resume, remove or run the jobs of a store.",
        discussion: """
            Works on the store of --config (default hourglass.yaml) or on --store, while a daemon runs
            or not. A pause or resume lasts until the job's entry in the configuration file changes.
            """,
        subcommands: [
            JobsListCommand.self, JobsShowCommand.self, JobsPauseCommand.self, JobsResumeCommand.self,
            JobsRemoveCommand.self, JobsRunNowCommand.self,
        ],
        defaultSubcommand: JobsListCommand.self)
}

/// `hourglass jobs list`.
struct JobsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the jobs with their next runs, each in its own time zone.")

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Print the jobs in their JSON form instead of a table.")
    var json = false

    func run() async throws {
        try await CommandFailures.reporting("jobs list") {
            try await storeOptions.withScheduler { scheduler, zone in
                let jobs = try await scheduler.jobs()
                if json {
                    print(try JobDescription.json(jobs))
                    return
                }
                // NAME last: a crontab line's job is named after its file and line.
                var table = TextTable(headers: ["ID", "NEXT RUN", "ZONE", "STATE", "SCHEDULE", "COMMAND", "NAME"])
                for job in jobs {
                    let jobZone = JobDescription.zone(of: job, default: zone)
                    table.rows.append([
                        EscapedText.escaped(job.id.rawValue), JobDescription.time(job.nextRunTime, in: jobZone),
                        jobZone.displayName, JobDescription.state(of: job), EscapedText.escaped(job.trigger.description),
                        TextTable.oneLine(JobDescription.command(of: job)),
                        EscapedText.escaped(job.name ?? "-"),
                    ])
                }
                print(jobs.isEmpty ? "(no jobs)" : table.render())
            }
        }
    }
}

/// `hourglass jobs show <id>`.
struct JobsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a job: its schedule, command, options, next runs and last runs.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var job: JobArgument

    @Flag(help: "Print the job in its JSON form.")
    var json = false

    func run() async throws {
        try await CommandFailures.reporting("jobs show") {
            try await storeOptions.withScheduler { scheduler, zone in
                let found = try await job.job(in: scheduler)
                if json {
                    print(try JobDescription.json(found))
                    return
                }
                let next = try await scheduler.nextRunTimes(found.id, count: 3)
                let zone = JobDescription.zone(of: found, default: zone)
                let options = try JobDescription.json(found.options)
                var lines = [
                    "id:         \(EscapedText.escaped(found.id.rawValue))",
                    "name:       \(EscapedText.escaped(found.name ?? "-"))",
                    "schedule:   \(EscapedText.escaped(found.trigger.description))",
                    "command:    \(EscapedText.escaped(JobDescription.command(of: found)))",
                    "state:      \(JobDescription.state(of: found))",
                    "zone:       \(zone.displayName)",
                    "next runs:  \(next.isEmpty ? "-" : next.map { JobDescription.time($0, in: zone) }.joined(separator: ", "))",
                    "source:     \(EscapedText.escaped(found.options.metadata[ConfigurationSync.sourceKey] ?? "added by other means"))",
                    "options:    \(options.replacingOccurrences(of: "\n", with: "\n            "))",
                ]
                let runs = try await scheduler.runs(of: found.id, limit: 5)
                lines.append(runs.isEmpty ? "last runs:  none" : "last runs:")
                if !runs.isEmpty { lines.append(HistoryCommand.table(runs, in: zone)) }
                print(lines.joined(separator: "\n"))
            }
        }
    }
}
