import HourglassCommands

/// Runs the command line; a function of its own so that the asynchronous `main` is the one chosen.
func runCommandLine() async {
    await HourglassCommand.main()
}

await runCommandLine()
