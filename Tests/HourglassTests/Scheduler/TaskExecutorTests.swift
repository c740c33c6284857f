import Foundation
@_spi(Testing) import Hourglass
import HourglassTesting
import Testing
import HourglassTestSupport

@Suite("The task executor: its limit on runs at once", .timeLimit(.minutes(1)))
struct TaskExecutorTests {
    typealias F = SchedulerFixture

    /// The executor wakes its workers one after another as each finds more runs waiting;
    /// runs that suspend must still fill every place, and no more.
    @Test("runs that suspend fill every place of the executor, and no more", arguments: [1, 4, 100])
    func fillsEveryPlace(limit: Int) async throws {
        let fixture = F()
        try await fixture.scheduler.addExecutor(TaskExecutor(maxConcurrentRuns: limit), named: "limited")
        let gate = RunGate()
        let runs = limit * 2 + 3
        for index in 0..<runs {
            try await fixture.scheduler.add(
                id: JobID("run-\(index)"), trigger: DateTrigger(at: F.at(1)), options: JobOptions(executor: "limited")
            ) { _ in await gate.pass() }
        }
        try await fixture.scheduler.start()
        fixture.clock.advance(to: F.at(1))
        await fixture.scheduler.waitForPass(at: F.at(1))
        try await waitUntil("\(limit) runs wait at the gate") { gate.waiting >= limit }
        gate.open()
        await fixture.driver.settle()
        #expect(fixture.count(.jobExecuted) == runs)
        #expect(gate.mostWaiting == limit)
        await fixture.scheduler.shutdown()
    }

    @Test("runs submitted one at a time to a busy executor all run")
    func oneAtATime() async throws {
        let fixture = F()
        try await fixture.scheduler.addExecutor(TaskExecutor(maxConcurrentRuns: 2), named: "two")
        let gate = RunGate()
        for index in 1...6 {
            try await fixture.scheduler.add(
                id: JobID("run-\(index)"), trigger: DateTrigger(at: F.at(Double(index))), options: JobOptions(executor: "two")
            ) { _ in await gate.pass() }
        }
        try await fixture.scheduler.start()
        for index in 1...6 {
            fixture.clock.advance(to: F.at(Double(index)))
            await fixture.scheduler.waitForPass(at: F.at(Double(index)))
        }
        try await waitUntil("2 runs wait at the gate") { gate.waiting >= 2 }
        gate.open()
        await fixture.driver.settle()
        #expect(fixture.count(.jobExecuted) == 6)
        #expect(gate.mostWaiting == 2)
        await fixture.scheduler.shutdown()
    }
}
