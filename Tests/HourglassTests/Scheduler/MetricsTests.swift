import Foundation
import Hourglass
import HourglassTesting
import HourglassTestSupport
import Metrics
import MetricsTestKit
import Synchronization
import Testing

/// The scheduler's metrics, through a test backend given in the configuration (no
/// process-wide bootstrap, so tests do not see each other's metrics).
@Suite("Metrics: runs by job and outcome, next fire times, claims, retirement")
struct MetricsTests {
    typealias F = SchedulerFixture

    private static func fixture(_ metrics: TestMetrics) -> SchedulerFixture {
        SchedulerFixture { $0.metricsFactory = metrics }
    }

    private static func dimensions(_ job: String, _ extra: (String, String)...) -> [(String, String)] {
        [("job", job), ("store", "default")] + extra
    }

    @Test("runs count by job and outcome; duration and lateness per run; no run id in any dimension")
    func runsByJobAndOutcome() async throws {
        let metrics = TestMetrics()
        let fixture = Self.fixture(metrics)
        try await fixture.scheduler.add(id: "ok", trigger: IntervalTrigger(every: .seconds(10), start: F.at(10))) { _ in }
        try await fixture.scheduler.add(id: "bad", trigger: IntervalTrigger(every: .seconds(10), start: F.at(10))) { _ in
            throw Failing()
        }
        try await fixture.scheduler.start()
        try await fixture.driver.run(until: F.at(35))
        #expect(metrics.counterTotal(label: SchedulerMetricNames.runs, dimensions: Self.dimensions("ok", ("outcome", "success"))) == 3)
        #expect(metrics.counterTotal(label: SchedulerMetricNames.runs, dimensions: Self.dimensions("bad", ("outcome", "error"))) == 3)
        #expect(metrics.counterTotal(label: SchedulerMetricNames.runs, dimensions: Self.dimensions("ok", ("outcome", "error"))) == 0)
        #expect(try metrics.expectTimer(SchedulerMetricNames.runDuration, Self.dimensions("ok")).values.count == 3)
        #expect(try metrics.expectTimer(SchedulerMetricNames.runLateness, Self.dimensions("bad")).values == [0, 0, 0])
        let runs = metrics.counters(label: SchedulerMetricNames.runs)
        #expect(Set(runs.flatMap(\.dimensions).map(\.0)) == ["job", "store", "outcome"])
        #expect(Set(metrics.timers.flatMap(\.dimensions).map(\.0)) == ["job", "store"])
        await fixture.scheduler.shutdown()
    }

    @Test("the next fire time follows adds, runs and pauses, and goes with the job")
    func nextFireTime() async throws {
        let metrics = TestMetrics()
        let fixture = Self.fixture(metrics)
        try await fixture.scheduler.add(id: "tick", trigger: IntervalTrigger(every: .seconds(10), start: F.at(10))) { _ in }
        let gauge = { try metrics.expectGauge(SchedulerMetricNames.nextFireTime, Self.dimensions("tick")).lastValue }
        #expect(try gauge() == F.at(10).timeIntervalSince1970)
        try await fixture.scheduler.start()
        try await fixture.driver.run(until: F.at(25))
        #expect(try gauge() == F.at(30).timeIntervalSince1970)
        try await fixture.scheduler.pauseJob("tick")
        #expect(metrics.recorders(label: SchedulerMetricNames.nextFireTime).isEmpty)
        try await fixture.scheduler.resumeJob("tick")
        #expect(try gauge() == F.at(30).timeIntervalSince1970)
        try await fixture.scheduler.remove("tick")
        #expect(metrics.recorders(label: SchedulerMetricNames.nextFireTime).isEmpty)
        await fixture.scheduler.shutdown()
    }

    @Test("a finished one-shot job keeps its run series for a while, then they go")
    func retirement() async throws {
        let metrics = TestMetrics()
        let fixture = Self.fixture(metrics)
        try await fixture.scheduler.add(id: "once", trigger: DateTrigger(at: F.at(5))) { _ in }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(6))
        let success = Self.dimensions("once", ("outcome", "success"))
        #expect(metrics.counterTotal(label: SchedulerMetricNames.runs, dimensions: success) == 1)
        #expect(metrics.recorders(label: SchedulerMetricNames.nextFireTime).isEmpty)
        await fixture.driver.advance(to: F.at(6 + 299))
        #expect(metrics.counters(label: SchedulerMetricNames.runs, dimensions: success).count == 1)
        await fixture.driver.advance(to: F.at(6 + 301))
        #expect(metrics.counters(label: SchedulerMetricNames.runs, dimensions: success).isEmpty)
        #expect(metrics.timers(label: SchedulerMetricNames.runDuration).isEmpty)
        await fixture.scheduler.shutdown()
    }

    @Test("claims record their sizes; a failing store counts its errors")
    func claimsAndStoreErrors() async throws {
        let metrics = TestMetrics()
        let store = FailingClaims()
        let fixture = SchedulerFixture {
            $0.metricsFactory = metrics
            $0.defaultStore = store
        }
        for index in 0..<3 {
            try await fixture.scheduler.add(id: JobID("j\(index)"), trigger: DateTrigger(at: F.at(5))) { _ in }
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(6))
        let sizes = try metrics.expectRecorder(SchedulerMetricNames.claimBatchSize, [("store", "default")]).values
        #expect(sizes.contains(3))
        store.failing.withLock { $0 = true }
        await fixture.driver.advance(to: F.at(10))
        let errors = [("store", "default"), ("operation", "dispatch")]
        #expect(metrics.counterTotal(label: SchedulerMetricNames.storeErrors, dimensions: errors) == 1)
        await fixture.scheduler.shutdown()
    }

    @Test("a history write that fails counts as a store error")
    func historyErrors() async throws {
        let metrics = TestMetrics()
        let fixture = Self.fixture(metrics)
        try await fixture.scheduler.addStore(FlakyHistoryStore(failures: 1), named: "flaky")
        await fixture.scheduler.register("quick") { _ in }
        try await fixture.scheduler.add(id: "once", trigger: DateTrigger(at: F.at(10)), handler: "quick", store: "flaky")
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(10))
        let errors = [("store", "flaky"), ("operation", "history")]
        #expect(metrics.counterTotal(label: SchedulerMetricNames.storeErrors, dimensions: errors) == 1)
        await fixture.scheduler.shutdown()
    }

    @Test("runs in flight count up while a run sleeps and down when it ends")
    func runsInFlight() async throws {
        let metrics = TestMetrics()
        let fixture = Self.fixture(metrics)
        let clock = fixture.clock
        try await fixture.scheduler.add(id: "slow", trigger: DateTrigger(at: F.at(5))) { _ in
            try await clock.sleep(until: F.at(60))
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(5))
        #expect(try metrics.expectGauge(SchedulerMetricNames.runsInFlight).lastValue == 1)
        await fixture.driver.advance(to: F.at(60))
        #expect(try metrics.expectGauge(SchedulerMetricNames.runsInFlight).lastValue == 0)
        await fixture.scheduler.shutdown()
    }
}

/// A memory store whose claims fail while `failing` is set.
private final class FailingClaims: MemoryStoreWrapper {
    let base = MemoryJobStore()
    let failing = Mutex(false)
    var isPersistent: Bool { false }

    func claimDueJobs(now: Date, limit: Int, owner: String, lease: Duration) throws -> [ClaimedJob] {
        if failing.withLock({ $0 }) { throw Failing() }
        return base.claimDueJobs(now: now, limit: limit, owner: owner, lease: lease)
    }
}
