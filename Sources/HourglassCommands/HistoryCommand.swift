import ArgumentParser
import Foundation
import Hourglass

/// `hourglass history <job>`.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a job's recorded runs, newest first: outcome, times, attempt, output or error.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var job: JobArgument

    @Option(help: "How many runs to show.")
    var limit = 20

    @Flag(help: "Print the runs as JSON, with the whole message of each.")
    var json = false

    func validate() throws {
        guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 100000, not \(limit)") }
    }

    func run() async throws {
        try await CommandFailures.reporting("history") {
            try await storeOptions.withScheduler { scheduler, zone in
                let runs = try await scheduler.runs(of: job.jobID, limit: limit)
                // The job's own zone while it exists; its history outlives it.
                let zone = try await scheduler.job(job.jobID).map { JobDescription.zone(of: $0, default: zone) } ?? zone
                if json {
                    print(try JobDescription.json(runs))
                } else {
                    print(runs.isEmpty ? "(no runs recorded for '\(job.id)')" : Self.table(runs, in: zone))
                }
            }
        }
    }

    /// The runs as a table: fire time, start, duration, status, attempt, message on one line.
    static func table(_ runs: [RunRecord], in zone: TimeZone) -> String {
        var table = TextTable(headers: ["FIRE TIME", "STARTED", "DURATION", "STATUS", "ATTEMPT", "OUTPUT / MESSAGE"])
        for run in runs {
            let duration = zip(run.startedAt, run.finishedAt).map { String(format: "%.3fs", $1.timeIntervalSince($0)) } ?? "-"
            table.rows.append([
                JobDescription.time(run.scheduledFireTime, in: zone), JobDescription.time(run.startedAt, in: zone), duration,
                run.status.rawValue, "\(run.attempt)", TextTable.oneLine(run.message ?? ""),
            ])
        }
        return table.render()
    }
}

/// Both values, or nil.
private func zip<First, Second>(_ first: First?, _ second: Second?) -> (First, Second)? {
    guard let first, let second else { return nil }
    return (first, second)
}
