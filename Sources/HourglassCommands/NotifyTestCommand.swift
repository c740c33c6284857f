import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hourglass
import HourglassDaemon
import HourglassNotify

/// `hourglass notify test`: sends a test notification through every channel of a
/// configuration file (or of one job) and reports each channel's result.
struct NotifyTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send a test notification through every configured channel and report each one's result.",
        discussion: """
            Reads the file as 'hourglass run' does (exit status 2 for a mistake in it). Every channel of the
            file (with --job, those that notify that job) gets one notification with event "test"; a ping
            gets URL/log. Exit status 0 when every channel took it, 1 when one failed or there is none.
            Example: hourglass notify test --config /etc/hourglass.yaml --job backup
            """)

    @Option(help: "The configuration file.")
    var config = ConfigurationDefaults.path

    @Option(help: "Test the channels that notify this job, with its id in the notification.")
    var job: String?

    func run() async throws {
        try await CommandFailures.reporting("notify test") {
            // The crontabs' MAILTO channels count; their users do not, as nothing runs.
            let configuration = try DaemonConfiguration.load(path: config, crontabs: CrontabSources(ignoreUser: true))
            let channels: [NotificationChannel]
            if let job {
                guard configuration.jobs.contains(where: { $0.id.rawValue == job }) else {
                    throw ConfigurationError(
                        file: configuration.file, job: job, message: "is not a job of this file; give the id of one of its jobs")
                }
                channels = configuration.notify.channels(for: JobID(job))
            } else {
                channels = configuration.notify.allChannels
            }
            guard !channels.isEmpty else {
                CommandFailures.printError(
                    "hourglass notify test: \(EscapedText.escaped(configuration.file)) has no notification channels"
                        + (job.map { " for job '\(EscapedText.escaped($0))'" } ?? "") + "; nothing was sent")
                throw ExitCode(1)
            }
            let failures = await Self.send(
                to: channels, job: job.map { JobID($0) } ?? "hourglass-test", node: ProcessInfo.processInfo.hostName)
            print("\(channels.count - failures) of \(channels.count) channel\(channels.count == 1 ? "" : "s") took the test notification")
            if failures > 0 { throw ExitCode(1) }
        }
    }

    /// Sends one test notification through each channel, printing a line for each;
    /// returns how many failed.
    static func send(to channels: [NotificationChannel], job: JobID, node: String) async -> Int {
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        var failures = 0
        for channel in channels {
            let notifier = channel.makeNotifier(client: client)
            do {
                try await notifier.deliver(.test(job: job, node: node))
                print("ok      \(EscapedText.escaped(notifier.name))")
            } catch {
                failures += 1
                print("failed  \(EscapedText.escaped(notifier.name)): \(EscapedText.escaped("\(error)"))")
            }
        }
        try? await client.shutdown()
        return failures
    }
}
