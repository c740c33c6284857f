import ArgumentParser
import Foundation
import HourglassDaemon

/// The crontab options that `hourglass run` and `hourglass check` share.
struct CrontabOptions: ParsableArguments {
    @Option(
        name: .customLong("crontab"),
        help: "A crontab file, or a directory of them such as /etc/cron.d, whose lines run as jobs beside the configuration's (repeatable; /etc/crontab and /etc/cron.d/* are read in the system format).")
    var files: [String] = []

    @Option(help: "The format of the --crontab files: user or system (default: system for /etc/crontab and /etc/cron.d/*, else user).")
    var crontabFormat: CrontabFile.Format?

    @Flag(help: "Run crontab lines for other users as the daemon's user instead of refusing them (when not root).")
    var ignoreUser = false

    /// The files and settings, for ``DaemonConfiguration/load(path:now:environment:crontabs:)``.
    var sources: CrontabSources {
        CrontabSources(files: files, format: crontabFormat, ignoreUser: ignoreUser)
    }

    /// The configuration file to read: `--config` when given, else `hourglass.yaml`.
    /// With crontab files the default file may be missing, but a `--config` that is
    /// given must exist: a mistyped path is not read as an empty configuration.
    func configurationPath(_ option: String?) throws -> String {
        guard let option else { return ConfigurationDefaults.path }
        guard files.isEmpty || FileManager.default.fileExists(atPath: option) else {
            throw UsageError(description: "--config '\(option)' does not exist; give an existing file, or leave --config out")
        }
        return option
    }
}

/// `--crontab-format user|system`.
extension CrontabFile.Format: ExpressibleByArgument {}
