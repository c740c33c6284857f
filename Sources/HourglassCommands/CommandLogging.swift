import ArgumentParser
import Foundation
import Logging
import Synchronization

/// Sends logs to standard error at a chosen level, once per process.
enum CommandLogging {
    private static let isBootstrapped = Atomic<Bool>(false)

    /// A logger labelled `hourglass`; the first call sets up the logging system.
    static func logger(level: Logger.Level) -> Logger {
        if !isBootstrapped.exchange(true, ordering: .acquiringAndReleasing) {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        var logger = Logger(label: "hourglass")
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
