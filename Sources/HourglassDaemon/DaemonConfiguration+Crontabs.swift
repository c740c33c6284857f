import Foundation
import Hourglass
import Yams

/// The crontab files whose jobs the daemon runs beside the YAML's: the file's
/// `crontabs: [FILE, ...]` and `hourglass run --crontab FILE`.
public struct CrontabSources: Sendable, Hashable {
    /// Files given on the command line (`--crontab`), read with the format their path implies.
    public var files: [String]
    /// The format of ``files``; nil: the one each path implies (`--crontab-format`).
    public var format: CrontabFile.Format?
    /// Whether lines for other users run as the daemon's user (`--ignore-user`).
    public var ignoreUser: Bool
    /// Who runs the daemon; nil: this process's user. Tests give another to check the
    /// refusal of other users' lines without depending on the real uid.
    public var runAs: CrontabJobs.RunAs?
    /// Whether the files are read at all. Management commands, which need only the
    /// file's store, set it false: an operator who is not root, or cannot read a crontab,
    /// can still list the jobs.
    public var readsFiles: Bool

    /// Crontab files and how to treat their user fields.
    public init(
        files: [String] = [], format: CrontabFile.Format? = nil, ignoreUser: Bool = false,
        runAs: CrontabJobs.RunAs? = nil, readsFiles: Bool = true
    ) {
        self.files = files
        self.format = format
        self.ignoreUser = ignoreUser
        self.runAs = runAs
        self.readsFiles = readsFiles
    }
}

extension DaemonConfiguration {
    /// The jobs of the `crontabs` key (paths relative to the configuration file's
    /// directory) and of `sources.files`, in that order; a file named twice is read once,
    /// and a directory stands for its crontab files (``CrontabDirectory``).
    static func crontabJobs(
        _ node: Node?, sources: CrontabSources, reader: ConfigurationReader, file: String, timeZone: TimeZone, now: Date
    ) throws(ConfigurationError) -> [Job] {
        var paths: [String] = []
        if let node {
            guard let list = node.sequence else {
                throw reader.error(node, field: "crontabs", "must be a list of crontab files, e.g. crontabs: [/etc/crontab]")
            }
            let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
            for item in list {
                guard let path = try reader.string(item, field: "crontabs", job: nil), !path.isEmpty else {
                    throw reader.error(item, field: "crontabs", "has an empty file name")
                }
                paths.append(URL(fileURLWithPath: path, relativeTo: directory).standardizedFileURL.path)
            }
        }
        var named: [(path: String, format: CrontabFile.Format?)] = paths.map { ($0, nil) }
        named += sources.files.map { (URL(fileURLWithPath: $0).standardizedFileURL.path, sources.format) }
        guard !named.isEmpty, sources.readsFiles else { return [] }
        // A directory stands for its crontab files, listed anew at each reload.
        var files: [(path: String, format: CrontabFile.Format?)] = []
        for (path, format) in named {
            if let inside = try CrontabDirectory.files(at: path) {
                files += inside.map { ($0, format) }
            } else {
                files.append((path, format))
            }
        }
        guard let runAs = sources.runAs ?? .process(ignoreUser: sources.ignoreUser) else {
            throw ConfigurationError(
                file: file, field: "crontabs", message: "the daemon's user is not in the password database")
        }
        var jobs: [Job] = []
        var read: Set<String> = []
        var fileNames: [String: String] = [:]
        for (path, format) in files where read.insert(path).inserted {
            // Ids start with the file's name: two files of one name could give two lines one id.
            let name = URL(fileURLWithPath: path).lastPathComponent
            if let other = fileNames.updateValue(path, forKey: name) {
                throw ConfigurationError(
                    file: path, field: "crontabs",
                    message: "has the same file name as \(other); job ids start with the file name, so give one "
                        + "of them another name (e.g. a copy or a symbolic link)")
            }
            let crontab = try CrontabFile.read(path: path, format: format)
            jobs += try CrontabJobs.jobs(from: crontab, timeZone: timeZone, now: now, runAs: runAs)
        }
        return jobs
    }
}
