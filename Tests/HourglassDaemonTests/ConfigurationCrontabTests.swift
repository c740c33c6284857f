import Foundation
import Hourglass
import HourglassDaemon
import Testing
import HourglassTestSupport

/// `crontabs: [FILE, ...]` in the YAML and `--crontab FILE`: the files' lines become jobs
/// beside the YAML's.
@Suite("Daemon configuration: crontab files")
struct ConfigurationCrontabTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let me = UserAccount(name: "me", userID: 1000, groupID: 1000, home: "/home/me", groups: [1000])
    static let asMe = CrontabJobs.RunAs(current: me, isRoot: false, ignoreUser: false)

    @Test("crontabs are read relative to the file; jobs may then be left out; --crontab files are added")
    func crontabsKey() throws {
        let directory = TemporaryDirectory()
        try "0 5 * * * backup\n".write(to: directory.url.appendingPathComponent("user.cron"), atomically: true, encoding: .utf8)
        let extra = directory.url.appendingPathComponent("extra.cron").path
        try "@hourly tick\n".write(toFile: extra, atomically: true, encoding: .utf8)
        let yaml = directory.url.appendingPathComponent("hourglass.yaml").path
        try "crontabs: [user.cron]\n".write(toFile: yaml, atomically: true, encoding: .utf8)
        let configuration = try DaemonConfiguration.load(
            path: yaml, now: Self.now, environment: [:], crontabs: CrontabSources(files: [extra], runAs: Self.asMe))
        #expect(configuration.jobs.map { CommandSpec.describe($0) } == ["backup", "tick"])
        #expect(configuration.jobs.first?.name?.hasSuffix("user.cron:1") == true)
    }

    @Test("a malformed crontab line is a configuration error with the crontab's file and line")
    func malformedLine() throws {
        let directory = TemporaryDirectory()
        let crontab = directory.url.appendingPathComponent("bad.cron").path
        try "# ok\n0 5 * * mon-fry x\n".write(toFile: crontab, atomically: true, encoding: .utf8)
        #expect {
            try DaemonConfiguration.parse(
                "jobs: []\n", file: directory.url.appendingPathComponent("h.yaml").path, now: Self.now, environment: [:],
                crontabs: CrontabSources(files: [crontab], runAs: Self.asMe))
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.file.hasSuffix("bad.cron") == true && error?.line == 2 && error?.field == "day-of-week"
        }
    }

    @Test("a file named twice is read once; two files of one name are an error, their ids would clash")
    func fileNames() throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.url.appendingPathComponent("other"), withIntermediateDirectories: true)
        for name in ["app.cron", "other/app.cron"] {
            try "0 5 * * * backup\n".write(toFile: directory.path(name), atomically: true, encoding: .utf8)
        }
        let yaml = directory.path("hourglass.yaml")
        try "crontabs: [app.cron]\n".write(toFile: yaml, atomically: true, encoding: .utf8)
        let once = try DaemonConfiguration.load(
            path: yaml, now: Self.now, environment: [:],
            crontabs: CrontabSources(files: [directory.path("app.cron")], runAs: Self.asMe))
        #expect(once.jobs.count == 1)
        #expect {
            try DaemonConfiguration.load(
                path: yaml, now: Self.now, environment: [:],
                crontabs: CrontabSources(files: [directory.path("other/app.cron")], runAs: Self.asMe))
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.file == directory.path("other/app.cron") && error?.field == "crontabs"
                && error?.message.contains("same file name as \(directory.path("app.cron"))") == true
        }
    }

    @Test("a directory stands for its crontab files, in name order, without hidden files and leftovers")
    func directory() throws {
        let directory = TemporaryDirectory()
        let cronD = directory.path("cron.d")
        try FileManager.default.createDirectory(atPath: cronD + "/sub", withIntermediateDirectories: true)
        for name in ["php", "backup", ".placeholder", "php.dpkg-old", "backup~", "app.rpmnew", "sub/inner"] {
            try "0 5 * * * \(name)\n".write(toFile: cronD + "/" + name, atomically: true, encoding: .utf8)
        }
        let configuration = try DaemonConfiguration.parse(
            "jobs: []\n", file: directory.path("h.yaml"), now: Self.now, environment: [:],
            crontabs: CrontabSources(files: [cronD], runAs: Self.asMe))
        #expect(configuration.jobs.map { CommandSpec.describe($0) } == ["backup", "php"])
        #expect(configuration.jobs.map(\.name) == ["\(cronD)/backup:1", "\(cronD)/php:1"])
    }

    @Test("crontabs must be a list of file names")
    func notAList() {
        #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration.parse("crontabs: x.cron\n", file: "/tmp/h.yaml", now: Self.now, environment: [:])
        }
    }
}
