import Foundation
import Hourglass
import HourglassTestSupport
import InMemoryTracing
import Testing
import Tracing

@Suite("Tracing: a span per run attempt, current in the job's body")
struct TracingTests {
    typealias F = SchedulerFixture

    /// A scheduler fixture whose runs' spans go to `tracer`.
    private static func fixture(_ tracer: InMemoryTracer) -> F {
        F { $0.tracer = tracer }
    }

    private static func spans(_ tracer: InMemoryTracer, named name: String) -> [FinishedInMemorySpan] {
        tracer.finishedSpans.filter { $0.operationName == name }
    }

    @Test("a run makes one hourglass.run span with the job's attributes and its outcome")
    func oneSpanPerRun() async throws {
        let tracer = InMemoryTracer()
        let fixture = Self.fixture(tracer)
        try await fixture.scheduler.add(id: "report", name: "Nightly report", trigger: DateTrigger(at: F.at(1))) { _ in }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        let spans = tracer.finishedSpans
        #expect(spans.count == 1)
        let span = try #require(spans.first)
        #expect(span.operationName == "hourglass.run")
        #expect(span.parentSpanID == nil)
        #expect(span.attributes.get("hourglass.job.id") == .string("report"))
        #expect(span.attributes.get("hourglass.job.name") == .string("Nightly report"))
        #expect(span.attributes.get("hourglass.store") == .string("default"))
        #expect(span.attributes.get("hourglass.fire_time") == .string("2026-01-01T00:00:01+00:00"))
        #expect(span.attributes.get("hourglass.attempt") == .int64(1))
        #expect(span.attributes.get("hourglass.scheduler.id") == .string("test"))
        #expect(span.attributes.get("hourglass.outcome") == .string("success"))
        #expect(span.errors.isEmpty)
        #expect(span.status == nil)
        await fixture.scheduler.shutdown()
    }

    @Test("a failing run records its error on the span and sets the status to error")
    func failingRun() async throws {
        let tracer = InMemoryTracer()
        let fixture = Self.fixture(tracer)
        try await fixture.scheduler.add(id: "broken", trigger: DateTrigger(at: F.at(1))) { _ in throw Failing() }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        let span = try #require(tracer.finishedSpans.first)
        #expect(tracer.finishedSpans.count == 1)
        #expect(span.attributes.get("hourglass.outcome") == .string("error"))
        #expect(span.errors.count == 1)
        #expect(span.errors.first?.error is Failing)
        #expect(span.status?.code == .error)
        await fixture.scheduler.shutdown()
    }

    @Test("a span started in the body is a child of the run's span, and the context is the job's")
    func childSpanInAsyncBody() async throws {
        let tracer = InMemoryTracer()
        let fixture = Self.fixture(tracer)
        let sameContext = EventRecorderBox<Bool>()
        try await fixture.scheduler.add(id: "nested", trigger: DateTrigger(at: F.at(1))) { context in
            let current = ServiceContext.current?.inMemorySpanContext
            sameContext.append(current != nil && current == context.serviceContext?.inMemorySpanContext)
            tracer.withSpan("work") { _ in }
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        let run = try #require(Self.spans(tracer, named: "hourglass.run").first)
        let child = try #require(Self.spans(tracer, named: "work").first)
        #expect(child.traceID == run.traceID)
        #expect(child.parentSpanID == run.spanID)
        #expect(sameContext.values == [true])
        await fixture.scheduler.shutdown()
    }

    @Test(
        "a blocking body sees the run's context on its thread",
        arguments: [nil, Duration.seconds(600)])
    func childSpanInBlockingBody(timeout: Duration?) async throws {
        // Without a timeout the run goes whole on a thread; with one, a task hands the body to a thread.
        let tracer = InMemoryTracer()
        let fixture = Self.fixture(tracer)
        let threads = EventRecorderBox<String>()
        try await fixture.scheduler.addBlocking(
            id: "blocking", trigger: DateTrigger(at: F.at(1)), options: JobOptions(timeout: timeout)
        ) { _ in
            threads.append(Thread.current.name ?? "")
            tracer.withSpan("blocking-work") { _ in }
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        // A run with a timeout looks asleep to the driver while its body runs (its timer
        // sleeps on the manual clock): wait for its end.
        try await waitUntil("the run ends") { fixture.count(.runFinished) == 1 }
        let run = try #require(Self.spans(tracer, named: "hourglass.run").first)
        let child = try #require(Self.spans(tracer, named: "blocking-work").first)
        #expect(threads.values == ["hourglass-block"])
        #expect(child.traceID == run.traceID)
        #expect(child.parentSpanID == run.spanID)
        await fixture.scheduler.shutdown()
    }

    @Test("a retry's second attempt gets a span of its own, with attempt 2")
    func retryAttemptSpan() async throws {
        let tracer = InMemoryTracer()
        let fixture = Self.fixture(tracer)
        let attempts = Counter()
        try await fixture.scheduler.add(
            id: "flaky", trigger: DateTrigger(at: F.at(1)),
            options: JobOptions(retry: RetryPolicy(maxAttempts: 2, initialBackoff: .seconds(2)))
        ) { _ in
            attempts.increment()
            if attempts.count == 1 { throw Failing() }
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        #expect(tracer.finishedSpans.count == 1)
        await fixture.driver.advance(to: F.at(3))
        let spans = tracer.finishedSpans
        #expect(spans.map { $0.attributes.get("hourglass.attempt") } == [.int64(1), .int64(2)])
        #expect(spans.map { $0.attributes.get("hourglass.outcome") } == [.string("error"), .string("success")])
        #expect(spans.map(\.errors.count) == [1, 0])
        #expect(Set(spans.map(\.spanID)).count == 2)
        await fixture.scheduler.shutdown()
    }

    @Test("a run past its timeout ends its span as timed_out, status error")
    func timedOutRun() async throws {
        let tracer = InMemoryTracer()
        let fixture = Self.fixture(tracer)
        let clock = fixture.clock
        try await fixture.scheduler.add(
            id: "slow", trigger: DateTrigger(at: F.at(1)), options: JobOptions(timeout: .seconds(5))
        ) { _ in
            try await clock.sleep(until: F.at(100))
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        #expect(tracer.finishedSpans.isEmpty)
        #expect(tracer.activeSpans.count == 1)
        await fixture.driver.advance(to: F.at(6))
        let span = try #require(tracer.finishedSpans.first)
        #expect(span.attributes.get("hourglass.outcome") == .string("timed_out"))
        #expect(span.status?.code == .error)
        #expect(span.errors.isEmpty)
        await fixture.scheduler.shutdown()
    }

    @Test("a run's span is a root, even when the scheduler starts inside a span")
    func runSpanIsRoot() async throws {
        let tracer = InMemoryTracer()
        let fixture = Self.fixture(tracer)
        try await fixture.scheduler.add(id: "job", trigger: DateTrigger(at: F.at(1))) { _ in }
        try await tracer.withSpan("startup") { _ in try await fixture.scheduler.start() }
        await fixture.driver.advance(to: F.at(1))
        let run = try #require(Self.spans(tracer, named: "hourglass.run").first)
        let startup = try #require(Self.spans(tracer, named: "startup").first)
        #expect(run.parentSpanID == nil)
        #expect(run.traceID != startup.traceID)
        await fixture.scheduler.shutdown()
    }

    @Test("without a tracer a run gets no span context")
    func noTracer() async throws {
        // No test bootstraps InstrumentationSystem, so the global tracer is a NoOpTracer.
        let fixture = F()
        let contexts = EventRecorderBox<Bool>()
        try await fixture.scheduler.add(id: "plain", trigger: DateTrigger(at: F.at(1))) { context in
            contexts.append(context.serviceContext == nil && ServiceContext.current == nil)
        }
        try await fixture.scheduler.start()
        await fixture.driver.advance(to: F.at(1))
        #expect(contexts.values == [true])
        await fixture.scheduler.shutdown()
    }
}
