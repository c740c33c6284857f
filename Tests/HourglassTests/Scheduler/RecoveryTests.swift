import Foundation
import Hourglass
import HourglassTesting
import Testing
import HourglassTestSupport

/// `recover_abandoned_runs`: a run cut short by a dead node runs again, waiting for its
/// place when the job has its maximum of runs going (issue 17, finding 4).
@Suite("Recovered runs wait for their place instead of being dropped")
struct RecoveryTests {
    typealias F = SchedulerFixture

    @Test("a recovered run waits while another node's run of the job goes on, then runs; the schedule keeps its fire times")
    func waitsForPlace() async throws {
        // Called as any store: through the protocol, as the scheduler calls it.
        let store: any JobStore = PersistentMemoryStore()
        let fixture = F()
        try await fixture.scheduler.addStore(store, named: "durable")
        let ran = Counter()
        await fixture.scheduler.register("work") { _ in ran.increment() }
        try await fixture.scheduler.add(
            id: "job", trigger: IntervalTrigger(every: .seconds(1_000), start: F.at(1_000)), handler: "work",
            options: JobOptions(recoverAbandonedRuns: true), store: "durable")
        // A dead node left a run in flight; a live node runs the job now.
        let ghost = RunRecord(id: 1, jobID: "job", scheduledFireTime: F.at(-20), status: .running, owner: "ghost")
        var other = RunRecord(id: 2, jobID: "job", scheduledFireTime: F.at(-10), status: .running, owner: "alive")
        _ = try await store.heartbeat(owner: "alive", aliveUntil: F.at(10_000), now: F.start, restarted: false)
        try await store.record([ghost, other])

        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        #expect(fixture.count(.runAbandoned, for: "job") == 1)
        #expect(ran.count == 0, "the recovered run started beside the live node's run")

        other.status = .success
        other.finishedAt = F.at(2)
        try await store.record([other])
        await fixture.driver.advance(to: F.at(3))
        #expect(ran.count == 1, "the recovered run did not run once the place was free")
        #expect(fixture.finishedRuns("job") == [F.at(-20)])
        let runs = try await store.runs(of: "job", limit: 10)
        #expect(runs.filter { $0.scheduledFireTime == F.at(-20) }.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.abandoned, .success])
        #expect(try await store.job("job")?.nextRunTime == F.at(1_000), "the recovered run took a regular fire time's place")
        await fixture.driver.advance(to: F.at(1_000))
        #expect(fixture.finishedRuns("job") == [F.at(-20), F.at(1_000)])
        await fixture.scheduler.shutdown()
    }

    @Test("a run started before the first heartbeat (the daemon's @reboot jobs) is not reported abandoned by it")
    func runBeforeFirstHeartbeat() async throws {
        let store: any JobStore = PersistentMemoryStore()
        let fixture = F()
        let clock = fixture.clock
        try await fixture.scheduler.addStore(store, named: "durable")
        await fixture.scheduler.register("boot") { _ in try await clock.sleep(until: F.at(5)) }
        try await fixture.scheduler.add(
            id: "boot", trigger: RebootTrigger(), handler: "boot", options: JobOptions(recoverAbandonedRuns: true),
            store: "durable")
        // As the daemon does: the @reboot run starts, then the loop with its first heartbeat.
        try await fixture.scheduler.runNow("boot", in: "durable")
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        #expect(fixture.count(.runAbandoned, for: "boot") == 0)
        await fixture.driver.advance(to: F.at(5))
        #expect(fixture.finishedRuns("boot") == [F.start])
        #expect(try await store.runs(of: "boot", limit: 10).map(\.status) == [.success])
        await fixture.scheduler.shutdown()
    }
}
