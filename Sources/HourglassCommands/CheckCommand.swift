import ArgumentParser
import Foundation
import Hourglass
import HourglassDaemon

/// `hourglass check`: validates a configuration file as the daemon reads it, without
/// opening its store, and shows each job's next fire times.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a configuration file and show each job's next three fire times, without opening its store.",
        discussion: """
            Reads the file as 'hourglass run' does (${NAME} references included) and exits with status 2
            and the same message when it has a mistake, 0 when it is valid. The store is neither opened
            nor created. Crontab files given with --crontab are checked too.
            Example: hourglass check --config /etc/hourglass.yaml --crontab /etc/crontab
            """)

    @Option(help: "The configuration file (default: hourglass.yaml).")
    var config: String?

    @OptionGroup var crontab: CrontabOptions

    /// How many fire times to show for each job.
    static let fireTimeCount = 3

    func run() async throws {
        try await CommandFailures.reporting("check") {
            let configuration = try DaemonConfiguration.load(
                path: try crontab.configurationPath(config), crontabs: crontab.sources)
            print(try Self.report(configuration, after: Date()))
        }
    }

    /// `; notifications: 2 channels` when the file configures some (docs/Notifications.md), else nothing.
    static func notifications(_ configuration: DaemonConfiguration) -> String {
        let count = configuration.notify.allChannels.count
        return count == 0 ? "" : "; notifications: \(count) channel\(count == 1 ? "" : "s")"
    }

    /// What `check` prints for a valid file: a summary line, then each job with its
    /// schedule and its next fire times in its own zone.
    static func report(_ configuration: DaemonConfiguration, after now: Date) throws -> String {
        let count = configuration.jobs.count
        var lines = [
            "\(EscapedText.escaped(configuration.file)): valid, \(count) job\(count == 1 ? "" : "s"); "
                + "store \(EscapedText.escaped(DaemonStore.redacted(configuration.store))) (not opened); "
                + "time zone \(configuration.timeZone.displayName)" + notifications(configuration)
        ]
        for job in configuration.jobs {
            let zone = JobDescription.zone(of: job, default: configuration.timeZone)
            let times = try job.trigger.nextFireTimes(after: now, count: fireTimeCount)
            lines.append("")
            lines.append(
                "\(EscapedText.escaped(job.id.rawValue)): \(EscapedText.escaped(job.trigger.description))"
                    + (job.isPaused ? " (paused)" : ""))
            lines.append("  command: \(EscapedText.escaped(JobDescription.command(of: job)))")
            if let name = job.name { lines.append("  name: \(EscapedText.escaped(name))") }
            lines.append("  next runs (\(zone.displayName)):")
            lines += times.isEmpty ? ["    none"] : times.map { "    " + JobDescription.time($0, in: zone) }
        }
        return lines.joined(separator: "\n")
    }
}
