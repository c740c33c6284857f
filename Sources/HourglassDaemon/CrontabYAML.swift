import Foundation
import Hourglass
import HourglassNotify

/// The YAML jobs equivalent to a crontab file (`hourglass import-crontab`), so that a user
/// can move to the configuration file's options (retries, timeouts, notifications).
///
/// The jobs are the ones ``CrontabJobs`` makes, with the same ids, so that a daemon that
/// switches from the crontab file to the YAML keeps each job's history. What the YAML
/// cannot say the same way is written so that it means the same: a `SHELL` other than
/// `/bin/sh` becomes `command: [SHELL, -c, ...]`, `%` input a `printf ... |` in front of
/// the command, `MAILTO` an e-mail channel of the job's `notify`, an assigned `HOME` the
/// `working_directory`, and a user field a comment (the YAML's commands run as the
/// daemon's user).
public enum CrontabYAML {
    /// The YAML text for `file`'s jobs; `timeZone` is the zone of lines without `CRON_TZ`.
    ///
    /// - Throws: ``ConfigurationError`` for a line that is not a valid job.
    public static func yaml(for file: CrontabFile, timeZone: TimeZone = .gmt, now: Date = Date())
        throws(ConfigurationError) -> String
    {
        let me = UserAccount.current ?? UserAccount(name: "root", userID: 0, groupID: 0, home: "/", groups: [0])
        let runAs = CrontabJobs.RunAs(current: me, isRoot: false, ignoreUser: true)
        let jobs = try CrontabJobs.jobs(from: file, timeZone: timeZone, now: now, runAs: runAs)
        var lines = ["# The jobs of \(file.path), imported by hourglass import-crontab.", "jobs:"]
        for (entry, job) in zip(file.entries, jobs) {
            guard case .handler(_, let arguments) = job.target,
                let spec = try? arguments?.decode(CommandSpec.self)
            else { continue }
            lines.append("  - id: \(quoted(job.id.rawValue))")
            lines.append("    name: \(quoted(job.name ?? ""))")
            if let user = entry.user {
                lines.append("    # runs as user \(user) in the crontab; YAML jobs run as the daemon's user")
            }
            lines.append("    cron: \(quoted(entry.schedule))")
            if let zone = entry.variables["CRON_TZ"], !zone.isEmpty {
                lines.append("    timezone: \(quoted(zone))")
            }
            lines += command(spec)
            // Cron starts commands in HOME; the YAML's start where the daemon runs, unless told.
            if let home = entry.variables["HOME"], !home.isEmpty {
                lines.append("    working_directory: \(quoted(home))")
            }
            let recipients = EmailNotifier.Configuration.addresses(in: entry.variables["MAILTO"] ?? "")
            if !recipients.isEmpty {
                lines.append("    notify:")
                lines.append("      channels:")
                lines.append("        - email: \(quoted(recipients.joined(separator: ", ")))")
            }
            // HOME and LOGNAME come from the daemon's user, MAILTO is the notify above; the
            // rest as cron sets it.
            let environment = spec.environment.filter { !["HOME", "LOGNAME", "MAILTO"].contains($0.key) }
            if !environment.isEmpty {
                lines.append("    environment:")
                for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
                    lines.append("      \(quoted(name)): \(quoted(value))")
                }
            }
        }
        if jobs.isEmpty { lines[1] = "jobs: []" }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func command(_ spec: CommandSpec) -> [String] {
        var line = spec.shell ?? ""
        if let input = spec.standardInput {
            line = "printf '%s' \(singleQuoted(input)) | (\(line))"
        }
        let shell = spec.shellProgram ?? "/bin/sh"
        if shell == "/bin/sh" { return ["    shell: \(quoted(line))"] }
        return ["    command: [\(quoted(shell)), \"-c\", \(quoted(line))]"]
    }

    /// A YAML double-quoted scalar (a JSON string is one).
    static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(text) else { return "\"\"" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func singleQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
