import Foundation
@_spi(Testing) import Hourglass
@_spi(Testing) import HourglassNotify
import HourglassTestSupport
import HourglassTesting
import Synchronization
import Testing

/// Throttling of repeated problems and `recovered`, on a scheduler driven by the manual clock.
@Suite("Notifications from a scheduler: throttling and recovery (manual clock)")
struct ThrottleTests {
    typealias F = SchedulerFixture

    /// A job every 10 minutes that fails while `failing` is set.
    func flakyJob(_ fixture: F, failing: Flag, options: JobOptions = JobOptions()) async throws {
        try await fixture.scheduler.add(
            id: "backup", trigger: IntervalTrigger(every: .seconds(600), start: F.at(600)), options: options
        ) { [failing] _ in
            if failing.isSet { throw Failing() }
        }
    }

    @Test("one failure notification per hour with the count held back, then recovered with the rest; a new streak starts at once")
    func throttleAndRecover() async throws {
        let fixture = F()
        let failing = Flag(true)
        try await flakyJob(fixture, failing: failing)
        let notifier = RecordingNotifier()
        let attachment = fixture.scheduler.addNotifier(notifier, options: NotifierOptions(repeatAfter: .seconds(3600)))
        try await fixture.scheduler.start()

        // Failures at 10, 20, ..., 180 minutes.
        try await fixture.driver.run(until: F.at(180 * 60))
        await attachment.waitUntilIdle()
        var sent = notifier.notifications
        #expect(sent.map(\.event) == [.failure, .failure, .failure])
        #expect(sent.map(\.fireTime) == [F.at(600), F.at(70 * 60), F.at(130 * 60)])
        #expect(sent.map(\.suppressed) == [0, 5, 5])
        #expect(sent.allSatisfy { $0.node == "test" && $0.status == .error && $0.output == "deliberate failure" && $0.runID != nil })

        // The first success closes the streak, with the five held back since 130 minutes.
        failing.set(false)
        try await fixture.driver.run(until: F.at(200 * 60))
        await attachment.waitUntilIdle()
        sent = notifier.notifications
        #expect(sent.count == 4)
        #expect(sent.last?.event == .recovered && sent.last?.fireTime == F.at(190 * 60) && sent.last?.suppressed == 5)
        #expect(sent.last?.status == .success)

        // A new failure is notified at once.
        failing.set(true)
        try await fixture.driver.run(until: F.at(210 * 60))
        await attachment.waitUntilIdle()
        sent = notifier.notifications
        #expect(sent.count == 5 && sent.last?.event == .failure && sent.last?.suppressed == 0)
        await attachment.close()
        await fixture.scheduler.shutdown()
    }

    @Test("without repeat_after every failure is notified; success is sent only when asked for")
    func unthrottledAndSuccess() async throws {
        let fixture = F()
        let failing = Flag(true)
        try await flakyJob(fixture, failing: failing)
        let everyFailure = RecordingNotifier()
        let failures = fixture.scheduler.addNotifier(everyFailure, for: [.failure], options: NotifierOptions(repeatAfter: nil))
        let everySuccess = RecordingNotifier()
        let successes = fixture.scheduler.addNotifier(everySuccess, for: [.success])
        try await fixture.scheduler.start()
        try await fixture.driver.run(until: F.at(30 * 60))
        failing.set(false)
        try await fixture.driver.run(until: F.at(50 * 60))
        await failures.waitUntilIdle()
        await successes.waitUntilIdle()
        #expect(everyFailure.notifications.map(\.fireTime) == [F.at(600), F.at(1200), F.at(1800)])
        // Without `recovered` in its filter, the first success is a plain success.
        #expect(everySuccess.notifications.map(\.event) == [.success, .success])
        await failures.close()
        await successes.close()
        await fixture.scheduler.shutdown()
    }

    @Test("a run past its timeout is a timeout notification; a job filter leaves other jobs out")
    func timeoutAndJobFilter() async throws {
        let fixture = F()
        var options = JobOptions()
        options.timeout = .seconds(5)
        let clock = fixture.clock
        try await fixture.scheduler.add(id: "slow", trigger: DateTrigger(at: F.at(60)), options: options) { _ in
            try await clock.sleep(until: F.at(3600))
        }
        try await fixture.scheduler.add(id: "other", trigger: DateTrigger(at: F.at(60))) { _ in throw Failing() }
        let notifier = RecordingNotifier()
        let attachment = fixture.scheduler.addNotifier(notifier, for: NotificationFilter(events: NotificationEvent.defaults, jobs: ["slow"]))
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(60))
        await fixture.driver.advance(to: F.at(70))
        // The timeout's timer is not a run's sleep, so settling does not wait for it: wait
        // until the timed-out run has ended.
        await fixture.scheduler.waitUntilIdle(at: F.at(70))
        await attachment.waitUntilIdle()
        #expect(notifier.notifications.map(\.event) == [.timeout])
        #expect(notifier.notifications.first?.jobID == "slow" && notifier.notifications.first?.status == .timedOut)
        await attachment.close()
        await fixture.scheduler.shutdown()
    }

    @Test("a missed run is a missed notification, sent by the scheduler that recorded it")
    func missed() async throws {
        let fixture = F()
        var options = JobOptions()
        options.misfireGraceTime = .seconds(1)
        try await fixture.scheduler.add(id: "late", trigger: DateTrigger(at: F.at(60)), options: options) { _ in }
        let notifier = RecordingNotifier()
        let attachment = fixture.scheduler.addNotifier(notifier)
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(120))
        await attachment.waitUntilIdle()
        #expect(notifier.notifications.map(\.event) == [.missed])
        #expect(notifier.notifications.first?.status == .missed && notifier.notifications.first?.node == "test")
        await attachment.close()
        await fixture.scheduler.shutdown()
    }
}

/// A switch shared by a test and a job's handler.
final class Flag: Sendable {
    private let value: Atomic<Bool>
    init(_ value: Bool) { self.value = Atomic(value) }
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set(_ newValue: Bool) { value.store(newValue, ordering: .relaxed) }
}
