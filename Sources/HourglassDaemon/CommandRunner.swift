import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// How a command ended, and what it wrote.
public struct CommandResult: Sendable, Hashable {
    /// The exit status, or nil when a signal ended the command.
    public var exitStatus: Int32?
    /// The signal that ended the command, or nil when it exited.
    public var signal: Int32?
    /// The start of what the command wrote to standard output and standard error, in the
    /// order written, up to the runner's limit.
    public var output: String
    /// Whether the command wrote more than ``output`` holds.
    public var isTruncated: Bool

    /// Whether the command exited with status 0.
    public var succeeded: Bool { exitStatus == 0 }
}

/// Runs command jobs as child processes.
///
/// A command runs in a session of its own, so that ending it ends everything it started.
/// When the calling task is cancelled (a job's timeout, a shutdown that does not wait),
/// the whole process group gets `SIGTERM`, then `SIGKILL` after `gracePeriod`. When the
/// daemon dies (`kill -9`, the OOM killer), the group gets `SIGKILL` at once
/// (``CommandWatch``): no command outlives its daemon to overlap the next run.
public enum CommandRunner {
    /// How many bytes of a command's output are kept unless a caller says otherwise: 64 KiB.
    public static let defaultOutputLimit = 64 * 1024

    /// Runs `spec`, keeping at most `outputLimit` bytes of its output.
    ///
    /// - Throws: an error when the command cannot be started (no such program, a working
    ///   directory that does not exist).
    public static func run(
        _ spec: CommandSpec, outputLimit: Int = defaultOutputLimit, gracePeriod: Duration = .seconds(5)
    ) async throws -> CommandResult {
        var command: [String]
        if let shell = spec.shell {
            command = [spec.shellProgram ?? "/bin/sh", "-c", shell]
        } else {
            command = [try CommandWatch.resolve(spec.arguments.first ?? "", environment: spec.environment)]
                + spec.arguments.dropFirst()
        }
        if let input = spec.standardInput {
            // The watch script gives the command /dev/null; a pipe from printf gives it the text.
            command = ["/bin/sh", "-c", #"input=$1; shift; printf '%s' "$input" | "$@""#, "hourglass-input", input]
                + command
        }
        let watch = try CommandWatch()
        defer { watch.close() }
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [
            .send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: gracePeriod),
            .send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(100)),
        ]
        var program = (executable: "/bin/sh", arguments: ["-c", CommandWatch.script, "hourglass-command"] + command)
        if let user = spec.user {
            let account = try UserAccount.named(user)
            #if os(Linux)
                program = try UserSwitch.command(program.executable, program.arguments, as: account)
            #else
                options.userID = account.userID
                options.groupID = account.groupID
                options.supplementaryGroups = account.groups
            #endif
        }
        var updates: [Environment.Key: String?] = [:]
        for (name, value) in spec.environment { updates[Environment.Key(stringLiteral: name)] = value }
        var whole: [Environment.Key: String] = [:]
        for (name, value) in spec.environment { whole[Environment.Key(stringLiteral: name)] = value }
        let result = try await Subprocess.run(
            .path(FilePath(program.executable)), arguments: Arguments(program.arguments),
            environment: spec.replacesEnvironment == true ? .custom(whole) : .inherit.updating(updates), workingDirectory: spec.workingDirectory.map { FilePath($0) },
            platformOptions: options, input: .fileDescriptor(watch.readEnd, closeAfterSpawningProcess: true),
            output: .sequence, error: .combinedWithOutput
        ) { execution in
            var kept: [UInt8] = []
            var truncated = false
            for try await buffer in execution.standardOutput {
                buffer.withUnsafeBytes { bytes in
                    let room = max(0, outputLimit - kept.count)
                    if bytes.count > room { truncated = true }
                    kept.append(contentsOf: bytes.prefix(room))
                }
            }
            return (kept, truncated)
        }
        let (bytes, truncated) = result.closureResult
        var outcome = CommandResult(exitStatus: nil, signal: nil, output: String(decoding: bytes, as: UTF8.self), isTruncated: truncated)
        switch result.terminationStatus {
        case .exited(let code): outcome.exitStatus = code
        case .signaled(let signal): outcome.signal = signal
        }
        return outcome
    }
}
