import ArgumentParser

/// The `hourglass` command line: `run` is the daemon and `check` validates its file; `jobs` and `history` manage and
/// inspect its store; `next` shows upcoming fire times; `notify test` tries the file's notification channels.
public struct HourglassCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hourglass",
        abstract: "A job scheduler: cron with time zones, memory and history.",
        subcommands: [RunCommand.self, CheckCommand.self, JobsCommand.self, HistoryCommand.self, NextCommand.self, NotifyCommand.self, ImportCrontabCommand.self])

    public init() {}
}
