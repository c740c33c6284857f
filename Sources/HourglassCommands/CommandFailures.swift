import ArgumentParser
import Foundation
import HourglassDaemon

/// How the commands end on an error: the message on standard error, prefixed with the
/// command's name, and exit status 2 for a mistake in the configuration file or the
/// arguments, 1 for anything else (a store that cannot be opened, a job that is not there).
enum CommandFailures {
    static func reporting(_ command: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ConfigurationError {
            printError("hourglass \(command): \(error)")
            throw ExitCode(2)
        } catch let error as UsageError {
            printError("hourglass \(command): \(error)")
            throw ExitCode(2)
        } catch {
            printError("hourglass \(command): \(error)")
            throw ExitCode(1)
        }
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// A mistake in how a command was called, found after parsing (exit status 2).
struct UsageError: Error, CustomStringConvertible {
    let description: String
}
