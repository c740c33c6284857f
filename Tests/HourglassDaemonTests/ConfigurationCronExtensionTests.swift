import Foundation
import Hourglass
import HourglassDaemon
import Testing
import HourglassTestSupport

/// The cron extensions of SEMANTICS.md in the daemon's file: `H` hashed with the job's
/// id, `@every` as an interval, a leading `CRON_TZ=`.
@Suite("Daemon configuration: cron extensions")
struct ConfigurationCronExtensionTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    private func job(_ cron: String, id: String = "backup") throws -> Job {
        let yaml = "jobs:\n  - id: \(id)\n    cron: \"\(cron)\"\n    command: [x]\n"
        return try #require(try DaemonConfiguration.parse(yaml, file: "f.yaml", now: Self.now).jobs.first)
    }

    @Test("H is hashed with the job's id")
    func hashedWithJobID() throws {
        let trigger = try #require(try job("H H * * *").trigger.base as? CronTrigger)
        #expect(trigger.expression.hashID == "backup")
        #expect(try fireTimes(trigger, after: "2026-01-01T00:00:00+00:00", count: 1) == ["2026-01-01T01:27:00+00:00"])
    }

    @Test("@every 90s is an interval trigger")
    func every() throws {
        let trigger = try #require(try job("@every 90s").trigger.base as? IntervalTrigger)
        #expect(trigger.interval == .seconds(90))
    }

    @Test("@every with a bad span names the job and the field")
    func everyBadSpan() {
        let yaml = "jobs:\n  - id: a\n    cron: \"@every soon\"\n    command: [x]\n"
        #expect {
            try DaemonConfiguration.parse(yaml, file: "f.yaml", now: Self.now)
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.job == "a" && error?.field == "cron" && error?.line == 3
                && error?.description.contains("span of time") == true
        }
    }

    @Test("a leading CRON_TZ= overrides the file's zone")
    func cronTZ() throws {
        let trigger = try #require(try job("CRON_TZ=Asia/Kolkata 0 0 * * *").trigger.base as? CronTrigger)
        #expect(trigger.timeZone.identifier == "Asia/Kolkata")
    }
}
