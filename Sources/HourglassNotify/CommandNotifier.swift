import Foundation
import Hourglass

/// Runs a program for each notification: the run's details in environment variables,
/// its output on standard input. The program's exit status 0 means delivered.
///
/// The variables: `HOURGLASS_EVENT`, `HOURGLASS_JOB`, `HOURGLASS_STORE`,
/// `HOURGLASS_RUN_ID`, `HOURGLASS_FIRE_TIME`, `HOURGLASS_STARTED_AT`,
/// `HOURGLASS_FINISHED_AT`, `HOURGLASS_OUTCOME`, `HOURGLASS_ATTEMPT`,
/// `HOURGLASS_EXIT_STATUS`, `HOURGLASS_NODE`, `HOURGLASS_SUPPRESSED`,
/// `HOURGLASS_SUMMARY` and `HOURGLASS_TEST` (`true` or `false`); empty when unknown.
public struct CommandNotifier: Notifier {
    /// What to run.
    public struct Configuration: Sendable, Hashable {
        /// The program and its arguments; or empty with ``shell``.
        public var arguments: [String]
        /// A command line for `/bin/sh -c`, instead of ``arguments``.
        public var shell: String?
        /// Variables to set besides the run's.
        public var environment: [String: String]
        /// How long the program may take; then it is ended. Default: 30 s.
        public var timeout: Duration

        /// A program and its arguments.
        public init(arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(30)) {
            self.arguments = arguments
            self.shell = nil
            self.environment = environment
            self.timeout = timeout
        }

        /// A command line for `/bin/sh -c`.
        public init(shell: String, environment: [String: String] = [:], timeout: Duration = .seconds(30)) {
            self.arguments = []
            self.shell = shell
            self.environment = environment
            self.timeout = timeout
        }
    }

    /// Its configuration.
    public let configuration: Configuration

    /// A command notifier.
    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// `command PROGRAM` or `shell`.
    public var name: String {
        configuration.shell == nil ? "command \(EscapedText.escaped(configuration.arguments.first ?? ""))" : "shell command"
    }
    /// `command`.
    public var kind: String { "command" }

    /// The variables that describe `notification`.
    public static func environment(for notification: RunNotification) -> [String: String] {
        let time = { (date: Date?) in date.map(WebhookPayload.time) ?? "" }
        let values: [String: String] = [
            "HOURGLASS_EVENT": notification.event.rawValue, "HOURGLASS_JOB": notification.jobID.rawValue,
            "HOURGLASS_STORE": notification.store, "HOURGLASS_RUN_ID": notification.runID.map(String.init) ?? "",
            "HOURGLASS_FIRE_TIME": time(notification.fireTime), "HOURGLASS_STARTED_AT": time(notification.startedAt),
            "HOURGLASS_FINISHED_AT": time(notification.finishedAt), "HOURGLASS_OUTCOME": notification.status.rawValue,
            "HOURGLASS_ATTEMPT": String(notification.attempt), "HOURGLASS_EXIT_STATUS": notification.exitStatus.map(String.init) ?? "",
            "HOURGLASS_NODE": notification.node, "HOURGLASS_SUPPRESSED": String(notification.suppressed),
            "HOURGLASS_SUMMARY": notification.summary, "HOURGLASS_TEST": notification.event == .test ? "true" : "false",
        ]
        // A NUL would cut a variable short.
        return values.mapValues { $0.replacingOccurrences(of: "\0", with: "") }
    }

    /// Runs the program for `notification`; throws when it exits non-zero or takes longer than its timeout.
    public func deliver(_ notification: RunNotification) async throws {
        let environment = configuration.environment.merging(Self.environment(for: notification)) { $1 }
        let (program, arguments) =
            configuration.shell.map { ("/bin/sh", ["-c", $0]) } ?? (configuration.arguments.first ?? "", Array(configuration.arguments.dropFirst()))
        let outcome = try await ProcessDelivery.run(
            program, arguments: arguments, environment: environment, input: Array((notification.output ?? "").utf8),
            timeout: configuration.timeout)
        guard outcome.succeeded else { throw NotifierError("\(name) ended with \(outcome.description)") }
    }
}
