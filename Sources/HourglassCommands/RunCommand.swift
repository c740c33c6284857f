import ArgumentParser
import Foundation
import Hourglass
import HourglassDaemon
import HourglassHTTP
import Logging

/// `hourglass run`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the jobs of a configuration file until SIGTERM or SIGINT (SIGHUP reloads the file).",
        discussion: """
            The file's jobs are synced into its store when the daemon starts and on SIGHUP: new jobs
            are added, changed ones replaced, dropped ones removed; jobs added by other means are
            left alone. Example: hourglass run --config examples/hourglass.yaml
            """)

    @Option(help: "The configuration file.")
    var config = "hourglass.yaml"

    @Option(help: "How long running commands may go on after SIGTERM or SIGINT before they are ended, e.g. 30s or 2m.")
    var shutdownGrace = "30s"

    @Option(help: "The least important log level to show: trace, debug, info, notice, warning, error or critical.")
    var logLevel = Logger.Level.info

    @Option(
        help: """
            This daemon's name in its store, the same across restarts (default: $HOURGLASS_NODE_ID, else a new \
            name per process). A restarted node then settles its previous process's runs at once.
            """)
    var nodeId: String?

    @Option(
        help: """
            Serve the HTTP API, health checks and dashboard on HOST:PORT, e.g. 127.0.0.1:8080 (over the file's \
            http.listen). Beyond loopback, tokens are required: HOURGLASS_HTTP_READ_TOKEN, HOURGLASS_HTTP_ADMIN_TOKEN.
            """)
    var http: String?

    @Option(help: "How log lines are written: text, or json (one object a line: timestamp, level, message, source, metadata).")
    var logFormat = LogFormat.text

    @Option(
        name: .customLong("crontab"),
        help: "A crontab file whose lines run as jobs beside the configuration's (repeatable; /etc/crontab and /etc/cron.d/* are read in the system format).")
    var crontabs: [String] = []

    @Option(help: "The format of the --crontab files: user or system (default: system for /etc/crontab and /etc/cron.d/*, else user).")
    var crontabFormat: CrontabFile.Format?

    @Flag(help: "Run crontab lines for other users as the daemon's user instead of refusing them (when not root).")
    var ignoreUser = false

    func run() async throws {
        try await CommandFailures.reporting("run") {
            guard let grace = DurationText.parse(shutdownGrace) else {
                throw UsageError(description: "--shutdown-grace '\(shutdownGrace)' is not a duration; write e.g. 30s or 2m")
            }
            var daemon = Daemon(
                configurationPath: config, shutdownGracePeriod: grace, logger: CommandLogging.logger(level: logLevel, format: logFormat))
            if let http {
                do throws(ListenAddressError) {
                    daemon.httpListen = try ListenAddress(parsing: http)
                } catch {
                    throw UsageError(description: "--http: \(error.message)")
                }
            }
            daemon.crontabs = CrontabSources(files: crontabs, format: crontabFormat, ignoreUser: ignoreUser)
            daemon.nodeID = try NodeID.resolve(option: nodeId, environment: ProcessInfo.processInfo.environment)
            try await daemon.run()
        }
    }
}

/// `--crontab-format user|system`.
extension CrontabFile.Format: ExpressibleByArgument {}
