import Foundation
import Testing

@testable import Hourglass

/// The planning step of a dispatch, without a scheduler, store or clock: claimed jobs and
/// an instant in, completions, records and runs out.
@Suite("Dispatch plans (pure planning of claimed jobs)")
struct DispatchPlanTests {
    static let t0 = Date(timeIntervalSince1970: 1_000)
    static let claim = JobClaim(owner: "me", leaseExpiry: t0.addingTimeInterval(60), token: 7, revision: 1)
    static let executor = TaskExecutor()
    static let blocking = BlockingExecutor()

    static func targets(handlers: [String: JobHandler] = [:]) -> TargetResolver {
        TargetResolver(handlers: handlers, executors: ["default": executor, "blocking": blocking])
    }

    static func handler(blocking: Bool = false) -> JobHandler {
        JobHandler(makeBody: { _ in .async { _ in } }, executor: nil, isBlocking: blocking)
    }

    /// A job every 10 s from t0, first due at `due`.
    static func job(
        _ id: String, due: Date?, options: JobOptions = JobOptions(), target: JobTarget = .closure(JobClosure(.async { _ in }))
    ) throws -> ClaimedJob {
        let trigger = try IntervalTrigger(every: .seconds(10), start: t0)
        return ClaimedJob(job: Job(id: JobID(id), trigger: trigger, target: target, options: options, nextRunTime: due), claim: claim)
    }

    static func plan(_ claimed: [ClaimedJob], now: Date, targets: TargetResolver = targets()) -> DispatchPlan {
        DispatchPlan(claimed: claimed, now: now, store: "default", owner: "me", targets: targets)
    }

    @Test("A job due now runs once and is rescheduled for its next fire time")
    func dueJobRuns() throws {
        let plan = Self.plan([try Self.job("a", due: Self.t0)], now: Self.t0.addingTimeInterval(1))
        #expect(plan.runs.map(\.info.fireTime) == [Self.t0])
        #expect(plan.runs.map(\.target.executorName) == ["default"])
        #expect(plan.completions.map(\.outcome) == [.reschedule(Self.t0.addingTimeInterval(10))])
        #expect(plan.records.isEmpty)
        #expect(plan.notices.isEmpty)
    }

    @Test("A claimed job without a next run time is released and runs nothing")
    func noNextRunTimeReleases() throws {
        let plan = Self.plan([try Self.job("a", due: nil)], now: Self.t0)
        #expect(plan.completions.map(\.outcome) == [.release])
        #expect(plan.runs.isEmpty)
    }

    @Test("Missed fire times coalesce into the latest, with one skipped record for the rest")
    func coalesceLatest() throws {
        let plan = Self.plan([try Self.job("a", due: Self.t0)], now: Self.t0.addingTimeInterval(35))
        #expect(plan.runs.map(\.info.fireTime) == [Self.t0.addingTimeInterval(30)])
        #expect(plan.records.map(\.status) == [.skipped])
        #expect(plan.records.map(\.scheduledFireTime) == [Self.t0])
        #expect(plan.completions.map(\.outcome) == [.reschedule(Self.t0.addingTimeInterval(40))])
        guard case .merged(let info, _)? = plan.notices.first else {
            Issue.record("expected a merged notice, got \(plan.notices)")
            return
        }
        #expect(info.fireTime == Self.t0)
    }

    @Test("Coalesce all runs every due fire time up to the catch-up limit; the next is missed")
    func coalesceAllWithLimit() throws {
        let options = JobOptions(coalesce: .all, catchUpLimit: 2)
        let plan = Self.plan([try Self.job("a", due: Self.t0, options: options)], now: Self.t0.addingTimeInterval(35))
        #expect(plan.runs.map(\.info.fireTime) == [Self.t0, Self.t0.addingTimeInterval(10)])
        #expect(plan.records.map(\.status) == [.missed])
        #expect(plan.records.map(\.scheduledFireTime) == [Self.t0.addingTimeInterval(20)])
        #expect(plan.completions.map(\.outcome) == [.reschedule(Self.t0.addingTimeInterval(40))])
        #expect(plan.notices == [.missed(RunInfo(jobID: "a", store: "default", fireTime: Self.t0.addingTimeInterval(20), attempt: 1))])
    }

    @Test("A run later than its misfire grace time is missed, and the job still completes")
    func misfireGrace() throws {
        let options = JobOptions(misfireGraceTime: .seconds(1))
        let plan = Self.plan([try Self.job("a", due: Self.t0, options: options)], now: Self.t0.addingTimeInterval(2))
        #expect(plan.runs.isEmpty)
        #expect(plan.records.map(\.status) == [.missed])
        #expect(plan.records.first?.message == "not run: later than its misfire grace time")
        #expect(plan.records.first?.owner == "me")
        #expect(plan.completions.map(\.outcome) == [.reschedule(Self.t0.addingTimeInterval(10))])
    }

    @Test("A job whose handler is not registered keeps its claim: no completion, no run")
    func unrunnableIsHeld() throws {
        let item = try Self.job("a", due: Self.t0, target: .handler(name: "missing", arguments: nil))
        let plan = Self.plan([item], now: Self.t0)
        #expect(plan.completions.isEmpty)
        #expect(plan.runs.isEmpty)
        #expect(plan.notices == [.unrunnable(item)])
    }

    @Test("A blocking handler goes to the blocking executor unless the job names another")
    func handlerExecutor() throws {
        let targets = Self.targets(handlers: ["work": Self.handler(blocking: true)])
        let claimed = [
            try Self.job("a", due: Self.t0, target: .handler(name: "work", arguments: nil)),
            try Self.job("b", due: Self.t0, options: JobOptions(executor: "default"), target: .handler(name: "work", arguments: nil)),
            try Self.job("c", due: Self.t0, options: JobOptions(executor: "gone"), target: .handler(name: "work", arguments: nil)),
        ]
        let plan = Self.plan(claimed, now: Self.t0, targets: targets)
        #expect(plan.runs.map(\.target.executorName) == ["blocking", "default"])
        #expect(plan.completions.map(\.id) == ["a", "b"])
        #expect(plan.notices == [.unrunnable(claimed[2])])
    }

    @Test("After admission: started runs are submitted, refused ones skipped or wait, lost ones withdrawn")
    func decisions() throws {
        let plan = Self.plan(
            [
                try Self.job("a", due: Self.t0), try Self.job("b", due: Self.t0),
                try Self.job("c", due: Self.t0, options: JobOptions(overflow: .queue)), try Self.job("d", due: Self.t0),
            ], now: Self.t0)
        let inStore = DispatchPlan.decide(
            planned: plan.runs, admissions: [.start, .start, .start, .start], started: [true, false, false],
            lost: ["d"], limitsInStore: true)
        #expect(inStore == [.submit, .skipped(withdraw: true), .waitForPlace, .lost(withdraw: true)])
        let inMemory = DispatchPlan.decide(
            planned: plan.runs, admissions: [.start, .rejected, .queued, .rejected], started: [], lost: ["d"],
            limitsInStore: false)
        #expect(inMemory == [.submit, .skipped(withdraw: false), .queued, .lost(withdraw: false)])
    }
}
