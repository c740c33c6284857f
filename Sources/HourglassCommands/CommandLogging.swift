import ArgumentParser
import Foundation
import Logging
import Synchronization

/// Sends logs to standard error at a chosen level and in a chosen format, set up once per
/// process (``CommandLogHandler``).
enum CommandLogging {
    private static let isBootstrapped = Atomic<Bool>(false)

    /// A logger labelled `hourglass`; the first call sets up the logging system, with
    /// `format` for every logger of the process.
    static func logger(level: Logger.Level, format: LogFormat = .text) -> Logger {
        if !isBootstrapped.exchange(true, ordering: .acquiringAndReleasing) {
            LoggingSystem.bootstrap { label in
                CommandLogHandler(label: label, format: format, logLevel: level)
            }
        }
        var logger = Logger(label: "hourglass")
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
