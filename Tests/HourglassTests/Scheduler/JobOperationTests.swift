import Foundation
import Hourglass
import HourglassTesting
import Testing
import HourglassTestSupport

@Suite("Job operations: conflicts, pause and resume, reschedule, handlers, export")
struct JobOperationTests {
    typealias F = SchedulerFixture

    private func every(_ seconds: Int, from start: Double = 10) throws -> IntervalTrigger {
        try IntervalTrigger(every: .seconds(seconds), start: F.at(start))
    }

    @Test("an existing id: .fail throws jobExists naming the id, .keepExisting and .replace do what they say")
    func conflicts() async throws {
        let fixture = F()
        try await fixture.scheduler.add(id: "a", trigger: every(10)) { _ in }
        await #expect(throws: SchedulerError.self) { try await fixture.scheduler.add(id: "a", trigger: self.every(20)) { _ in } }
        do {
            try await fixture.scheduler.add(id: "a", trigger: every(20)) { _ in }
        } catch let error as SchedulerError {
            #expect(error.code == .jobExists)
            #expect(error.description.contains("job 'a'"))
        }
        try await fixture.scheduler.add(id: "a", trigger: every(30), onConflict: .keepExisting) { _ in }
        #expect(try await fixture.scheduler.job("a")?.nextRunTime == F.at(10))
        try await fixture.scheduler.add(id: "a", trigger: every(30, from: 30), onConflict: .replace) { _ in }
        #expect(try await fixture.scheduler.job("a")?.nextRunTime == F.at(30))
    }

    @Test("bad options are refused with the option's name")
    func badOptions() async throws {
        let fixture = F()
        do {
            try await fixture.scheduler.add(id: "a", trigger: every(10), options: JobOptions(maxConcurrentRuns: 0)) { _ in }
            Issue.record("no error")
        } catch let error as SchedulerError {
            #expect(error.code == .invalidArgument)
            #expect(error.field == "maxConcurrentRuns")
        }
    }

    @Test(
        "an empty or over-long id, a NUL in the id, name or handler, and an empty handler are refused with the field's name",
        arguments: [
            ("", nil, "h", "id", "is empty"),
            (String(repeating: "é", count: 501), nil, "h", "id", "1002 bytes long"),
            ("a\u{0}b", nil, "h", "id", "NUL character (at byte 1)"),
            ("a", "nightly\u{0}", "h", "name", "NUL character (at byte 7)"),
            ("a", nil, "\u{0}h", "handler", "NUL character (at byte 0)"),
            ("a", nil, "", "handler", "is empty"),
        ] as [(String, String?, String, String, String)])
    func badJobFields(id: String, name: String?, handler: String, field: String, reason: String) async throws {
        let fixture = F()
        let job = Job(id: JobID(id), name: name, trigger: try every(10), target: .handler(name: handler, arguments: nil))
        for attempt in 0..<2 {
            do {
                if attempt == 0 { try await fixture.scheduler.add(job) } else { try await fixture.scheduler.add([job]) }
                Issue.record("no error")
            } catch let error as SchedulerError {
                #expect(error.code == .invalidArgument)
                #expect(error.field == field)
                #expect(error.reason.contains(reason))
            }
        }
        #expect(try await fixture.scheduler.jobs().isEmpty)
    }

    @Test("an id of the longest length is kept; a change that puts a NUL in the name is refused")
    func longestIDAndBadChange() async throws {
        let fixture = F()
        let id = JobID(String(repeating: "x", count: Job.maximumIDLength))
        try await fixture.scheduler.add(Job(id: id, trigger: try every(10), target: .handler(name: "h", arguments: nil)))
        #expect(try await fixture.scheduler.job(id)?.id == id)
        await #expect(throws: SchedulerError.self) {
            try await fixture.scheduler.modify(id) { $0.name = "a\u{0}" }
        }
        var changed = try #require(try await fixture.scheduler.job(id))
        changed.name = "\u{0}"
        await #expect(throws: SchedulerError.self) { try await fixture.scheduler.update(changed) }
        #expect(try await fixture.scheduler.job(id)?.name == nil)
    }

    @Test("a trigger with no future fire time is refused")
    func pastDate() async throws {
        let fixture = F()
        await #expect(throws: SchedulerError.self) {
            try await fixture.scheduler.add(id: "a", trigger: DateTrigger(at: F.at(-5))) { _ in }
        }
    }

    @Test("a paused job does not run; resuming recomputes from now or from a given date")
    func pauseAndResume() async throws {
        let fixture = F()
        let handle = try await fixture.scheduler.add(id: "a", trigger: every(10)) { _ in }
        try await fixture.scheduler.start()
        try await handle.pause()
        #expect(try await handle.job()?.isPaused == true)
        try await fixture.driver.run(until: F.at(45))
        #expect(fixture.finishedRuns("a").isEmpty)
        #expect(try await handle.resume()?.nextRunTime == F.at(50))
        try await handle.pause()
        try await handle.resume(from: F.at(15))  // 20, 30 and 40 are due: coalesced into one run for 40
        await fixture.driver.advance(by: .zero)
        #expect(fixture.finishedRuns("a") == [F.at(40)])
        await fixture.scheduler.shutdown()
    }

    @Test("reschedule gives a new trigger and a next run time from now")
    func reschedule() async throws {
        let fixture = F()
        let handle = try await fixture.scheduler.add(id: "a", trigger: every(10)) { _ in }
        try await handle.reschedule(IntervalTrigger(every: .seconds(100), start: F.at(100)))
        #expect(try await handle.nextRunTimes(count: 2) == [F.at(100), F.at(200)])
        #expect(fixture.count(.jobModified, for: "a") == 1)
    }

    @Test("remove and removeAllJobs emit events; removing a missing job is jobNotFound")
    func remove() async throws {
        let fixture = F()
        try await fixture.scheduler.add(id: "a", trigger: every(10)) { _ in }
        try await fixture.scheduler.add(id: "b", trigger: every(10)) { _ in }
        try await fixture.scheduler.remove("a")
        #expect(fixture.count(.jobRemoved, for: "a") == 1)
        await #expect(throws: SchedulerError.self) { try await fixture.scheduler.remove("a") }
        try await fixture.scheduler.removeAllJobs()
        #expect(try await fixture.scheduler.jobs().isEmpty)
        #expect(fixture.count(.allJobsRemoved) == 1)
    }

    @Test("a job whose handler is missing stays, is listed unrunnable, and runs once the handler is registered")
    func unrunnable() async throws {
        let fixture = F()
        try await fixture.scheduler.add(id: "a", trigger: DateTrigger(at: F.at(5)), handler: "later")
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(5))
        #expect(fixture.count(.jobUnrunnable, for: "a") == 1)
        let listed = try await fixture.scheduler.jobs()
        #expect(listed.map(\.id) == ["a"])
        #expect(listed.first?.isRunnable == false)
        let ran = Counter()
        await fixture.scheduler.register("later") { _ in ran.increment() }
        await fixture.driver.advance(by: .zero)
        #expect(ran.count == 1)
        #expect(try await fixture.scheduler.job("a") == nil)
        await fixture.scheduler.shutdown()
    }

    @Test("a closure job in a persistent store is refused with closureNotStorable")
    func closureInPersistentStore() async throws {
        let fixture = F()
        try await fixture.scheduler.addStore(PersistentMemoryStore(), named: "durable")
        do {
            try await fixture.scheduler.add(id: "a", trigger: every(10), store: "durable") { _ in }
            Issue.record("no error")
        } catch let error as SchedulerError {
            #expect(error.code == .closureNotStorable)
        }
        try await fixture.scheduler.add(id: "a", trigger: every(10), handler: "h", store: "durable")
        #expect(try await fixture.scheduler.jobs(in: "durable").map(\.id) == ["a"])
    }

    @Test("a batch add adds every job with its first run time, or none when one is refused")
    func batchAdd() async throws {
        let fixture = F()
        let jobs = try (1...3).map { Job(id: JobID("j\($0)"), trigger: try every($0 * 10, from: Double($0 * 10)), target: .handler(name: "h", arguments: nil)) }
        let handles = try await fixture.scheduler.add(jobs)
        #expect(handles.map(\.id) == ["j1", "j2", "j3"])
        #expect(try await fixture.scheduler.jobs().map(\.nextRunTime) == [F.at(10), F.at(20), F.at(30)])
        #expect(fixture.count(.jobAdded) == 3)
        let clash = [Job(id: "j4", trigger: try every(5), target: .handler(name: "h", arguments: nil)), jobs[0]]
        await #expect(throws: SchedulerError.self) { try await fixture.scheduler.add(clash) }
        #expect(try await fixture.scheduler.job("j4") == nil)
    }

    @Test("export then import restores handler jobs with their options and next run times")
    func exportImport() async throws {
        let fixture = F()
        try await fixture.scheduler.add(
            id: "a", trigger: every(10), handler: "h", arguments: ["x": 1],
            options: JobOptions(coalesce: .all, tags: ["nightly"]))
        try await fixture.scheduler.add(id: "closure", trigger: every(10)) { _ in }
        let exported = try await fixture.scheduler.exportJobs()
        let other = F()
        let handles = try await other.scheduler.importJobs(exported)
        #expect(handles.map(\.id) == ["a"])
        #expect(try await other.scheduler.job("a") == fixture.scheduler.job("a"))
        await #expect(throws: SchedulerError.self) { try await other.scheduler.importJobs(exported) }
        await #expect(throws: SchedulerError.self) { try await other.scheduler.importJobs(Data(#"{"version": 2, "jobs": []}"#.utf8)) }
    }

    @Test("a closure job encodes without its body and is refused when read back")
    func closureJobsDoNotDecode() async throws {
        let fixture = F()
        let handle = try await fixture.scheduler.add(id: "c", trigger: every(10)) { _ in }
        let job = try #require(try await handle.job())
        let encoded = try JSONEncoder().encode(job)
        #expect(String(decoding: encoded, as: UTF8.self).contains(#""closure":true"#))
        #expect(throws: SchedulerError.self) { try JSONDecoder().decode(Job.self, from: encoded) }
        let document = Data(#"{"version": 1, "jobs": [{"store": "default", "job": "#.utf8) + encoded + Data("}]}".utf8)
        do {
            try await fixture.scheduler.importJobs(document)
            Issue.record("no error")
        } catch let error as SchedulerError {
            #expect(error.code == .closureNotStorable)
        }
        let other = try await fixture.scheduler.add(id: "d", trigger: every(10)) { _ in }
        #expect(job.target.isClosure)
        #expect(try await handle.job()?.target == job.target, "a closure target equals itself")
        #expect(try await other.job()?.target != job.target, "two closures are never equal")
    }

    @Test("shutdown without waiting cancels running jobs; the scheduler cannot start again")
    func shutdownCancels() async throws {
        let fixture = F()
        let clock = fixture.clock
        try await fixture.scheduler.add(id: "slow", trigger: DateTrigger(at: F.at(1))) { _ in
            try await clock.sleep(until: F.at(1_000))
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        await fixture.scheduler.shutdown(waitForRunningJobs: false)
        #expect(fixture.finishedRuns("slow", outcome: .cancelled) == [F.at(1)])
        #expect(fixture.count(.schedulerShutdown) == 1)
        await #expect(throws: SchedulerError.self) { try await fixture.scheduler.start() }
    }

    @Test("a paused scheduler runs nothing until resumed")
    func pausedScheduler() async throws {
        let fixture = F()
        try await fixture.scheduler.add(id: "a", trigger: every(10)) { _ in }
        try await fixture.scheduler.start(paused: true)
        await fixture.driver.advance(to: F.at(15))
        #expect(fixture.finishedRuns("a").isEmpty)
        await fixture.scheduler.resume()
        await fixture.driver.advance(by: .zero)
        #expect(fixture.finishedRuns("a") == [F.at(10)])
        #expect(fixture.count(.schedulerPaused) == 1 && fixture.count(.schedulerResumed) == 1)
        await fixture.scheduler.shutdown()
    }
}

/// A memory store that says it is persistent, to check the scheduler's closure rule.
struct PersistentMemoryStore: MemoryStoreWrapper {
    let base = MemoryJobStore()
    var isPersistent: Bool { true }
}
