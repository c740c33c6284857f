import Foundation
import Hourglass
import HourglassTestSupport
import HourglassTesting
import Synchronization
import Testing

private struct Greeting: Codable, Sendable, Hashable {
    var name: String
    var times: Int
}

extension JobName where Arguments == Greeting {
    fileprivate static var greet: Self { Self("greet") }
}

/// What the handlers of these tests were called with.
private final class Calls<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}

@Suite("The typed job API: JobName, schedule shortcuts, the update policy, the default store")
struct TypedJobTests {
    typealias F = SchedulerFixture

    @Test("a handler registered under a JobName gets its jobs' arguments as its own type")
    func typedArguments() async throws {
        let fixture = F()
        let calls = Calls<Greeting>()
        await fixture.scheduler.register(.greet) { arguments, _ in calls.append(arguments) }
        try await fixture.scheduler.add(
            id: "hello", trigger: DateTrigger(at: F.at(5)), handler: .greet, arguments: Greeting(name: "Ada", times: 2))
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(5))
        #expect(calls.all == [Greeting(name: "Ada", times: 2)])
        await fixture.scheduler.shutdown()
    }

    @Test("a job added by name as a string, with JSON arguments, runs the typed handler")
    func stringNamesReachTypedHandlers() async throws {
        let fixture = F()
        let calls = Calls<Greeting>()
        await fixture.scheduler.register(.greet) { arguments, _ in calls.append(arguments) }
        try await fixture.scheduler.add(Job(
            id: "dynamic", trigger: DateTrigger(at: F.at(5)),
            target: .handler(name: "greet", arguments: JobArguments(json: #"{"name":"Grace","times":1}"#))))
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(5))
        #expect(calls.all == [Greeting(name: "Grace", times: 1)])
        await fixture.scheduler.shutdown()
    }

    @Test("a handler without arguments stores none, and runs on cron: and every: shortcuts")
    func noArgumentsAndShortcuts() async throws {
        let fixture = F()
        let tick = JobName<NoArguments>("tick")
        let calls = Calls<JobID>()
        await fixture.scheduler.register(tick) { _, context in calls.append(context.jobID) }
        try await fixture.scheduler.add(id: "every", every: .seconds(40), handler: tick)
        try await fixture.scheduler.add(id: "cron", cron: "1 0 * * *", handler: tick)
        try await fixture.scheduler.add(id: "greet-cron", cron: "2 0 * * *", handler: .greet, arguments: Greeting(name: "x", times: 1))
        #expect(try await fixture.scheduler.job("every")?.target == .handler(name: "tick", arguments: nil))
        #expect(try await fixture.scheduler.job("greet-cron")?.target
            == .handler(name: "greet", arguments: JobArguments(json: #"{"name":"x","times":1}"#)))
        try await fixture.scheduler.start()
        try await fixture.driver.run(until: F.at(90))
        #expect(Set(calls.all) == ["every", "cron"])
        #expect(calls.all.filter { $0 == "every" }.count == 2)
        await fixture.scheduler.shutdown()
    }

    @Test("a closure job on every: runs once per interval")
    func closureEvery() async throws {
        let fixture = F()
        let counter = Counter()
        try await fixture.scheduler.add(id: "beat", every: .seconds(30)) { _ in counter.increment() }
        try await fixture.scheduler.start()
        try await fixture.driver.run(until: F.at(95))
        #expect(counter.count == 3)
        await fixture.scheduler.shutdown()
    }

    @Test("schedule shortcuts give the triggers they name")
    func shortcuts() throws {
        let berlin = try TimeZone.named("Europe/Berlin")
        let daily: CronTrigger = try .daily(at: 3, minute: 30, timeZone: berlin)
        #expect(daily == (try CronTrigger("30 3 * * *", timeZone: berlin)))
        let hourly: CronTrigger = try .hourly(atMinute: 15)
        #expect(hourly == (try CronTrigger("15 * * * *")))
        let every: IntervalTrigger = try .every(.seconds(30))
        #expect(every == (try IntervalTrigger(every: .seconds(30), start: Date(timeIntervalSince1970: 0))))
        let cron: CronTrigger = try .cron("0 9 * * mon-fri", timeZone: berlin)
        #expect(cron.timeZone == berlin)
    }

    @Test(
        "schedule shortcuts refuse values out of range, naming the field",
        arguments: [(24, 0, "hour"), (-1, 0, "hour"), (3, 60, "minute"), (3, -5, "minute"), (Int.max, 0, "hour")])
    func shortcutErrors(hour: Int, minute: Int, field: String) {
        #expect {
            _ = try CronTrigger.daily(at: hour, minute: minute)
        } throws: { error in
            (error as? TriggerError)?.code == .invalidArgument && (error as? TriggerError)?.field == field
        }
    }

    @Test("every: refuses a zero or negative interval")
    func everyErrors() async throws {
        let fixture = F()
        await #expect(throws: TriggerError.self) {
            try await fixture.scheduler.add(id: "never", every: .zero) { _ in }
        }
        await #expect(throws: TriggerError.self) {
            try await fixture.scheduler.add(id: "never", every: .seconds(-5), handler: JobName<NoArguments>("tick"))
        }
    }

    @Test("adding the same jobs at every start with .update neither fails nor moves their next runs")
    func addAtEveryStart() async throws {
        let store = MemoryJobStore()
        let clock = ManualClock(now: F.start)
        func boot() async throws -> Scheduler {
            var configuration = Scheduler.Configuration()
            configuration.clock = clock
            configuration.defaultStore = store
            let scheduler = Scheduler(configuration: configuration)
            try await scheduler.add(id: "report", cron: "0 3 * * *", handler: .greet, arguments: Greeting(name: "ops", times: 1), onConflict: .update)
            try await scheduler.add(id: "sweep", trigger: .every(.seconds(3_600)), handler: "sweep", onConflict: .update)
            return scheduler
        }
        _ = try await boot()
        let first = try #require(store.job("sweep")?.nextRunTime)
        clock.advance(by: .seconds(600))
        _ = try await boot()
        #expect(store.job("sweep")?.nextRunTime == first, "a second start moved the next run")
        #expect(store.jobs(matching: JobFilter()).count == 2)
    }

    @Test("with .update, a changed trigger takes effect from now, and a changed argument keeps the next run")
    func updateChanges() async throws {
        let fixture = F()
        try await fixture.scheduler.add(id: "report", cron: "0 3 * * *", handler: .greet, arguments: Greeting(name: "a", times: 1))
        fixture.clock.advance(by: .seconds(3_600 * 5))
        try await fixture.scheduler.add(id: "report", cron: "0 3 * * *", handler: .greet, arguments: Greeting(name: "b", times: 1), onConflict: .update)
        var job = try #require(try await fixture.scheduler.job("report"))
        #expect(job.nextRunTime == F.at(3 * 3_600), "a changed argument moved the next run")
        #expect(job.target == .handler(name: "greet", arguments: JobArguments(json: #"{"name":"b","times":1}"#)))
        try await fixture.scheduler.add(id: "report", cron: "0 6 * * *", handler: .greet, arguments: Greeting(name: "b", times: 1), onConflict: .update)
        job = try #require(try await fixture.scheduler.job("report"))
        #expect(job.nextRunTime == F.at(6 * 3_600))
        #expect(fixture.count(.jobModified, for: "report") == 2)
    }

    @Test("the configured default store holds the jobs of calls that name no store")
    func configuredDefaultStore() async throws {
        let store = MemoryJobStore()
        let fixture = F { $0.defaultStore = store }
        try await fixture.scheduler.add(id: "kept", every: .seconds(60), handler: JobName<NoArguments>("tick"))
        #expect(store.job("kept") != nil)
        #expect(await fixture.scheduler.storeNames == [Scheduler.defaultName])
    }
}
