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

    @Option(help: "The configuration file (default: hourglass.yaml).")
    var config: String?

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

    @OptionGroup var crontab: CrontabOptions

    func run() async throws {
        try await CommandFailures.reporting("run") {
            guard let grace = DurationText.parse(shutdownGrace) else {
                throw UsageError(description: "--shutdown-grace '\(shutdownGrace)' is not a duration; write e.g. 30s or 2m")
            }
            var daemon = Daemon(
                configurationPath: try crontab.configurationPath(config), shutdownGracePeriod: grace, logger: CommandLogging.logger(level: logLevel, format: logFormat))
            if let http {
                do throws(ListenAddressError) {
                    daemon.httpListen = try ListenAddress(parsing: http)
                } catch {
                    throw UsageError(description: "--http: \(error.message)")
                }
            }
            daemon.crontabs = crontab.sources
            daemon.nodeID = try NodeID.resolve(option: nodeId, environment: ProcessInfo.processInfo.environment)
            try await daemon.run()
        }
    }
}
