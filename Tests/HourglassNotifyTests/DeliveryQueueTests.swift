import Foundation
import Hourglass
@_spi(Testing) import HourglassNotify
import HourglassTestSupport
import HourglassTesting
import Synchronization
import Testing

/// The queue between the scheduler and a notifier: bounded, drop-oldest, never in a run's way.
@Suite("Notification delivery: a bounded queue that never holds up a run")
struct DeliveryQueueTests {
    typealias F = SchedulerFixture

    static func failedRun(_ id: Int64) -> SchedulerEvent {
        .runRecorded(
            RunRecord(
                id: id, jobID: "job", scheduledFireTime: F.at(Double(id)), startedAt: F.at(Double(id)), finishedAt: F.at(Double(id)),
                status: .error, message: "failed", owner: "node-a"),
            store: "default")
    }

    @Test("a full queue drops its oldest notifications and counts them")
    func dropOldest() async throws {
        let notifier = GatedNotifier()
        let attachment = NotifierAttachment(
            notifier: notifier, filter: .defaults, options: NotifierOptions(repeatAfter: nil, queueCapacity: 2),
            clock: ManualClock(now: F.start), node: "node-a")
        attachment.handle(Self.failedRun(1))
        try await waitUntil("the first delivery has begun") { notifier.started == 1 }
        for id in 2...5 { attachment.handle(Self.failedRun(Int64(id))) }
        #expect(attachment.droppedCount == 2)
        notifier.open()
        await attachment.waitUntilIdle()
        #expect(notifier.deliveredRuns == [1, 4, 5])
        #expect(attachment.sentCount == 3)
        await attachment.close()
    }

    @Test("a notifier that fails is counted and logged; the runs succeed and fail as their jobs do")
    func failedDeliveries() async throws {
        let fixture = F()
        try await fixture.scheduler.add(id: "fails", trigger: IntervalTrigger(every: .seconds(60), start: F.at(60))) { _ in
            throw Failing()
        }
        let attachment = fixture.scheduler.addNotifier(
            RecordingNotifier(failing: { _ in true }), options: NotifierOptions(repeatAfter: nil))
        try await fixture.scheduler.start()
        try await fixture.driver.run(until: F.at(180))
        await attachment.waitUntilIdle()
        #expect(attachment.failedCount == 3 && attachment.sentCount == 0)
        #expect(fixture.finishedRuns("fails", outcome: .error(message: "deliberate failure")).count == 3)
        await attachment.close()
        await fixture.scheduler.shutdown()
    }

    @Test("a notifier stuck in a delivery holds up no run")
    func stuckNotifier() async throws {
        let fixture = F()
        try await fixture.scheduler.add(id: "fails", trigger: IntervalTrigger(every: .seconds(60), start: F.at(60))) { _ in
            throw Failing()
        }
        let notifier = GatedNotifier()
        let attachment = fixture.scheduler.addNotifier(notifier, options: NotifierOptions(repeatAfter: nil, queueCapacity: 3))
        try await fixture.scheduler.start()
        try await fixture.driver.run(until: F.at(60))
        try await waitUntil("the first delivery has begun") { notifier.started == 1 }
        try await fixture.driver.run(until: F.at(600))
        #expect(fixture.finishedRuns("fails").count == 10)
        #expect(notifier.started == 1)
        #expect(attachment.droppedCount == 6, "one in delivery, three queued, six dropped")
        notifier.open()
        await attachment.waitUntilIdle()
        #expect(notifier.deliveredRuns.count == 4)
        await attachment.close()
        await fixture.scheduler.shutdown()
    }

    @Test("after close, a notifier gets nothing more")
    func close() async throws {
        let fixture = F()
        try await fixture.scheduler.add(id: "fails", trigger: IntervalTrigger(every: .seconds(60), start: F.at(60))) { _ in
            throw Failing()
        }
        let notifier = RecordingNotifier()
        let attachment = fixture.scheduler.addNotifier(notifier, options: NotifierOptions(repeatAfter: nil))
        try await fixture.scheduler.start()
        try await fixture.driver.run(until: F.at(60))
        await attachment.close()
        try await fixture.driver.run(until: F.at(180))
        #expect(notifier.notifications.count == 1)
        await fixture.scheduler.shutdown()
    }

    // Without a grace period that ends, close would wait for the delivery, which never ends
    // until the test opens it: the test would hit its time limit.
    @Test("close gives a stuck delivery its grace period, then returns", .timeLimit(.minutes(1)))
    func closeStuck() async throws {
        let notifier = GatedNotifier()
        let attachment = NotifierAttachment(
            notifier: notifier, filter: .defaults, options: NotifierOptions(repeatAfter: nil),
            clock: ManualClock(now: F.start), node: "node-a")
        attachment.handle(Self.failedRun(1))
        try await waitUntil("the delivery has begun") { notifier.started == 1 }
        await attachment.close(grace: .milliseconds(200))
        #expect(notifier.deliveredRuns.isEmpty, "close waited for the stuck delivery to end")
        notifier.open()
    }
}
