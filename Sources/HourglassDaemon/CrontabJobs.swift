import Foundation
import Hourglass

/// Turns the entries of a ``CrontabFile`` into command jobs that run as cron runs them.
///
/// Each command runs through `SHELL` (default `/bin/sh`) with `-c`, in cron's default
/// environment (`HOME`, `LOGNAME`, `SHELL`, `PATH=/usr/bin:/bin`) plus the file's
/// assignments above its line (`LOGNAME` stays the user's, as in cron); `CRON_TZ` is
/// the time zone of the entries below it. A job's id is `<file name>:<hash>`, where the
/// hash is the first 12 hex digits of the 64-bit FNV-1a hash of the line's text
/// (without surrounding blanks), and `-2`, `-3`... is added for the second, third
/// identical line of a file: editing one line leaves the other jobs, and their next
/// runs, as they were. The job's name is `<path>:<line>`, where it came from. Commands
/// start in `HOME`, as cron starts them.
public enum CrontabJobs {
    /// Who runs the daemon, and what to do with lines for other users.
    public struct RunAs: Sendable, Hashable {
        /// The user the daemon runs as.
        public var current: UserAccount
        /// Whether the daemon runs as root and so may run commands as other users.
        public var isRoot: Bool
        /// Whether lines for other users run as ``current`` instead of being an error.
        public var ignoreUser: Bool

        /// Who runs the daemon.
        public init(current: UserAccount, isRoot: Bool, ignoreUser: Bool) {
            self.current = current
            self.isRoot = isRoot
            self.ignoreUser = ignoreUser
        }

        /// This process's user; nil when the password database does not know it.
        public static func process(ignoreUser: Bool) -> RunAs? {
            UserAccount.current.map { RunAs(current: $0, isRoot: UserAccount.isRoot, ignoreUser: ignoreUser) }
        }
    }

    /// The jobs of `file`, with next run times after `now`; `timeZone` is the zone of
    /// entries without `CRON_TZ`.
    ///
    /// - Throws: ``ConfigurationError`` with the file and line of an entry for another
    ///   user that cannot run as that user, an unknown user, or a schedule that never fires.
    public static func jobs(from file: CrontabFile, timeZone: TimeZone, now: Date, runAs: RunAs)
        throws(ConfigurationError) -> [Job]
    {
        var seen: [String: Int] = [:]
        var jobs: [Job] = []
        for entry in file.entries {
            var id = Self.id(fileName: fileName(file.path), text: entry.text)
            seen[id, default: 0] += 1
            if let count = seen[id], count > 1 { id += "-\(count)" }
            jobs.append(try job(entry, id: id, file: file, timeZone: timeZone, now: now, runAs: runAs))
        }
        return jobs
    }

    /// The id of a line's job: `<file name>:<first 12 hex digits of FNV-1a of the text>`.
    public static func id(fileName: String, text: String) -> String {
        let hex = String(HashedValue.fnv1a(text), radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        return "\(fileName):\(padded.prefix(12))"
    }

    private static func fileName(_ path: String) -> String {
        URL(fileURLWithPath: path).lastPathComponent
    }

    private static func job(
        _ entry: CrontabFile.Entry, id: String, file: CrontabFile, timeZone: TimeZone, now: Date, runAs: RunAs
    ) throws(ConfigurationError) -> Job {
        let fail = { (field: String, message: String) in
            ConfigurationError(file: file.path, line: entry.line, job: id, field: field, message: message)
        }
        let account = try self.account(for: entry, runAs: runAs, fail: fail)
        let variables = entry.variables
        var environment = ["HOME": account.home, "SHELL": "/bin/sh", "PATH": "/usr/bin:/bin"]
        environment.merge(variables) { _, assigned in assigned }
        environment["LOGNAME"] = account.name
        var zone = timeZone
        if let name = variables["CRON_TZ"], !name.isEmpty {
            do { zone = try TimeZone.named(name) } catch { throw fail("CRON_TZ", "\(error)") }
        }
        let trigger: AnyTrigger
        do {
            if entry.schedule.lowercased() == "@reboot" {
                trigger = AnyTrigger(RebootTrigger())
            } else if let span = CommandJobReader.everySpan(entry.schedule), let every = DurationText.parse(span) {
                trigger = AnyTrigger(try CommandJobReader.interval(every, start: nil, end: nil, jitter: nil))
            } else {
                // The job id is the hash id of `H` values.
                trigger = AnyTrigger(try CronTrigger(entry.schedule, hashID: id, timeZone: zone))
            }
        } catch {
            throw fail("schedule", "\(error)")
        }
        let spec = CommandSpec(
            shell: entry.command, environment: environment, workingDirectory: environment["HOME"],
            shellProgram: environment["SHELL"], standardInput: entry.standardInput, replacesEnvironment: true,
            user: account.name == runAs.current.name ? nil : account.name)
        let arguments: JobArguments
        do {
            arguments = try JobArguments(encoding: spec)
        } catch {
            throw fail("command", "cannot be stored: \(error)")
        }
        var next: Date?
        do { next = try trigger.nextFireTime(after: now) } catch { throw fail("schedule", "\(error)") }
        return Job(
            id: JobID(id), name: "\(file.path):\(entry.line)", trigger: trigger,
            target: .handler(name: CommandSpec.handlerName, arguments: arguments), options: JobOptions(),
            nextRunTime: next, isPaused: false)
    }

    /// The account an entry's command runs as: its user's when the daemon is root, else
    /// the daemon's (a line for another user is then an error unless `ignoreUser`).
    private static func account(
        for entry: CrontabFile.Entry, runAs: RunAs, fail: (String, String) -> ConfigurationError
    ) throws(ConfigurationError) -> UserAccount {
        guard let user = entry.user, user != runAs.current.name else { return runAs.current }
        if runAs.isRoot {
            do { return try UserAccount.named(user) } catch { throw fail("user", "\(error)") }
        }
        if runAs.ignoreUser { return runAs.current }
        throw fail(
            "user",
            "is '\(user)', but the daemon runs as '\(runAs.current.name)', not as root, so it cannot run commands "
                + "as another user; run the daemon as root, or give --ignore-user to run every line as "
                + "'\(runAs.current.name)'")
    }
}
