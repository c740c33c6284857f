import Foundation
import Hourglass
import Logging

/// The `command` handler: runs a job's ``CommandSpec`` with ``CommandRunner``.
public enum CommandJobs {
    /// Registers the `command` handler on `scheduler`, as a handler whose runs await their
    /// child process (the daemon never blocks a thread on one). A run succeeds when the
    /// command exits with status 0, and the run history keeps its output as the run's
    /// message; otherwise it fails with a ``CommandFailure`` that the history keeps
    /// instead. A job's timeout ends the whole process group.
    public static func register(on scheduler: Scheduler, outputLimit: Int = CommandRunner.defaultOutputLimit) async {
        await scheduler.register(CommandSpec.handlerName, arguments: CommandSpec.self) { spec, context in
            let result = try await CommandRunner.run(spec, outputLimit: outputLimit)
            if context.isCancelled { throw CancellationError() }
            guard result.succeeded else { throw CommandFailure(result: result) }
            let output = result.trimmedOutput
            if let output { context.recordMessage(output) }
            // One escaped value: the output's newlines and escape sequences cannot forge log
            // lines or reach the terminal. The history keeps it as written.
            context.logger.info("command succeeded", metadata: ["command.output": .string(EscapedText.escaped(output ?? ""))])
        }
    }
}

extension CommandJobs {
    /// A scheduler, not started, whose default store is `store`, with the `command`
    /// handler registered: what the daemon and `hourglass jobs run-now` run jobs on.
    /// `nodeID` names it as a claim owner (default: host, process id and a random suffix).
    public static func scheduler(
        on store: any JobStore, timeZone: TimeZone, outputLimit: Int = CommandRunner.defaultOutputLimit, logger: Logger,
        nodeID: String? = nil
    ) async throws -> Scheduler {
        var settings = Scheduler.Configuration()
        settings.logger = logger
        settings.timeZone = timeZone
        if let nodeID { settings.schedulerID = nodeID }
        let scheduler = Scheduler(configuration: settings)
        try await scheduler.removeStore(named: Scheduler.defaultName)
        try await scheduler.addStore(store, named: Scheduler.defaultName)
        await register(on: scheduler, outputLimit: outputLimit)
        return scheduler
    }
}

/// A command that ended with a non-zero exit status or a signal.
public struct CommandFailure: Error, Sendable, CustomStringConvertible {
    /// How it ended and what it wrote.
    public var result: CommandResult

    /// `exit status 3: <output>` or `killed by signal 9: <output>`.
    public var description: String {
        let ending = result.exitStatus.map { "exit status \($0)" } ?? "killed by signal \(result.signal ?? 0)"
        return result.trimmedOutput.map { "\(ending): \($0)" } ?? ending
    }
}

extension CommandResult {
    /// The output without surrounding white space, marked when it was cut; nil when empty.
    var trimmedOutput: String? {
        let output = output.trimmingCharacters(in: .whitespacesAndNewlines)
        return output.isEmpty ? nil : output + (isTruncated ? " [output cut]" : "")
    }
}
