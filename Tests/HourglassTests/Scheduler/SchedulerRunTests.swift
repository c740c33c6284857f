import Foundation
import Hourglass
import HourglassTesting
import Testing

@Suite("Runs: every fire time on time, from the fire time, events in order")
struct SchedulerRunTests {
    typealias F = SchedulerFixture

    @Test("an interval job runs at each fire time, and the next run is computed from the fire time")
    func intervalRuns() async throws {
        let fixture = F()
        try await fixture.scheduler.add(id: "tick", trigger: IntervalTrigger(every: .seconds(10), start: F.at(10))) { _ in }
        try await fixture.scheduler.start()
        try await fixture.driver.run(until: F.at(35))
        #expect(fixture.finishedRuns("tick", outcome: .success) == [F.at(10), F.at(20), F.at(30)])
        #expect(try await fixture.scheduler.job("tick")?.nextRunTime == F.at(40))
        await fixture.scheduler.shutdown()
    }

    @Test("a cron job in a named zone runs at local wall-clock times")
    func cronRuns() async throws {
        let fixture = F { $0.timeZone = TimeZone(identifier: "Europe/Berlin")! }
        try await fixture.scheduler.add(id: "nine", cron: "0 9 * * *") { _ in }
        try await fixture.scheduler.start()
        try await fixture.driver.run(until: F.at(2 * 86_400))
        // 09:00 in Berlin in January is 08:00 UTC.
        #expect(fixture.finishedRuns("nine") == [F.at(8 * 3_600), F.at(86_400 + 8 * 3_600)])
        await fixture.scheduler.shutdown()
    }

    @Test("a run emits submitted, started, executed, finished and recorded, in that order, with lateness")
    func eventOrder() async throws {
        let fixture = F()
        try await fixture.scheduler.add(id: "once", trigger: DateTrigger(at: F.at(5))) { _ in }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(7))
        let kinds = fixture.recorder.events.filter { $0.jobID == "once" }.map(\.kind)
        #expect(kinds == [.jobAdded, .jobSubmitted, .jobRemoved, .runStarted, .jobExecuted, .runFinished, .runRecorded]
            || kinds == [.jobAdded, .jobRemoved, .jobSubmitted, .runStarted, .jobExecuted, .runFinished, .runRecorded]
            || kinds == [.jobAdded, .jobSubmitted, .runStarted, .jobRemoved, .jobExecuted, .runFinished, .runRecorded])
        let lateness = fixture.recorder.events.compactMap { event -> Duration? in
            if case .runStarted(_, let lateness) = event { return lateness }
            return nil
        }
        #expect(lateness == [.seconds(2)])
        await fixture.scheduler.shutdown()
    }

    @Test("a date job finishes after its run and is removed")
    func dateJobFinishes() async throws {
        let fixture = F()
        try await fixture.scheduler.add(id: "once", trigger: DateTrigger(at: F.at(5))) { _ in }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(5))
        #expect(fixture.finishedRuns("once") == [F.at(5)])
        #expect(try await fixture.scheduler.job("once") == nil)
        #expect(fixture.count(.jobRemoved, for: "once") == 1)
        await fixture.scheduler.shutdown()
    }

    @Test("a handler gets its decoded arguments and its context")
    func handlerArguments() async throws {
        struct Report: Codable, Sendable, Equatable { var to: String; var pages: Int }
        let fixture = F()
        let seen = EventRecorderBox<(Report, JobID, Date, Int)>()
        await fixture.scheduler.register("send-report") { (report: Report, context) in
            seen.append((report, context.jobID, context.scheduledFireTime, context.attempt))
        }
        try await fixture.scheduler.add(
            id: "report", trigger: DateTrigger(at: F.at(3)), handler: "send-report", arguments: Report(to: "ops", pages: 2))
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(3))
        let values = seen.values
        #expect(values.count == 1)
        #expect(values.first?.0 == Report(to: "ops", pages: 2))
        #expect(values.first?.1 == "report")
        #expect(values.first?.2 == F.at(3))
        #expect(values.first?.3 == 1)
        await fixture.scheduler.shutdown()
    }

    @Test("arguments that do not decode make the run fail with a message naming the handler")
    func badArguments() async throws {
        let fixture = F()
        await fixture.scheduler.register("needs-int") { (_: Int, _) in }
        try await fixture.scheduler.add(
            id: "bad", trigger: DateTrigger(at: F.at(1)), handler: "needs-int", arguments: "not a number")
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        let messages = fixture.recorder.events.compactMap { event -> String? in
            if case .jobError(_, let message) = event { return message }
            return nil
        }
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("arguments of handler 'needs-int' do not decode as Int: the value: ") == true, "\(messages)")
        #expect(messages.first?.contains("DecodingError") == false, "\(messages)")
        await fixture.scheduler.shutdown()
    }

    @Test("a blocking closure runs on a dedicated thread, not on the cooperative pool")
    func blockingRunsOnThread() async throws {
        let fixture = F()
        let names = EventRecorderBox<String>()
        try await fixture.scheduler.addBlocking(id: "block", trigger: DateTrigger(at: F.at(1))) { _ in
            names.append(Thread.current.name ?? "")
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        #expect(names.values == ["hourglass-block"])
        await fixture.scheduler.shutdown()
    }

    @Test("runNow runs once more and leaves the schedule as it was")
    func runNow() async throws {
        let fixture = F()
        let counter = Counter()
        let handle = try await fixture.scheduler.add(id: "job", trigger: IntervalTrigger(every: .seconds(60), start: F.at(60))) { _ in
            counter.increment()
        }
        try await fixture.scheduler.start()
        try await handle.runNow()
        await fixture.driver.advance(by: .zero)
        #expect(counter.count == 1)
        #expect(try await handle.job()?.nextRunTime == F.at(60))
        await fixture.scheduler.shutdown()
    }

    @Test("the next run times preview starts at the next run time")
    func preview() async throws {
        let fixture = F()
        let handle = try await fixture.scheduler.add(id: "job", trigger: IntervalTrigger(every: .seconds(60), start: F.at(60))) { _ in }
        #expect(try await handle.nextRunTimes(count: 3) == [F.at(60), F.at(120), F.at(180)])
    }
}

/// A thread-safe list that handlers append to.
final class EventRecorderBox<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])
    func append(_ value: Value) { storage.withLock { $0.append(value) } }
    var values: [Value] { storage.withLock { $0 } }
}

import Synchronization
import HourglassTestSupport
