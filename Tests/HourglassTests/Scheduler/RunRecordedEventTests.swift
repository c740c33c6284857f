import Foundation
import Hourglass
import HourglassTestSupport
import HourglassTesting
import Testing

/// `runRecorded`: the record of each run's end, as an event, for notifications.
@Suite("The runRecorded event: each run's end record, once, from the scheduler that ran it")
struct RunRecordedEventTests {
    typealias F = SchedulerFixture

    func records(_ fixture: F, _ id: JobID) -> [RunRecord] {
        fixture.recorder.events.compactMap { event in
            guard case .runRecorded(let record, let store) = event, record.jobID == id, store == Scheduler.defaultName else { return nil }
            return record
        }
    }

    @Test("a failed and a successful run each give one record with the run's id, start, end, message and owner")
    func endRecords() async throws {
        let fixture = F()
        try await fixture.scheduler.add(id: "fails", trigger: DateTrigger(at: F.at(10))) { _ in throw Failing() }
        try await fixture.scheduler.add(id: "works", trigger: DateTrigger(at: F.at(10))) { context in context.recordMessage("fine") }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(12))
        let failed = records(fixture, "fails")
        #expect(failed.count == 1)
        #expect(failed.first?.status == .error && failed.first?.message == "deliberate failure")
        #expect(failed.first?.startedAt == F.at(12) && failed.first?.finishedAt == F.at(12) && failed.first?.owner == "test")
        let worked = records(fixture, "works")
        #expect(worked.count == 1 && worked.first?.status == .success && worked.first?.message == "fine")
        // The event's record is the one the history keeps.
        let history = try await fixture.scheduler.runs(of: "fails")
        #expect(history.map(\.id) == failed.map(\.id))
        await fixture.scheduler.shutdown()
    }

    @Test("a store that keeps no history still gives listeners each run's end record")
    func recordsWithoutHistory() async throws {
        let fixture = F()
        try await fixture.scheduler.addStore(MemoryJobStore(retention: .none), named: "forgetful")
        try await fixture.scheduler.add(id: "works", trigger: DateTrigger(at: F.at(10)), store: "forgetful") { context in
            context.recordMessage("fine")
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(12))
        let recorded = fixture.recorder.events.compactMap { event -> RunRecord? in
            guard case .runRecorded(let record, "forgetful") = event else { return nil }
            return record
        }
        #expect(recorded.map(\.status) == [.success] && recorded.first?.message == "fine")
        #expect(recorded.first?.startedAt == F.at(12) && recorded.first?.finishedAt == F.at(12))
        #expect(try await fixture.scheduler.runs(of: "works", in: "forgetful").isEmpty)
        await fixture.scheduler.shutdown()
    }

    @Test("a fire time missed before it started gives a missed record")
    func missed() async throws {
        let fixture = F()
        var options = JobOptions()
        options.misfireGraceTime = .seconds(1)
        try await fixture.scheduler.add(id: "late", trigger: DateTrigger(at: F.at(10)), options: options) { _ in }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(30))
        #expect(records(fixture, "late").map(\.status) == [.missed])
        await fixture.scheduler.shutdown()
    }
}
