import Foundation
import Hourglass
import HourglassTesting
import Synchronization
import Testing
import HourglassTestSupport

@Suite("Wake-ups: a change wakes the loop when it moves the next run time earlier")
struct WakeUpTests {
    typealias F = SchedulerFixture

    // Regression: a job added after the loop had read its stores, but before it went to
    // sleep, sent no wake-up; the loop slept for the full maximum sleep and started the job late.
    @Test("a job added while the loop is between reading its stores and sleeping starts on time", .timeLimit(.minutes(1)))
    func addWhileAwake() async throws {
        let fixture = F()  // the loop looks again at least every second by itself
        let store = HeldWakeTimeStore()
        try await fixture.scheduler.addStore(store, named: "held")
        try await fixture.scheduler.start()
        await fixture.driver.settle()
        store.holdNextRead()
        fixture.clock.advance(to: F.at(1))  // the loop's own look, one maximum sleep later
        try await waitUntil("the loop reads the store's next wake time") { store.isHolding }
        try await fixture.scheduler.add(id: "soon", trigger: DateTrigger(at: F.at(1.5)), store: "held") { _ in }
        store.release()
        // No pass is forced (the driver would force one): only the loop's own sleep decides.
        fixture.clock.advance(to: F.at(1.5))
        try await waitUntil("the job runs at 1.5 s, before the loop's maximum sleep ends at 2 s") {
            fixture.finishedRuns("soon") == [F.at(1.5)]
        }
        await fixture.scheduler.shutdown()
    }

    @Test("a job added while the loop sleeps wakes it when it is due before the loop would look again")
    func addWhileAsleep() async throws {
        let fixture = F { $0.maxSleep = .seconds(60) }
        try await fixture.scheduler.start()
        await fixture.driver.settle()
        try await fixture.scheduler.add(id: "soon", trigger: DateTrigger(at: F.at(10))) { _ in }
        fixture.clock.advance(to: F.at(10))
        try await waitUntil("the job runs at 10 s, not at the loop's 60 s look") {
            fixture.finishedRuns("soon") == [F.at(10)]
        }
        await fixture.scheduler.shutdown()
    }
}

/// A memory store that can hold the loop inside `nextWakeTime`, after the answer was read,
/// so that a test changes jobs while the loop is between reading its stores and sleeping.
final class HeldWakeTimeStore: MemoryStoreWrapper {
    private struct Hold {
        var armed = false
        var held: CheckedContinuation<Void, Never>?
    }

    let base = MemoryJobStore()
    private let hold = Mutex(Hold())
    var isPersistent: Bool { false }

    /// Holds the next `nextWakeTime` call until ``release()``.
    func holdNextRead() { hold.withLock { $0.armed = true } }

    /// Whether a `nextWakeTime` call is being held.
    var isHolding: Bool { hold.withLock { $0.held != nil } }

    func release() {
        let held = hold.withLock { hold in
            defer { hold.held = nil }
            return hold.held
        }
        held?.resume()
    }

    func nextWakeTime() async -> Date? {
        let answer = base.nextWakeTime()
        await withCheckedContinuation { continuation in
            let holds = hold.withLock { hold -> Bool in
                guard hold.armed else { return false }
                hold.armed = false
                hold.held = continuation
                return true
            }
            if !holds { continuation.resume() }
        }
        return answer
    }
}
