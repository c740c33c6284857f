import ArgumentParser

/// The `hourglass` command line: `next` shows upcoming fire times.
public struct HourglassCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hourglass",
        abstract: "A job scheduler: cron with time zones, memory and history.",
        subcommands: [NextCommand.self])

    public init() {}
}
