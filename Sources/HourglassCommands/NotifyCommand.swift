import ArgumentParser

/// `hourglass notify`: works with the notifications of a configuration file.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Work with the notifications of a configuration file.",
        subcommands: [NotifyTestCommand.self])
}
