import Foundation
import Hourglass
import HourglassTesting
import Testing
import HourglassTestSupport

/// `@reboot`: no fire times, so a cron string refuses it; `RebootTrigger` jobs run only
/// when asked (the daemon asks at each start).
@Suite("@reboot and RebootTrigger")
struct RebootTriggerTests {
    typealias F = SchedulerFixture

    @Test("CronTrigger(\"@reboot\") throws, saying it works only in the daemon")
    func cronRefusesReboot() {
        for text in ["@reboot", "@REBOOT"] {
            #expect {
                try CronTrigger(text, timeZone: .gmt)
            } throws: { error in
                let message = "\(error)"
                return message.contains("has no fire times") && message.contains("only in the daemon's configuration file")
                    && message.contains("RebootTrigger")
            }
        }
    }

    @Test("a RebootTrigger reads back from its JSON and says @reboot")
    func coding() throws {
        let json = try JSONEncoder().encode(AnyTrigger(RebootTrigger()))
        #expect(String(decoding: json, as: UTF8.self).contains("\"type\":\"reboot\""))
        let decoded = try JSONDecoder().decode(AnyTrigger.self, from: json)
        #expect(decoded == AnyTrigger(RebootTrigger()))
        #expect(decoded.description == "@reboot")
        #expect(RebootTrigger().nextFireTime(after: F.start) == nil)
    }

    @Test("a reboot job is added without a next run, never fires by itself, runs on request, survives pause and resume")
    func schedulerKeepsIt() async throws {
        let fixture = F()
        let runs = Counter()
        let handle = try await fixture.scheduler.add(id: "boot", trigger: RebootTrigger()) { _ in runs.increment() }
        #expect(try await handle.job()?.nextRunTime == nil)
        try await fixture.scheduler.start()
        await fixture.driver.advance(by: .seconds(86_400))
        #expect(runs.count == 0)
        try await fixture.scheduler.runNow("boot")
        await fixture.driver.settle()
        #expect(runs.count == 1)
        try await handle.pause()
        let resumed = try await handle.resume()
        #expect(resumed?.id == "boot" && resumed?.nextRunTime == nil)
        #expect(try await fixture.scheduler.job("boot") != nil, "resuming removed the job as finished")
        await fixture.scheduler.shutdown()
    }

    @Test("a RebootTrigger wrapped in AnyTrigger, even twice, is still a reboot job: added without a next run, shown at start")
    func wrapped() async throws {
        let twice = AnyTrigger(AnyTrigger(RebootTrigger()))
        #expect(twice.base is RebootTrigger, "an AnyTrigger is not wrapped in another")
        #expect(twice == AnyTrigger(RebootTrigger()))
        let fixture = F()
        let handle = try await fixture.scheduler.add(id: "boot", trigger: twice) { _ in }
        let job = try #require(try await handle.job())
        #expect(job.nextRunTime == nil && job.state == .atStart)
        let interval = try #require(try await fixture.scheduler.add(id: "tick", trigger: AnyTrigger(IntervalTrigger(every: .seconds(5), start: F.at(10)))) { _ in }.job())
        #expect(interval.trigger.base is IntervalTrigger && interval.state == .scheduled)
    }
}
