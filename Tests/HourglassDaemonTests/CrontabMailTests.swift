import Foundation
import Hourglass
import HourglassDaemon
import HourglassNotify
import Testing
import HourglassTestSupport

/// `MAILTO` in crontab files: the e-mail notification of the notify feature, or a warning.
@Suite("Crontab files: MAILTO")
struct CrontabMailTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let me = UserAccount(name: "me", userID: 1000, groupID: 1000, home: "/home/me", groups: [1000])

    private func configuration(_ crontab: String, yaml: String = "jobs: []\n") throws -> DaemonConfiguration {
        let directory = TemporaryDirectory()
        try crontab.write(toFile: directory.path("x.cron"), atomically: true, encoding: .utf8)
        return try DaemonConfiguration.parse(
            yaml, file: directory.path("h.yaml"), now: Self.now, environment: [:],
            crontabs: CrontabSources(files: [directory.path("x.cron")], runAs: .init(current: Self.me, isRoot: false, ignoreUser: false)))
    }

    @Test("MAILTO gives the lines below it an e-mail channel through the file's sendmail")
    func mailto() throws {
        let yaml = "jobs: []\nnotify:\n  channels:\n    - email: ops@example.com\n      sendmail: /bin/true\n      from: cron@example.com\n"
        let configuration = try configuration("0 1 * * * quiet\nMAILTO=\"a@example.com, b\"\n0 2 * * * loud\n", yaml: yaml)
        let quiet = try #require(configuration.jobs.first?.id)
        let loud = try #require(configuration.jobs.last?.id)
        #expect(configuration.notify.jobs[quiet] == nil)
        #expect(configuration.notify.jobs[loud]?.channels == [
            .email(EmailNotifier.Configuration(recipients: ["a@example.com", "b"], sender: "cron@example.com", sendmailPath: "/bin/true")),
        ])
        #expect(configuration.warnings.isEmpty)
    }

    @Test("MAILTO=\"\" sends nothing")
    func emptyMailto() throws {
        let configuration = try configuration("MAILTO=\"\"\n0 2 * * * x\n")
        #expect(configuration.notify.jobs.isEmpty && configuration.warnings.isEmpty)
    }

    @Test("without a sendmail, MAILTO is reported as not delivered")
    func undelivered() throws {
        let yaml = "jobs: []\nnotify:\n  channels:\n    - email: ops@example.com\n      sendmail: /nonexistent/sendmail\n"
        let configuration = try configuration("MAILTO=root\n0 2 * * * x\n", yaml: yaml)
        #expect(configuration.notify.jobs.isEmpty)
        #expect(configuration.warnings.count == 1)
        #expect(configuration.warnings.first?.contains("not delivered") == true)
        #expect(configuration.warnings.first?.contains("/nonexistent/sendmail") == true)
    }
}
