import HourglassCommands

HourglassCommand.main()
