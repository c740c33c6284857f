import ArgumentParser
import Foundation
import Hourglass
import HourglassDaemon

/// `hourglass import-crontab FILE`: prints the YAML jobs equivalent to a crontab file.
struct ImportCrontabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-crontab",
        abstract: "Print the configuration-file jobs equivalent to a crontab file.",
        discussion: """
            The jobs keep the ids that 'hourglass run --crontab FILE' gives the lines, so their history
            carries over. Example: hourglass import-crontab /etc/cron.d/php >> hourglass.yaml
            """)

    @Argument(help: "The crontab file.")
    var file: String

    @Option(help: "The file's format: user or system (default: system for /etc/crontab and /etc/cron.d/*, else user).")
    var format: CrontabFile.Format?

    @Option(name: .customLong("tz"), help: "The time zone of lines without CRON_TZ.")
    var timeZone = "UTC"

    func run() async throws {
        try await CommandFailures.reporting("import-crontab") {
            let zone: TimeZone
            do {
                zone = try TimeZone.named(timeZone)
            } catch {
                throw UsageError(description: "--tz: \(error)")
            }
            let crontab = try CrontabFile.read(path: file, format: format)
            print(try CrontabYAML.yaml(for: crontab, timeZone: zone), terminator: "")
        }
    }
}
