import Foundation
import Hourglass
import HourglassHTTP
import HourglassNotify
import Yams

/// A daemon configuration file (`hourglass.yaml`): where jobs are stored, the default time
/// zone, and the command jobs to keep in the store. An `interval` without a `start` fires
/// at whole multiples of the interval since 1970-01-01T00:00Z (`10m`: at :00, :10, ...).
///
/// ```yaml
/// store: postgres://hourglass@db/hourglass   # default: hourglass.sqlite beside this file
/// timezone: Europe/Berlin                      # default: UTC
/// source: billing-cron                         # default: this file's path
/// jobs:
///   - id: backup
///     cron: "0 3 * * *"
///     command: [/usr/local/bin/backup, --full]
///     timeout: 1h
/// ```
public struct DaemonConfiguration: Sendable {
    /// The configuration file's path (absolute when read by ``load(path:now:environment:)``).
    public var file: String
    /// The store: an SQLite file path (a relative one in the file is taken from the file's directory) or a
    /// `postgres://` URL; `HOURGLASS_STORE` when the file names none, else `hourglass.sqlite` beside the file.
    public var store: String
    /// What marks this file's jobs in the store: the `source` key, or the file's path.
    /// Daemons of a cluster whose copies of the file sit at different paths give one `source`.
    public var source: String
    /// The zone of cron and calendar triggers that name none.
    public var timeZone: TimeZone
    /// The jobs, in the file's order; each runs the `command` handler with its ``CommandSpec``.
    public var jobs: [Job]
    /// Where the HTTP API listens (`http: {listen: HOST:PORT}`); nil: nowhere.
    public var httpListen: ListenAddress?
    /// Who is told about runs that fail, time out, are missed or abandoned, or recover:
    /// the top-level `notify` and each job's (docs/Notifications.md).
    public var notify = NotifySettings()
    /// What the daemon should warn about at each start and reload, such as a crontab's
    /// `MAILTO` that cannot be delivered.
    public var warnings: [String] = []

    /// Reads and checks the file at `path`.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - now: The instant after which each job's next run is computed.
    ///   - environment: The variables that `${NAME}` in the file's values refers to
    ///     (``EnvironmentExpansion``), and `HOURGLASS_STORE`, the store when the file names
    ///     none (``DaemonStore/environmentVariable``). Default: the process's environment.
    ///   - crontabs: Crontab files to run beside the file's `crontabs` (docs/Crontab.md);
    ///     with some, a file that does not exist is read as one with no jobs.
    /// - Throws: ``ConfigurationError`` naming the file, line, job and field at fault.
    public static func load(
        path: String, now: Date = Date(), environment: [String: String] = ProcessInfo.processInfo.environment,
        crontabs: CrontabSources = CrontabSources()
    ) throws(ConfigurationError) -> DaemonConfiguration {
        // The absolute path: the file's jobs are marked with it, whichever way the file is named.
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        let text: String
        do {
            // `hourglass run --crontab FILE` needs no configuration file: without one, the
            // crontabs' jobs run with the defaults (the store beside where the file would be).
            if !crontabs.files.isEmpty, !FileManager.default.fileExists(atPath: path) {
                text = "jobs: []\n"
            } else {
                text = try String(contentsOfFile: path, encoding: .utf8)
            }
        } catch {
            throw ConfigurationError(file: path, message: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(text, file: path, now: now, environment: environment, crontabs: crontabs)
    }

    /// Checks the YAML `text` of the file `file`.
    ///
    /// - Parameters:
    ///   - text: The file's YAML.
    ///   - file: The file's path, for messages and relative store paths.
    ///   - now: The instant after which each job's next run is computed.
    ///   - environment: The variables that `${NAME}` in the values refers to, and
    ///     `HOURGLASS_STORE`. Default: the process's environment.
    ///   - crontabs: Crontab files to run beside the file's `crontabs` (docs/Crontab.md).
    /// - Throws: ``ConfigurationError`` naming the file, line, job and field at fault.
    public static func parse(
        _ text: String, file: String, now: Date = Date(), environment: [String: String] = ProcessInfo.processInfo.environment,
        crontabs: CrontabSources = CrontabSources()
    ) throws(ConfigurationError) -> DaemonConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: YAMLErrorText.line(of: error), message: YAMLErrorText.message(of: error))
        } catch {
            throw ConfigurationError(file: file, message: "is not valid YAML: \(EchoedText.plain("\(error)"))")
        }
        let reader = ConfigurationReader(file: file, environment: environment)
        guard let root, let top = root.mapping else {
            throw reader.error(root, "must be a mapping with 'jobs' (and optionally 'store' and 'timezone')")
        }
        try reader.checkKeys(top, allowed: ["store", "timezone", "source", "http", "notify", "jobs", "crontabs"], job: nil)
        let httpListen = try httpListenAddress(top["http"], reader: reader)
        let store = try storeLocation(top["store"], reader: reader)
        let timeZone = try reader.timeZone(top["timezone"], field: "timezone", job: nil) ?? .gmt
        let source = try reader.string(top["source"], field: "source", job: nil) ?? file
        guard !source.isEmpty else { throw reader.error(top["source"], field: "source", "is empty; name this file's jobs, or leave it out") }
        let hasCrontabs = top["crontabs"] != nil || !crontabs.files.isEmpty
        guard let jobsNode = top["jobs"] ?? (hasCrontabs ? Node.sequence(Node.Sequence([])) : nil) else {
            throw reader.error(root, field: "jobs", "is missing; list the jobs to run")
        }
        guard let list = jobsNode.sequence else { throw reader.error(jobsNode, field: "jobs", "must be a list of jobs") }
        var jobs: [Job] = []
        var seen: [String: Int] = [:]
        var notify = NotifySettings()
        let notifyReader = NotifyReader(reader: reader)
        if let node = top["notify"] { try notifyReader.readTop(node, into: &notify) }
        for node in list {
            let job = try CommandJobReader(reader: reader, timeZone: timeZone, now: now).job(from: node)
            if let first = seen[job.id.rawValue] {
                throw reader.error(node, job: job.id.rawValue, field: "id", "is used twice (first on line \(first))")
            }
            seen[job.id.rawValue] = node.mark?.line ?? 0
            if let notifyNode = node.mapping?["notify"] {
                notify.jobs[job.id] = try notifyReader.readJob(notifyNode, job: job.id.rawValue)
            }
            jobs.append(job)
        }
        let fromCrontabs = try crontabJobs(
            top["crontabs"], sources: crontabs, reader: reader, file: file, timeZone: timeZone, now: now)
        let warnings = CrontabMail.apply(to: fromCrontabs, notify: &notify)
        for job in fromCrontabs {
            guard seen[job.id.rawValue] == nil else {
                throw ConfigurationError(
                    file: file, job: job.id.rawValue, field: "id",
                    message: "is used twice: by a job of this file and by the crontab line \(job.name ?? "")")
            }
            seen[job.id.rawValue] = 0
            jobs.append(job)
        }
        var configuration = DaemonConfiguration(file: file, store: store, source: source, timeZone: timeZone, jobs: jobs)
        configuration.httpListen = httpListen
        configuration.notify = notify
        configuration.warnings = warnings
        return configuration
    }
}

extension DaemonConfiguration {
    /// The `http` section: `listen: HOST:PORT`. Tokens are refused here: they come from
    /// the environment or files (``HourglassHTTP/APIAccess/fromEnvironment(_:)``).
    static func httpListenAddress(_ node: Node?, reader: ConfigurationReader) throws(ConfigurationError) -> ListenAddress? {
        guard let node else { return nil }
        guard let mapping = node.mapping else {
            throw reader.error(node, field: "http", "must be a mapping, e.g. http: {listen: 127.0.0.1:8080}")
        }
        for key in mapping.keys where key.string?.lowercased().contains("token") == true {
            throw reader.error(
                key, field: "http.\(key.string ?? "")",
                "tokens do not go in this file; set HOURGLASS_HTTP_READ_TOKEN and HOURGLASS_HTTP_ADMIN_TOKEN (or their _FILE forms)")
        }
        try reader.checkKeys(mapping, allowed: ["listen"], job: nil)
        guard let text = try reader.string(mapping["listen"], field: "http.listen", job: nil) else {
            throw reader.error(node, field: "http.listen", "is missing; give HOST:PORT, e.g. 127.0.0.1:8080")
        }
        do {
            return try ListenAddress(parsing: text)
        } catch {
            throw reader.error(mapping["listen"], field: "http.listen", error.message)
        }
    }
}
