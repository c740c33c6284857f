import Foundation
import Hourglass
import HourglassDaemon
import Testing

/// How crontab lines become command jobs: ids, cron's environment, users, zones.
@Suite("Crontab files: jobs")
struct CrontabJobsTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let me = UserAccount(name: "me", userID: 1000, groupID: 1000, home: "/home/me", groups: [1000])
    static let asMe = CrontabJobs.RunAs(current: me, isRoot: false, ignoreUser: false)

    private func jobs(
        _ text: String, path: String = "/etc/cron.d/php", runAs: CrontabJobs.RunAs = asMe
    ) throws -> [Job] {
        let file = try CrontabFile.parse(text, path: path, format: .implied(by: path))
        return try CrontabJobs.jobs(from: file, timeZone: .gmt, now: Self.now, runAs: runAs)
    }

    private func spec(_ job: Job) throws -> CommandSpec {
        guard case .handler(_, let arguments) = job.target else { throw CocoaError(.coderInvalidValue) }
        return try #require(try arguments?.decode(CommandSpec.self))
    }

    @Test("ids come from the file name and the line's text: editing one line keeps the others' ids")
    func stableIDs() throws {
        let before = try jobs("0 1 * * * me one\n0 2 * * * me two\n", path: "/home/me/jobs.cron").map(\.id.rawValue)
        let after = try jobs("# added\nMAILTO=\"\"\n0 1 * * * me one\n0 3 * * * me two\n", path: "/home/me/jobs.cron")
            .map(\.id.rawValue)
        #expect(before[0] == after[0])
        #expect(before[1] != after[1])
        #expect(before[0] == CrontabJobs.id(fileName: "jobs.cron", text: "0 1 * * * me one"))
        #expect(before[0].hasPrefix("jobs.cron:") && before[0].count == "jobs.cron:".count + 12)
    }

    @Test("identical lines get -2, -3")
    func duplicateLines() throws {
        let ids = try jobs("* * * * * me x\n* * * * * me x\n* * * * * me x\n").map(\.id.rawValue)
        #expect(ids[1] == ids[0] + "-2" && ids[2] == ids[0] + "-3")
    }

    @Test("the job's name is the file and line it came from")
    func nameIsFileAndLine() throws {
        #expect(try jobs("\n# x\n*/5 * * * * me true\n").first?.name == "/etc/cron.d/php:3")
    }

    @Test("commands run through SHELL -c with cron's environment plus the file's assignments")
    func environment() throws {
        let spec = try spec(#require(try jobs("FOO=\"a b\"\nSHELL=/bin/bash\nLOGNAME=other\n* * * * * me echo $FOO%in\n").first))
        #expect(spec.shell == "echo $FOO")
        #expect(spec.shellProgram == "/bin/bash")
        #expect(spec.standardInput == "in\n")
        #expect(spec.replacesEnvironment == true)
        #expect(spec.user == nil)
        #expect(spec.environment == [
            "HOME": "/home/me", "LOGNAME": "me", "SHELL": "/bin/bash", "PATH": "/usr/bin:/bin", "FOO": "a b",
        ])
    }

    @Test("commands start in HOME, the user's or the one the file assigns, as cron starts them")
    func workingDirectory() throws {
        let jobs = try jobs("* * * * * me a\nHOME=/srv/app\n* * * * * me b\n")
        #expect(try spec(jobs[0]).workingDirectory == "/home/me")
        #expect(try spec(jobs[1]).workingDirectory == "/srv/app")
    }

    @Test("CRON_TZ is the zone of the lines below it; @reboot is a RebootTrigger")
    func zoneAndReboot() throws {
        let jobs = try jobs("CRON_TZ=Asia/Kolkata\n0 0 * * * me a\n@reboot me b\n")
        #expect(jobs[0].trigger.timeZone?.identifier == "Asia/Kolkata")
        #expect(jobs[1].trigger.base is RebootTrigger)
    }

    @Test("@every 90s is an interval trigger on whole multiples of its span since 1970, as in the YAML")
    func every() throws {
        let job = try #require(try jobs("@every 90s me tick\n").first)
        let trigger = try #require(job.trigger.base as? IntervalTrigger)
        #expect(trigger.interval == .seconds(90))
        #expect(job.nextRunTime == Self.now.addingTimeInterval(90))  // now is a multiple of 90 s
    }

    @Test("H is hashed with the line's job id")
    func hashed() throws {
        let job = try #require(try jobs("H H * * * me x\n").first)
        let trigger = try #require(job.trigger.base as? CronTrigger)
        #expect(trigger.expression.hashID == job.id.rawValue)
    }

    @Test("as non-root, a line for another user is an error that says what to do")
    func otherUserRefused() throws {
        #expect {
            try jobs("# php\n09,39 * * * * root [ -x /usr/lib/php/sessionclean ] && /usr/lib/php/sessionclean\n")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.file == "/etc/cron.d/php" && error.line == 2 && error.field == "user"
                && error.message.contains("'root'") && error.message.contains("--ignore-user")
                && error.message.contains("run the daemon as root")
        }
    }

    @Test("with --ignore-user, a line for another user runs as the daemon's user")
    func otherUserIgnored() throws {
        let runAs = CrontabJobs.RunAs(current: Self.me, isRoot: false, ignoreUser: true)
        let spec = try spec(#require(try jobs("* * * * * root true\n", runAs: runAs).first))
        #expect(spec.user == nil)
        #expect(spec.environment["LOGNAME"] == "me")
    }

    @Test("as root, a line for a user runs as that user, with that user's HOME")
    func rootRunsAsUser() throws {
        let root = try UserAccount.named("root")
        let runAs = CrontabJobs.RunAs(current: Self.me, isRoot: true, ignoreUser: false)
        let spec = try spec(#require(try jobs("* * * * * root true\n", runAs: runAs).first))
        #expect(spec.user == "root")
        #expect(spec.environment["HOME"] == root.home)
        #expect(spec.environment["LOGNAME"] == "root")
    }

    @Test("as root, an unknown user is an error naming the line")
    func unknownUser() {
        let runAs = CrontabJobs.RunAs(current: Self.me, isRoot: true, ignoreUser: false)
        #expect {
            try jobs("* * * * * no-such-user-hg true\n", runAs: runAs)
        } throws: { error in
            (error as? ConfigurationError)?.field == "user" && (error as? ConfigurationError)?.line == 1
        }
    }
}
