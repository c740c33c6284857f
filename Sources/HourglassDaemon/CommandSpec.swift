import Hourglass

/// What a command job runs: the arguments of the `command` handler, stored with the job.
public struct CommandSpec: Codable, Sendable, Hashable {
    /// The name of the handler that runs command jobs.
    public static let handlerName = "command"

    /// The program and its arguments, run directly (no shell); empty when ``shell`` is set.
    public var arguments: [String]
    /// A command line for `/bin/sh -c`, or nil.
    public var shell: String?
    /// Variables added to the daemon's environment for the command.
    public var environment: [String: String]
    /// The directory the command runs in, or nil for the daemon's.
    public var workingDirectory: String?
    /// The shell that runs ``shell`` with `-c`; nil for `/bin/sh`.
    public var shellProgram: String?
    /// The text the command reads on standard input; nil for none (`/dev/null`).
    public var standardInput: String?
    /// When true, ``environment`` is the command's whole environment instead of additions
    /// to the daemon's (crontab jobs, whose environment is cron's); nil is false.
    public var replacesEnvironment: Bool?
    /// The user the command runs as (its uid, gid and groups, looked up at each run); nil
    /// for the daemon's. Only a daemon running as root can run a command as another user.
    public var user: String?

    /// A command spec; exactly one of `arguments` (not empty) and `shell` is given.
    public init(
        arguments: [String] = [], shell: String? = nil, environment: [String: String] = [:],
        workingDirectory: String? = nil, shellProgram: String? = nil, standardInput: String? = nil,
        replacesEnvironment: Bool? = nil, user: String? = nil
    ) {
        self.arguments = arguments
        self.shell = shell
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.shellProgram = shellProgram
        self.standardInput = standardInput
        self.replacesEnvironment = replacesEnvironment
        self.user = user
    }
}

extension CommandSpec {
    /// The command as a person would type it: the shell line, or the arguments with those
    /// that need it in single quotes.
    public var commandLine: String {
        shell ?? arguments.map(Self.quoted).joined(separator: " ")
    }

    /// What `job` runs, in words: a command job's command line, else its handler's name.
    public static func describe(_ job: Job) -> String {
        guard case .handler(let name, let arguments) = job.target else { return "(closure)" }
        guard name == handlerName, let spec = try? arguments?.decode(CommandSpec.self) else { return "handler '\(name)'" }
        return spec.commandLine
    }

    private static func quoted(_ argument: String) -> String {
        let plain = !argument.isEmpty && argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0) }
        return plain ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
